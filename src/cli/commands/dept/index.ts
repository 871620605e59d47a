import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { newDeptAddCommand } from './add.js';
import { newDeptEditCommand } from './edit.js';
import { newDeptListCommand } from './list.js';
import { newDeptRemoveCommand } from './remove.js';

export function newDeptCommand(f: Factory): Command {
  const dept = new Command('dept').description('departments: add, list, edit (rename, default SLA), remove');
  for (const make of [newDeptAddCommand, newDeptListCommand, newDeptEditCommand, newDeptRemoveCommand]) dept.addCommand(make(f));
  return dept;
}
