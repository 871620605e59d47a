/**
 * The frame of every organisation use case: load the acting identity inside the transaction, check
 * that they may use the verb (admins for changes, any active agent for most lists), then run.
 */
import type { AgentActor } from '../core/model.js';
import type { Tx } from '../store/types.js';
import { loadActiveActor, requireAdmin, requireAgent } from './actor.js';
import type { DeskContext } from './context.js';

/** The outcome of an admin change: the record as it now is, notices for stderr, and whether anything changed. */
export interface AdminResult<T> {
  value: T;
  warnings: string[];
  changed: boolean;
}

/** Runs an admin change in one write transaction; non-admins get AccessDeniedError (exit 4) before anything else. */
export function asAdmin<T>(ctx: DeskContext, who: string, what: string, fn: (tx: Tx, admin: AgentActor) => Promise<T>): Promise<T> {
  return ctx.store.write(async (tx) => {
    const actor = await loadActiveActor(tx, who);
    requireAdmin(actor, what);
    return fn(tx, actor);
  });
}

/** Runs an admin-only read (e.g. the end-user directory). */
export function readAsAdmin<T>(ctx: DeskContext, who: string, what: string, fn: (tx: Tx, admin: AgentActor) => Promise<T>): Promise<T> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, who);
    requireAdmin(actor, what);
    return fn(tx, actor);
  });
}

/** Runs a read open to every active agent; end users get AccessDeniedError (exit 4). */
export function readAsAgent<T>(ctx: DeskContext, who: string, what: string, fn: (tx: Tx, agent: AgentActor) => Promise<T>): Promise<T> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, who);
    requireAgent(actor, what);
    return fn(tx, actor);
  });
}

/** Collects warnings and whether anything changed, for building an AdminResult. */
export class ChangeLog {
  readonly warnings: string[] = [];
  changed = false;
  warn(message: string): void {
    this.warnings.push(message);
  }
  done(): void {
    this.changed = true;
  }
  result<T>(value: T): AdminResult<T> {
    return { value, warnings: this.warnings, changed: this.changed };
  }
}
