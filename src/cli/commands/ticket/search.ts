import { Command } from 'commander';
import { parsePriority, parseQueue, parseStatus } from '../../../core/lifecycle.js';
import type { Priority, Queue, Status } from '../../../core/model.js';
import { deskTimezone } from '../../../desk/identity.js';
import { searchTickets } from '../../../desk/search.js';
import { globalsOf, useColor, withSession, type Factory, type Globals } from '../../factory.js';
import { searchLines, searchTsv } from '../../render/search.js';
import { makeStyle } from '../../render/style.js';
import { limitFrom, parseLimit, printJson } from '../shared.js';

export interface SearchOptions {
  words: string[];
  queue?: Queue;
  status?: Status[];
  dept?: string;
  assignee?: string;
  team?: string;
  sla?: string;
  priority?: Priority;
  user?: string;
  newest?: boolean;
  limit?: number;
  globals: Globals;
}

const collectStatus = (value: string, previous: Status[] = []) => [...previous, ...value.split(',').map(parseStatus)];

export function newSearchCommand(f: Factory, run = runSearch): Command {
  return new Command('search')
    .description('full-text search of subjects and threads, best matches first, in every queue')
    .argument('<query...>', 'words (all must match), "exact phrase", prefix*, a OR b, a NOT b or -b, (grouping)')
    .option('--queue <q>', 'only this queue: open, mine, unassigned, overdue, answered, closed or all (default all)', parseQueue)
    .option('--status <s>', 'only these statuses (repeat or comma-separate)', collectStatus)
    .option('--dept <d>', 'only this department')
    .option('--assignee <username>', 'only tickets assigned to this agent')
    .option('--team <team>', 'only tickets assigned to this team')
    .option('--sla <plan>', 'only tickets on this SLA plan')
    .option('--priority <p>', 'only this priority', parsePriority)
    .option('--user <email>', "only this end user's tickets")
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
  await withSession(f, g, async (desk, actor) => {
    const result = await searchTickets(desk, {
      ...o, actor, query: o.words.join(' '), statuses: o.status, order: o.newest ? 'newest' : 'relevance',
      limit: limitFrom(o.limit) === null ? 1000 : o.limit,
    });
    if (result.capped) {
      f.io.err(`helpdesk: note: more than ${result.ranked} tickets match; ranked the newest ${result.ranked}. Add words to narrow the search.\n`);
    }
    if (g.json) return printJson(f, result.hits);
    if (!f.io.stdoutIsTTY) return f.io.out(searchTsv(result.hits));
    if (result.hits.length === 0) return f.io.err('No tickets match.\n');
    const s = makeStyle(useColor(f, g));
    f.io.out(searchLines(s, result.hits, await deskTimezone(desk)));
    const more = result.ranked - result.hits.length;
    if (more > 0 && !result.capped) f.io.err(s.gray(`${more} more match; pass --limit ${result.ranked} to see them all.\n`));
  });
}
