import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { newLabCheckCommand } from './check.js';
import { newLabDemoCommand } from './demo.js';
import { newLabHintCommand } from './hint.js';
import { newLabListCommand } from './list.js';
import { newLabStartCommand } from './start.js';

export function newLabCommand(f: Factory): Command {
  const lab = new Command('lab').description('guided training scenarios from the osTicket lab walkthroughs');
  for (const make of [newLabListCommand, newLabStartCommand, newLabCheckCommand, newLabHintCommand, newLabDemoCommand]) {
    lab.addCommand(make(f));
  }
  return lab;
}
