/**
 * Working tickets together: links, parents, merges, time spent, collaborators (end users copied on a
 * ticket) and automatic assignment.
 */
import type { ReportFilter } from '../reports/types.js';

export type LinkType = 'relates' | 'duplicates' | 'blocks';

/** A link as one ticket sees it: `outgoing` when it was made from this ticket. */
export interface LinkRow { number: string; type: LinkType; outgoing: boolean }

/** One fact of a ticket for the export: its parent, what it was merged into, a link or a time entry. */
export type TogetherExportRow =
  | { ticket_id: number; what: 'parent' | 'merged_into'; number: string }
  | { ticket_id: number; what: 'link'; number: string; type: LinkType }
  | { ticket_id: number; what: 'time'; agent: string; minutes: number; at: string; thread_index: number | null };

export interface AutoAssignRow { rule: 'round-robin' | 'least-open' | null; team_id: number | null; team: string | null; last_id: number | null }

/** An agent automatic assignment may choose, with their open tickets. */
export interface CandidateRow { id: number; username: string; open_count: number }

export interface TogetherTx {
  linksOf(ticketId: number): Promise<LinkRow[]>;
  /** Adds or changes the link between two tickets (either direction counts as the same link). */
  setLink(fromId: number, toId: number, type: LinkType, at: string): Promise<void>;
  /** Removes the link in either direction; false when there was none. */
  removeLink(a: number, b: number): Promise<boolean>;
  linkBetween(a: number, b: number): Promise<{ type: LinkType } | null>;

  setParent(ticketId: number, parentId: number | null): Promise<void>;
  /** The ticket's ancestors' ids, nearest first (stops at a repeat, so a damaged chain cannot loop). */
  ancestorsOf(ticketId: number): Promise<number[]>;
  childrenOf(ticketId: number): Promise<Array<{ id: number; number: string; status: string }>>;
  numberOf(ticketId: number): Promise<string | null>;

  /** Moves thread entries, attachments, ingested mail, time and collaborators from one ticket to another. */
  moveWork(fromId: number, toId: number): Promise<void>;
  setMergedInto(ticketId: number, intoId: number): Promise<void>;

  insertTime(t: { ticketId: number; agentId: number; entryId: number | null; minutes: number; at: string }): Promise<void>;
  timeOf(ticketId: number): Promise<number>;
  /** Minutes per entry id of a ticket (entries that logged time). */
  timeByEntry(ticketId: number): Promise<Map<number, number>>;
  /** Minutes logged on the window's tickets, per group (by agent: the agent who logged them). */
  reportTime(filter: ReportFilter): Promise<Array<{ key: string | null; minutes: number }>>;

  /** The collaborators' user ids, by id. */
  collaboratorsOf(ticketId: number): Promise<number[]>;
  addCollaborator(ticketId: number, userId: number): Promise<void>;
  collaborators(ticketId: number): Promise<Array<{ id: number; name: string; email: string }>>;
  removeCollaborator(ticketId: number, userId: number): Promise<boolean>;


  /** For export: per ticket of the page, its parent, merge, outgoing links and time, ordered by ticket id. */
  exportExtras(ticketIds: readonly number[]): Promise<TogetherExportRow[]>;

  autoAssignOf(deptId: number): Promise<AutoAssignRow>;
  setAutoAssign(deptId: number, rule: AutoAssignRow['rule'], teamId: number | null): Promise<void>;
  setAutoAssignLast(deptId: number, agentId: number): Promise<void>;
  /** Active agents of the department (or members of the team), by id, with their open tickets. */
  assignCandidates(deptId: number, teamId: number | null): Promise<CandidateRow[]>;
}
