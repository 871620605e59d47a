import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { newRoleListCommand } from './list.js';

export function newRoleCommand(f: Factory): Command {
  const role = new Command('role').description('roles and their permissions');
  role.addCommand(newRoleListCommand(f));
  return role;
}
