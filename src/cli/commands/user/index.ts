import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { newUserAddCommand } from './add.js';
import { newUserEditCommand } from './edit.js';
import { newUserListCommand } from './list.js';

export function newUserCommand(f: Factory): Command {
  const user = new Command('user').description('end users: add, list, edit');
  for (const make of [newUserAddCommand, newUserListCommand, newUserEditCommand]) user.addCommand(make(f));
  return user;
}
