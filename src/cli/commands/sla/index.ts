import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { newSlaAddCommand } from './add.js';
import { newSlaCheckCommand } from './check.js';
import { newSlaEditCommand } from './edit.js';
import { newSlaSimulateCommand } from './simulate.js';
import { newSlaListCommand } from './list.js';
import { newSlaStatusCommand } from './status.js';

export function newSlaNounCommand(f: Factory): Command {
  const sla = new Command('sla').description('SLA plans, the clocks of open tickets, and the breach check for cron');
  for (const make of [newSlaAddCommand, newSlaEditCommand, newSlaListCommand, newSlaStatusCommand, newSlaCheckCommand, newSlaSimulateCommand]) sla.addCommand(make(f));
  return sla;
}
