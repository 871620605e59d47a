/**
 * cli-table3, loaded only when a table is really drawn (on a terminal): piped output and --json never
 * pay for it (with its dependencies it is a fifth of the code a command would otherwise load).
 */
import { requireOnDemand } from '../on-demand.js';
import type Table from 'cli-table3';

type TableClass = typeof Table;
let TableCtor: TableClass | undefined;

/** A new cli-table3 table (the same options as `new Table(…)`). */
export function newTable(options?: Table.TableConstructorOptions): Table.Table {
  // A runtime require keeps the bundler from inlining it into the start-up path.
  TableCtor ??= requireOnDemand('cli-table3') as TableClass;
  return new TableCtor(options);
}
