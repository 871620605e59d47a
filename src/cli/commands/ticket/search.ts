import { Command } from 'commander';
import { deskTimezone } from '../../../desk/api/identity.js';
import { ticketSearch } from '../../../desk/api/search.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { searchLines, searchTsv } from '../../render/search.js';
import { makeStyle } from '../../render/style.js';
import { addTicketFilterOptions, limitFrom, parseLimit, printJson, type TicketFilterOptions } from '../shared.js';

export interface SearchOptions extends TicketFilterOptions {
  words: string[];
  newest?: boolean;
  limit?: number;
  globals: Globals;
}


export function newSearchCommand(f: Factory, run = runSearch): Command {
  return addTicketFilterOptions(new Command('search')
    .description('full-text search of subjects and threads, best matches first, in every queue'), 'only this queue: open, mine, unassigned, overdue, answered, closed or all (default all)')
    .argument('<query...>', 'words (all must match), "exact phrase", prefix*, a OR b, a NOT b or -b, (grouping)')
    .option('--newest', 'newest first instead of best match first')
    .option('--limit <n>', 'at most n results (default 20)', parseLimit)
    .addHelpText('after', `
Examples:
  helpdesk ticket search printer error          both words, anywhere in the subject or thread
  helpdesk ticket search '"paper jam"'          the exact phrase
  helpdesk ticket search 'print* -laser'        a prefix, leaving out tickets that mention laser
  helpdesk ticket search 'vpn OR "remote access"' --status resolved`)
    .action((words: string[], o: Omit<SearchOptions, 'globals' | 'words'>, cmd: Command) =>
      run(f, { ...o, words, globals: globalsOf(cmd) }));
}

export async function runSearch(f: Factory, o: SearchOptions): Promise<void> {
  const g = o.globals;
  await withDesk(f, g, async (desk) => {
    const result = await desk.run(ticketSearch, {
      ...o, query: o.words.join(' '), order: o.newest ? 'newest' : 'relevance',
      limit: limitFrom(o.limit) === null ? 1000 : o.limit,
    });
    if (result.capped) {
      f.io.err(`helpdesk: note: more than ${result.ranked} tickets match; ranked the newest ${result.ranked}. Add words to narrow the search.\n`);
    }
    if (g.json) return printJson(f, result.hits);
    if (!f.io.stdoutIsTTY) return f.io.out(searchTsv(result.hits));
    if (result.hits.length === 0) return f.io.err('No tickets match.\n');
    const s = makeStyle(useColor(f, g));
    f.io.out(searchLines(s, result.hits, await desk.run(deskTimezone, {})));
    const more = result.ranked - result.hits.length;
    if (more > 0 && !result.capped) f.io.err(s.gray(`${more} more match; pass --limit ${result.ranked} to see them all.\n`));
  });
}
