/**
 * The one seam between a verb and the desk. A verb runs use cases (src/desk/api) on a
 * DeskSession: locally on the SQLite file as always, or — when a server is configured — over HTTP,
 * with the same results and the same errors, so stdout, stderr and exit codes do not change.
 *
 * Where the desk is: an explicit --db or HELPDESK_DB is local; else HELPDESK_URL (+ HELPDESK_TOKEN);
 * else a saved server login (`helpdesk login --server`); else the local default database. The remote
 * client is loaded only when a server is used, so local commands pay nothing for it.
 */
import { UsageError } from '../core/errors.js';
import type { UseCase } from '../desk/api/declare.js';
import type { NewFile } from '../desk/tickets/work-extras.js';
import type { DeskContext } from '../desk/context.js';
import { identityOf, withSession, type Factory, type Globals } from './factory.js';
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
 * Files given with --attach, read for the local desk. A server does not take attachments from the
 * remote command line yet (they are not JSON): refused there rather than silently left out.
 */
export async function localFiles(f: Pick<Factory, 'io'>, desk: DeskSession, paths: readonly string[] | undefined): Promise<NewFile[] | undefined> {
  if (!paths?.length) return undefined;
  if (desk.local === null) throw new UsageError('--attach does not work on a server yet', 'attach files on the server\'s machine (--db <path>), or by mail');
  const { readAttachments } = await import('./commands/attach.js');
  return readAttachments(f, desk.local, paths);
}

/** Who acts, when the desk is local (remotely the server decides: undefined). */
export function localActor(f: Pick<Factory, 'env'>, g: Globals, desk: DeskSession): string | undefined {
  return desk.local ? identityOf(f, g, desk.local.store.path) : undefined;
}
