/**
 * Declared use cases: the desk's periodic jobs, `sla check` and `automate run`, started from a remote
 * command line (how a declaration reads: declare.ts). On a local file they need no identity
 * (cron runs them as the machine); on a server the token is the only trust, so they are for admins.
 */
import type { DeskContext } from '../context.js';
import { loadActiveActor, requireAdmin } from '../actor.js';
import { automateRun, type AutomateResult } from '../automate.js';
import { slaCheck as checkSla, type SlaCheckResult } from '../sla/check.js';
import { flag, obj, type UseCase } from './declare.js';

async function asAdmin(ctx: DeskContext, who: string, what: string): Promise<void> {
  await ctx.store.read(async (tx) => requireAdmin(await loadActiveActor(tx, who), what));
}

export const slaCheck: UseCase<object, SlaCheckResult> = {
  name: 'sla.check', summary: 'record new SLA breaches and queue their alerts (admins)', permission: 'admin', input: obj({}),
  http: { method: 'POST', path: '/api/v1/sla/check' }, output: 'SlaCheck',
  run: async (ctx, actor) => {
    await asAdmin(ctx, actor, 'run the SLA check');
    return checkSla(ctx);
  },
};

export const automate: UseCase<{ dryRun?: boolean }, AutomateResult> = {
  name: 'automate.run', summary: 'the SLA check, auto-close, reminders and warnings (admins)', permission: 'admin',
  input: obj({ dryRun: flag('say what would change, change nothing') }),
  http: { method: 'POST', path: '/api/v1/automate' }, output: 'AutomateResult',
  run: async (ctx, actor, i) => {
    await asAdmin(ctx, actor, 'run the automations');
    return automateRun(ctx, { dryRun: i.dryRun });
  },
};
