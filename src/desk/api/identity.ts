/**
 * Declared use cases: who is acting, and the desk's time zone (how a declaration reads: declare.ts). */
import { deskTimezone as timezoneOf, whoIs } from '../auth/identity.js';
import type { WhoAmI } from '../auth/identity.js';
import { obj, type UseCase } from './declare.js';

export const whoami: UseCase<object, WhoAmI> = {
  name: 'whoami', summary: 'who the token acts for', permission: 'any', input: obj({}),
  http: { method: 'GET', path: '/api/v1/whoami' }, output: 'WhoAmI',
  run: (ctx, actor) => whoIs(ctx, actor),
};

export const deskTimezone: UseCase<object, string> = {
  name: 'desk.timezone', summary: "the help desk's time zone (for human output)", permission: 'any', input: obj({}),
  run: (ctx) => timezoneOf(ctx),
};
