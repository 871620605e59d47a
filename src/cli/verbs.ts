/**
 * A noun's verbs, loaded only when used: `helpdesk ticket create` builds (and, bundled, contains)
 * the create command alone, not the twelve other ticket verbs with their options (cold
 * start). Help, a verb that does not exist, and completion get every verb.
 */
import type { Command } from 'commander';
import type { Factory } from './factory.js';
import type { VerbEntry } from './manifest.js';
import { nounOf, verbOf } from './noun-of.js';

/** A noun's verbs, as declared in manifest.ts: their names, modules and loaders, in the order help lists them. */
export type Verbs = readonly VerbEntry[];

/** Adds to `noun` the verb the command line names, or every verb when it names none of them. */
export async function addVerbs(noun: Command, f: Factory, verbs: Verbs, argv: readonly string[]): Promise<Command> {
  const verb = nounOf(argv) === noun.name() ? verbOf(argv) : undefined;
  const named = verbs.filter(({ names }) => verb !== undefined && names.includes(verb));
  for (const make of await Promise.all((named.length ? named : verbs).map((entry) => entry.load()))) noun.addCommand(make(f));
  return noun;
}
