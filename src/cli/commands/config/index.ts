import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { newConfigGetCommand } from './get.js';
import { newConfigListCommand } from './list.js';
import { newConfigSetCommand } from './set.js';
import { newConfigUnsetCommand } from './unset.js';

export function newConfigCommand(f: Factory): Command {
  const config = new Command('config').description('help desk settings: mail.from, mail.smtp, mail.autoresponse, timezone …');
  for (const make of [newConfigSetCommand, newConfigGetCommand, newConfigListCommand, newConfigUnsetCommand]) config.addCommand(make(f));
  return config;
}
