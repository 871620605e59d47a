import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { newCannedAddCommand } from './add.js';
import { newCannedListCommand } from './list.js';
import { newCannedRemoveCommand } from './remove.js';
import { newCannedShowCommand } from './show.js';

export function newCannedCommand(f: Factory): Command {
  const canned = new Command('canned').description('canned responses: shared answers with %{variables}, used by ticket reply --canned');
  for (const make of [newCannedAddCommand, newCannedListCommand, newCannedShowCommand, newCannedRemoveCommand]) canned.addCommand(make(f));
  return canned;
}
