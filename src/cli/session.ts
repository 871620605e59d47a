/**
 * The one seam between a verb and the desk. A verb runs use cases (src/desk/api) on a
 * DeskSession: locally on the SQLite file as always, or — when a server is configured — over HTTP,
 * with the same results and the same errors, so stdout, stderr and exit codes do not change.
 *
 * Where the desk is: an explicit --db or HELPDESK_DB is local; else HELPDESK_URL (+ HELPDESK_TOKEN);
 * else a saved server login (`helpdesk login --server`); else the local default database. The remote
 * client is loaded only when a server is used, so local commands pay nothing for it.
 */
import type { UseCase } from '../desk/api/declare.js';
import type { NewFile } from '../desk/tickets/work-extras.js';
import type { DeskContext } from '../desk/context.js';
import { identityOf, openDesk, withSession, type Factory, type Globals } from './factory.js';
import { serverTarget } from './server-login.js';

export interface DeskSession {
  /** "Now" as this command sees it (for relative times in human output). */
  now: Date;
  /** The local desk, or null when the desk is a server. */
  local: DeskContext | null;
  run<I extends object, O>(useCase: UseCase<I, O>, input: I): Promise<O>;
}

/** Runs fn on the desk this command works on (see above); a local database is closed afterwards. */
export async function withDesk<T>(f: Pick<Factory, 'env' | 'now'>, g: Globals, fn: (d: DeskSession) => Promise<T>): Promise<T> {
  const target = serverTarget(f.env, g);
  if (target !== null) {
    const { remoteSession } = await import('../remote/client.js');
    return fn(remoteSession(f, g, target));
  }
  return withSession(f, g, (desk, actor) => fn({ now: desk.now, local: desk, run: (uc, input) => uc.run(desk, actor, input) }));
}

/**
 * Files given with --attach, checked against the desk's attachment limit before a byte is read (the
 * server's limit, remotely) and then read whole; remotely they travel as base64 in the request.
 */
export async function localFiles(f: Pick<Factory, 'io'>, desk: DeskSession, paths: readonly string[] | undefined): Promise<NewFile[] | undefined> {
  if (!paths?.length) return undefined;
  const { readAttachments } = await import('./commands/attach.js');
  return readAttachments(f, await limitsOf(desk, 'attachment_limit'), paths);
}

/** One of the desk's size limits: read from the local file, or asked of the server. */
export async function limitsOf(desk: DeskSession, which: 'max_body' | 'attachment_limit'): Promise<number> {
  const { deskLimits } = await import('../desk/api/limits.js');
  return (await desk.run(deskLimits, {}))[which];
}

/**
 * A periodic job (`sla check`, `automate run`): on a local file it needs no identity (cron runs it as
 * the machine: `local`); on a server it is the declared use case, which only an admin's token may run.
 */
export async function runJob<I extends object, O>(
  f: Pick<Factory, 'env' | 'now' | 'io'>, g: Globals, uc: UseCase<I, O>, input: I, local: (desk: DeskContext) => Promise<O>,
): Promise<O> {
  const target = serverTarget(f.env, g);
  if (target !== null) {
    const { remoteSession } = await import('../remote/client.js');
    return remoteSession(f, g, target).run(uc, input);
  }
  const desk = await openDesk(f, g);
  try {
    return await local(desk);
  } finally {
    desk.store.close();
  }
}

/**
 * Who acts, for wording only (an end user is not told the SLA clock). Remotely the server decides:
 * the --as an admin's token asked for, else the token's agent (undefined: tokens belong to agents).
 */
export function localActor(f: Pick<Factory, 'env'>, g: Globals, desk: DeskSession): string | undefined {
  return desk.local ? identityOf(f, g, desk.local.store.path) : g.as ?? (f.env.HELPDESK_AS || undefined);
}
