/**
 * Declared use cases: custom statuses (how a declaration reads: declare.ts). The list is
 * every agent's; adding and removing are for admins (the desk refuses others, exit 4 / HTTP 403).
 */
import { addStatus, listStatuses, removeStatus, type StatusObject } from '../statuses.js';
import { flag, obj, str, type UseCase } from './declare.js';

export const statusList: UseCase<object, StatusObject[]> = {
  name: 'status.list', summary: 'the built-in and custom statuses', permission: 'agent', input: obj({}),
  http: { method: 'GET', path: '/api/v1/statuses' }, output: 'List',
  run: (ctx, actor) => listStatuses(ctx, actor),
};

export const statusAdd: UseCase<{ name: string; state?: string; pause?: boolean }, StatusObject> = {
  name: 'status.add', summary: 'add a custom status (admins)', permission: 'admin',
  // The desk checks the name and the state, so a server answers exactly what the command line says.
  input: obj({ name: str('its name, e.g. On Hold (key: on-hold)', 1000), state: str('open or closed: which built-in rules it follows'), pause: flag('the resolution clock stands still while a ticket is in it') }, ['name']),
  http: { method: 'POST', path: '/api/v1/statuses', created: true }, output: 'Status',
  run: (ctx, actor, i) => addStatus(ctx, { who: actor, name: i.name, state: i.state, pause: i.pause }),
};

export const statusRemove: UseCase<{ name: string }, StatusObject> = {
  name: 'status.remove', summary: 'remove a custom status no ticket is in (admins)', permission: 'admin',
  input: obj({ name: str('its name or key', 1000) }, ['name']),
  run: (ctx, actor, i) => removeStatus(ctx, actor, i.name),
};
