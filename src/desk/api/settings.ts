/**
 * Declared use cases: the desk's settings (`config`) (how a declaration reads: declare.ts). Changing settings is for admins;
 * the desk refuses others as it does locally.
 */
import { getConfig, listConfig, setConfig, unsetConfig, type ConfigEntry } from '../config.js';
import { obj, str, text, type UseCase } from './declare.js';

const KEY = str('setting, e.g. mail.from', 100);

export const configList: UseCase<object, ConfigEntry[]> = {
  name: 'config.list', summary: 'every setting with its value (agents)', permission: 'agent', input: obj({}),
  http: { method: 'GET', path: '/api/v1/config' }, output: 'List',
  run: (ctx, actor) => listConfig(ctx, actor),
};

export const configGet: UseCase<{ key: string }, ConfigEntry> = {
  name: 'config.get', summary: 'one setting (agents)', permission: 'agent', input: obj({ key: KEY }, ['key']),
  http: { method: 'GET', path: '/api/v1/config/{key}' }, output: 'ConfigEntry',
  run: (ctx, actor, i) => getConfig(ctx, actor, i.key),
};

export const configSet: UseCase<{ key: string; value: string }, ConfigEntry> = {
  name: 'config.set', summary: 'change a setting (admins)', permission: 'admin', input: obj({ key: KEY, value: text('the new value') }, ['key', 'value']),
  http: { method: 'POST', path: '/api/v1/config/{key}' }, output: 'ConfigEntry',
  run: (ctx, actor, i) => setConfig(ctx, actor, i.key, i.value),
};

export const configUnset: UseCase<{ key: string }, ConfigEntry> = {
  name: 'config.unset', summary: 'a setting back to its default (admins)', permission: 'admin', input: obj({ key: KEY }, ['key']),
  run: (ctx, actor, i) => unsetConfig(ctx, actor, i.key),
};
