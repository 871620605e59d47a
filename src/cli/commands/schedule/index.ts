import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { newScheduleAddCommand } from './add.js';
import { newScheduleEditCommand, newScheduleRemoveCommand } from './edit.js';
import { newHolidayCommand } from './holiday.js';
import { newScheduleListCommand } from './list.js';

export function newScheduleCommand(f: Factory): Command {
  const schedule = new Command('schedule').description('business-hours schedules that SLA plans count time on');
  for (const make of [newScheduleAddCommand, newScheduleListCommand, newScheduleEditCommand, newScheduleRemoveCommand, newHolidayCommand]) schedule.addCommand(make(f));
  return schedule;
}
