import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { newAgentAccessCommand } from './access.js';
import { newAgentActivateCommand } from './activate.js';
import { newAgentAddCommand } from './add.js';
import { newAgentDeactivateCommand } from './deactivate.js';
import { newAgentEditCommand } from './edit.js';
import { newAgentListCommand } from './list.js';
import { newAgentPasswdCommand } from './passwd.js';

export function newAgentCommand(f: Factory): Command {
  const agent = new Command('agent').description('agents: add, list, department access, edit, deactivate');
  for (const make of [
    newAgentAddCommand, newAgentListCommand, newAgentAccessCommand, newAgentEditCommand,
    newAgentDeactivateCommand, newAgentActivateCommand, newAgentPasswdCommand,
  ]) {
    agent.addCommand(make(f));
  }
  return agent;
}
