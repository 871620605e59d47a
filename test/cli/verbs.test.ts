/**
 * A noun builds only the verb its command line names (cold start); help, unknown verbs and
 * other nouns' command lines get every verb.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { Factory } from '../../src/cli/factory.js';
import { nounOf, verbOf } from '../../src/cli/noun-of.js';
import { TICKET_VERBS } from '../../src/cli/manifest.js';
import { addVerbs, type Verbs } from '../../src/cli/verbs.js';

const f = {} as Factory;
const loaded: string[] = [];
const verbs: Verbs = ['create', 'list', 'show'].map((name) => ({ names: [name, `${name[0]}`], module: `./${name}.js`, load: async () => {
  loaded.push(name);
  return () => new Command(name);
} }));

async function built(argv: string[]): Promise<{ commands: string[]; loaded: string[] }> {
  loaded.length = 0;
  const noun = await addVerbs(new Command('ticket'), f, verbs, argv);
  return { commands: noun.commands.map((c) => c.name()), loaded: [...loaded].sort() };
}

describe('addVerbs', () => {
  it('loads and adds only the verb named, by any of its names, wherever the global options are', async () => {
    expect(await built(['ticket', 'create', '--subject', 'x'])).toEqual({ commands: ['create'], loaded: ['create'] });
    expect(await built(['--as', 'john', 'ticket', 'l'])).toEqual({ commands: ['list'], loaded: ['list'] });
    expect(await built(['--db', 'ticket', 'ticket', '--json', 'show', '1'])).toEqual({ commands: ['show'], loaded: ['show'] });
  });

  it('adds every verb, in order, for help, a verb that does not exist, or another noun', async () => {
    const all = { commands: ['create', 'list', 'show'], loaded: ['create', 'list', 'show'] };
    expect(await built(['ticket'])).toEqual(all);
    expect(await built(['ticket', '--help'])).toEqual(all);
    expect(await built(['ticket', 'crate'])).toEqual(all);
    expect(await built(['help', 'ticket'])).toEqual(all);
    expect(await built(['__complete', 'ticket', 'create'])).toEqual(all);
  });
});

describe('nounOf and verbOf', () => {
  it('skip the global options and their values', () => {
    expect([nounOf(['--db', 'x.db', '--json', 'ticket', 'create']), verbOf(['--db', 'x.db', '--json', 'ticket', 'create'])]).toEqual(['ticket', 'create']);
    expect([nounOf(['--as', 'ticket', 'agent', 'list']), verbOf(['--as', 'ticket', 'agent', 'list'])]).toEqual(['agent', 'list']);
    expect([nounOf(['--', 'ticket']), verbOf(['--', 'ticket'])]).toEqual(['ticket', undefined]);
    expect([nounOf([]), verbOf(['ticket'])]).toEqual([undefined, undefined]);
  });
});

describe('the ticket verbs', () => {
  it('each load a command of their own name', async () => {
    for (const { names, load } of TICKET_VERBS) expect((await load())(f).name()).toBe(names[0]);
  });
});
