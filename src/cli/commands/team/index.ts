import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { newTeamAddCommand } from './add.js';
import { newTeamJoinCommand } from './join.js';
import { newTeamLeaveCommand } from './leave.js';
import { newTeamListCommand } from './list.js';

export function newTeamCommand(f: Factory): Command {
  const team = new Command('team').description('teams: add, join, leave, list');
  for (const make of [newTeamAddCommand, newTeamJoinCommand, newTeamLeaveCommand, newTeamListCommand]) team.addCommand(make(f));
  return team;
}
