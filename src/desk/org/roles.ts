/**
 * Roles (`role list`).
 */
import { readAsAgent } from '../admin.js';
import type { DeskContext } from '../context.js';
import { toRoleObject, type RoleObject } from './view.js';

/** The roles and their permissions. Open to every agent. */
export function listRoles(ctx: DeskContext, who: string): Promise<RoleObject[]> {
  return readAsAgent(ctx, who, 'list roles', async (tx) => (await tx.org.roles()).map(toRoleObject));
}
