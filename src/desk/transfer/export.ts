/**
 * `helpdesk export`: the organisation, the end users and every ticket (with thread and events) that
 * matches the filters, handed to a sink one record at a time from one read snapshot, a page of
 * tickets at a time — so memory stays flat however large the help desk is. After the tickets come
 * their attachments and mail (see mail.ts), one record each. Admins only.
 */
import { togetherByTicket } from './together.js';
import { visibilityScope } from '../../core/access.js';
import type { ExportFilter, Tx } from '../../store/types.js';
import { loadActiveActor, requireAdmin } from '../actor.js';
import { iso, type DeskContext } from '../context.js';
import { filterIds, type NamedTicketFilter } from '../lookup.js';
import { exportMail, type MailCounts, type MailSink } from './mail.js';
import { ORG_SECTIONS, type UserRecord } from './sections.js';
import { dumpSettings } from './settings.js';
import { toTicketRecord, type RatingRecord, type TicketRecord } from './tickets.js';
import { exportDeliveries, type DeliveryRecord } from './webhook-section.js';

export const EXPORT_FORMAT = 'helpdesk-export';
/**
 * 2: tickets carry `collaborators`; the organisation has `canned_responses` and
 * `mail_templates`; `attachments`, `mail_outbox` and `mail_inbound` follow the tickets. Version 1
 * files are still read (they simply have none of these); a helpdesk that knows only version 1
 * refuses version 2 files instead of importing them without their mail.
 * 3: tickets carry their satisfaction `ratings`; the organisation has `webhooks` (without their
 * secrets); `webhook_deliveries` (the pending ones) follow the mail. Versions 1 and 2 are still read.
 */
export const EXPORT_VERSION = 3;
const PAGE = 500;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: number;
  exported_at: string;
  /** The filters the tickets were chosen by; null for every ticket. */
  filters: Record<string, string | string[]> | null;
}

/**
 * Where exported records go, in this order: header, organisation, users, tickets, attachments,
 * outbox messages, ingested messages, end.
 */
export interface ExportSink extends MailSink {
  /** False when the sink only wants tickets (CSV): the organisation and users are then skipped. */
  readonly wantsOrganisation: boolean;
  /** False when the sink wants no thread (CSV): events, collaborators, attachments and mail are then skipped too. */
  readonly wantsThread: boolean;
  begin(header: ExportHeader): Promise<void>;
  organisation(org: Record<string, unknown>): Promise<void>;
  user(u: UserRecord): Promise<void>;
  ticket(t: TicketRecord): Promise<void>;
  webhookDelivery(d: DeliveryRecord): Promise<void>;
  end(): Promise<void>;
}

export interface ExportInput extends NamedTicketFilter {
  actor: string;
  /** Created at or after (ISO). */
  since?: string;
  /** Created before (ISO). */
  until?: string;
  /** Told how many tickets are exported in all, then after each one. */
  progress?: (done: number, total: number) => void;
}

export interface ExportCounts extends MailCounts { tickets: number; users: number; webhook_deliveries: number }

export async function exportData(ctx: DeskContext, input: ExportInput, sink: ExportSink): Promise<ExportCounts> {
  return ctx.store.read(async (tx) => {
    const actor = await loadActiveActor(tx, input.actor);
    requireAdmin(actor, 'export the help desk');
    const filter: ExportFilter = {
      scope: visibilityScope(actor), queue: input.queue ?? 'all', meAgentId: actor.id,
      ...(await filterIds(tx, input, actor)),
      priority: input.priority,
      createdFrom: input.since, createdBefore: input.until,
      sort: 'created', limit: null, now: iso(ctx.now),
    };
    await sink.begin({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exported_at: iso(ctx.now), filters: describeFilters(input) });
    let users = 0;
    if (sink.wantsOrganisation) {
      const org: Record<string, unknown> = { settings: await dumpSettings(tx) };
      for (const section of ORG_SECTIONS) org[section.key] = await section.dump(tx);
      await sink.organisation(org);
      users = await exportUsers(tx, sink);
    }
    const tickets = await exportTickets(tx, filter, sink, ctx.now, input.progress);
    const mail = sink.wantsThread ? await exportMail(tx, filter, sink) : { attachments: 0, mail_outbox: 0, mail_inbound: 0 };
    const deliveries = sink.wantsThread ? await exportDeliveries(tx, filter, (d) => sink.webhookDelivery(d)) : 0;
    await sink.end();
    return { tickets, users, ...mail, webhook_deliveries: deliveries };
  });
}

async function exportUsers(tx: Tx, sink: ExportSink): Promise<number> {
  let n = 0;
  for (let after = 0; ;) {
    const page = await tx.org.usersPage(after, PAGE);
    if (page.length === 0) return n;
    for (const u of page) await sink.user({ email: u.email, name: u.name, created_at: u.created_at });
    n += page.length;
    after = page[page.length - 1]!.id;
  }
}

/** Tickets a page at a time; a page's entries and events come ordered by ticket, so they are split off in step. */
async function exportTickets(tx: Tx, filter: ExportFilter, sink: ExportSink, now: Date, progress: ExportInput['progress']): Promise<number> {
  const total = await tx.transfer.countExport(filter);
  let done = 0;
  progress?.(0, total);
  for (let after = 0; ;) {
    const page = await tx.transfer.exportPage(filter, after, PAGE, sink.wantsThread);
    if (page.tickets.length === 0) return done;
    const cc = sink.wantsThread ? await tx.transfer.exportCollaborators(page.tickets.map((t) => t.id)) : [];
    const together = togetherByTicket(sink.wantsThread ? await tx.together.exportExtras(page.tickets.map((t) => t.id)) : []);
    const rated = sink.wantsThread ? await tx.transfer.exportRatings(page.tickets.map((t) => t.id)) : [];
    let r = 0;
    let e = 0;
    let v = 0;
    let c = 0;
    for (const row of page.tickets) {
      const entries = [];
      while (e < page.entries.length && page.entries[e]!.ticket_id === row.id) entries.push(page.entries[e++]!);
      const events = [];
      while (v < page.events.length && page.events[v]!.ticket_id === row.id) events.push(page.events[v++]!);
      const collaborators = [];
      while (c < cc.length && cc[c]!.ticket_id === row.id) collaborators.push(cc[c++]!.email);
      const ratings: RatingRecord[] = [];
      for (; r < rated.length && rated[r]!.ticket_id === row.id; r++) {
        const x = rated[r]!;
        ratings.push({ resolution: x.resolution, rating: x.rating, comment: x.comment, user: x.email, created_at: x.created_at });
      }
      await sink.ticket(toTicketRecord(row, entries, events, now, collaborators, together.get(row.id), ratings));
      done++; // not inside progress?.(…): without a progress callback it would never be counted
      progress?.(done, total);
    }
    after = page.tickets[page.tickets.length - 1]!.id;
  }
}

function describeFilters(input: ExportInput): ExportHeader['filters'] {
  const entries = Object.entries({
    queue: input.queue, status: input.statuses, dept: input.dept, assignee: input.assignee, team: input.team,
    sla: input.sla, priority: input.priority, user: input.user, since: input.since, until: input.until,
  }).filter(([, v]) => v !== undefined);
  return entries.length ? Object.fromEntries(entries) as Record<string, string | string[]> : null;
}
