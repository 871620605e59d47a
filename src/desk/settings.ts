/**
 * Plain settings records (key → text) that belong to the system rather than to a person: the lab's
 * bookkeeping, the help desk's time zone. Admin-facing `config` commands validate before they write.
 */
import type { DeskContext } from './context.js';

export async function readSettings(ctx: DeskContext, keys: readonly string[]): Promise<Record<string, string | null>> {
  return ctx.store.read(async (tx) => {
    const out: Record<string, string | null> = {};
    for (const key of keys) out[key] = await tx.settings.getSetting(key);
    return out;
  });
}

export async function writeSettings(ctx: DeskContext, values: Record<string, string>): Promise<void> {
  await ctx.store.write(async (tx) => {
    for (const [key, value] of Object.entries(values)) await tx.settings.setSetting(key, value);
  });
}
