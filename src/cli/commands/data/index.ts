import type { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { newBackupCommand } from './backup.js';
import { newCompleteCommand, newCompletionCommand } from './completion.js';
import { newDoctorCommand } from './doctor.js';
import { newExportCommand } from './export.js';
import { newImportCommand } from './import.js';
import { newRestoreCommand } from './restore.js';

/** Data safety and convenience (issue 7): export, import, backup, restore, doctor, completion. */
export function addDataCommands(program: Command, f: Factory): void {
  for (const make of [newExportCommand, newImportCommand, newBackupCommand, newRestoreCommand, newDoctorCommand, newCompletionCommand]) {
    program.addCommand(make(f));
  }
  program.addCommand(newCompleteCommand(f, () => program), { hidden: true });
}
