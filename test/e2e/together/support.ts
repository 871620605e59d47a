/**
 * What the "working tickets together" tests share: a frozen start time and a runner over the current
 * sandbox (each test file makes a fresh one) that fails loudly, with helpdesk's stderr, when a
 * command that should work does not.
 */
import type { Sandbox } from '../../helpers/cli.js';

export const T0 = '2026-03-02T09:00:00Z';
export const at = (iso: string) => ({ env: { HELPDESK_NOW: iso } });

export function runner(sandbox: () => Sandbox) {
  const ok = (args: string[], iso = T0): string => {
    const r = sandbox().hd(args, at(iso));
    if (r.code !== 0) throw new Error(`helpdesk ${args.join(' ')} → ${r.code}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const show = (n: string, who = 'admin') => sandbox().json(['--as', who, 'ticket', 'show', n]);
  return { ok, show };
}
