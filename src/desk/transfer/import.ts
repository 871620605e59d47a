/**
 * `helpdesk import <file>` of a helpdesk export. Two passes over the file: the first checks every
 * record (shape, vocabulary, times, references, duplicate and existing ticket numbers) without
 * writing; the second writes everything in ONE transaction — so a bad file changes nothing, and a
 * good one lands whole. Organisation records merge by name. Into a database that has no
 * organisation yet, the file's organisation (and settings) are taken as they are. Attachments and
 * mail (mail.ts) follow the tickets they belong to; a Message-ID already recorded here is a
 * conflict, like a ticket number.
 */
import { loadTogether, type TogetherRecord } from './together.js';
import { AccessDeniedError, ConflictError, named, says, UsageError } from '../../core/errors.js';
import { BadRecordError } from '../../core/records.js';
import type { Tx } from '../../store/types.js';
import { loadActiveActor, requireAdmin } from '../actor.js';
import { iso, type DeskContext } from '../context.js';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export.js';
import { checkMailRecord, isMailList, loadMailRecord } from './mail.js';
import { ORG_SECTIONS, USERS, type AgentRecord, type SectionKey } from './sections.js';
import { loadSettings, parseSettings, settingRefs } from './settings.js';
import type { BulkTicket } from '../../store/types.js';
import { idMaps, parseTicketRecord, ticketRefs, toBulkTicket, type TicketRecord } from './tickets.js';
import { formatSize } from '../../core/mailbox.js';
import { maxBody } from '../limits.js';
import { checkDelivery, DELIVERIES, loadDelivery } from './webhook-section.js';
import type { RatingRecord } from './tickets.js';

/** One top-level value of the file, or one element of its streamed `users`/`tickets` lists. */
export interface ImportItem { key: string; index: number | null; value: unknown; line: number }

export interface ImportInput {
  /** The acting admin; null to bootstrap a database that has no organisation yet. */
  actor: string | null;
  /** When bootstrapping: who will log in; must be an admin agent in the file. */
  bootstrapAs?: string;
  /** Only check the file and say what would be imported. */
  checkOnly?: boolean;
  /** Reads the file from the start; called once per pass. */
  read: () => AsyncIterable<ImportItem>;
  progress?: (phase: 'check' | 'import', item: ImportItem) => void;
}

export interface ImportSummary {
  tickets: number;
  users: { created: number; existing: number };
  /** Per organisation section: records created and records matched to existing ones by name. */
  organisation: Record<string, { created: number; existing: number }>;
  settings: number;
  /** Records of the mail lists: attachments, outbox messages, ingested messages. */
  attachments: number;
  mail_outbox: number;
  mail_inbound: number;
  /** Pending webhook deliveries (export version 3). */
  webhook_deliveries: number;
  /** The identity to log in as after bootstrapping; null otherwise. */
  login: string | null;
  warnings: string[];
}

type Org = { settings: Record<string, string>; sections: Map<SectionKey, unknown[]> };

/** What the check pass learns (and predicts) and the write pass needs. */
interface Checked { org: Org | null; warnings: string[]; login: string | null; predicted: ImportSummary }

export async function importData(ctx: DeskContext, input: ImportInput): Promise<ImportSummary> {
  const checked = await ctx.store.read(async (tx) => {
    if (input.actor !== null) requireAdmin(await loadActiveActor(tx, input.actor), 'import into the help desk');
    return check(tx, input);
  });
  if (input.checkOnly) return checked.predicted;
  return ctx.store.write(async (tx) => {
    if (input.actor !== null) requireAdmin(await loadActiveActor(tx, input.actor), 'import into the help desk');
    return write(tx, input, checked, iso(ctx.now));
  });
}

/** Known names per section (lower-cased): the database's and the file's. */
class Names {
  private readonly sets = new Map<SectionKey, Set<string>>();
  constructor(private readonly tx: Tx) {}
  /** Adds a name; false when it was already there. */
  add(section: SectionKey, name: string): boolean {
    let s = this.sets.get(section);
    if (!s) this.sets.set(section, (s = new Set()));
    const before = s.size;
    s.add(name.toLowerCase());
    return s.size > before;
  }
  async has(section: SectionKey, name: string): Promise<boolean> {
    if (this.sets.get(section)?.has(name.toLowerCase())) return true;
    // End users may be millions: look them up instead of loading them.
    return section === 'users' && (await this.tx.org.userByEmail(name)) !== null;
  }
}

async function check(tx: Tx, input: ImportInput): Promise<Checked> {
  const names = new Names(tx);
  for (const section of ORG_SECTIONS) for (const n of await section.existing(tx)) names.add(section.key, n);
  const out: Checked = { org: null, warnings: [], login: null, predicted: emptySummary() };
  const predicted = out.predicted;
  /** The file's tickets so far: number → thread length (mail records point into threads). */
  const tickets = new Map<string, number>();
  const maxBodyBytes = await maxBody(tx);
  let format = false;
  let ticketsSeen = false;
  const numbers = new NumberCheck(tx);
  for await (const item of input.read()) {
    try {
      await checkItem(item);
    } catch (err) {
      // A taken number earlier in the file is the first error, as when each was looked up at once.
      await numbers.flush();
      throw err;
    }
  }
  await numbers.flush();
  async function checkItem(item: ImportItem): Promise<void> {
    input.progress?.('check', item);
    if (item.key === 'format') {
      if (item.value !== EXPORT_FORMAT) throw notExport();
      format = true;
    } else if (!format) {
      throw notExport();
    } else if (item.key === 'version') {
      checkVersion(item.value);
    } else if (item.key === 'organisation') {
      if (ticketsSeen) throw new BadRecordError('organisation', 'must come before the tickets');
      out.org = await checkOrganisation(item.value, names, out.warnings, predicted);
      out.login = input.actor === null ? bootstrapLogin(out.org, input.bootstrapAs) : null;
    } else if ((item.key === 'users' || item.key === 'tickets' || isMailList(item.key) || item.key === DELIVERIES) && item.index === null) {
      throw new BadRecordError(item.key, 'expected an array');
    } else if (item.key === 'users') {
      const u = USERS.parse(item.value, where(item));
      predicted.users[(await names.has('users', u.email)) ? 'existing' : 'created']++;
      if (!names.add('users', u.email)) throw new BadRecordError(where(item), `duplicate end user '${u.email}'`);
    } else if (item.key === 'tickets') {
      ticketsSeen = true;
      const t = parseTicketRecord(item.value, where(item));
      requireBodiesFit(t, maxBodyBytes, where(item));
      await checkTicket(t, names, tickets, numbers);
      predicted.tickets++;
    } else if (isMailList(item.key)) {
      await checkMailRecord(tx, item.key, item.value, where(item), tickets);
      predicted[item.key]++;
    } else if (item.key === DELIVERIES) {
      await checkDelivery(item.value, where(item), (url) => names.has('webhooks', url), tickets);
      predicted.webhook_deliveries++;
    } else if (item.key !== 'exported_at' && item.key !== 'filters') {
      out.warnings.push(`ignored '${item.key}' (not part of a helpdesk export this version understands)`);
    }
  }
  if (!format) throw notExport();
  predicted.login = out.login;
  predicted.warnings = out.warnings;
  if (input.actor === null && out.login === null) {
    throw new UsageError('the file has no admin agent, so nobody could run the new help desk', 'import it into an existing help desk instead (helpdesk --db <path> import …)');
  }
  return out;
}

/** The same limit as for a body typed in: each entry of an imported thread fits ticket.max_body. */
function requireBodiesFit(t: TicketRecord, max: number, at: string): void {
  t.thread.forEach((e, i) => {
    if (Buffer.byteLength(e.body, 'utf8') > max) throw new BadRecordError(`${at} (#${t.number})`, `thread[${i}].body is larger than ticket.max_body (${formatSize(max)})`);
  });
}

/** Versions 1 (before mail), 2 and 3 (ratings, webhooks) are read; a newer file needs a newer helpdesk. */
function checkVersion(version: unknown): void {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new UsageError(`the file's 'version' must be a whole number ≥ 1 (got ${JSON.stringify(version)})`, 'import files written by helpdesk export');
  }
  if (version > EXPORT_VERSION) {
    throw new UsageError(`the file is export version ${version}; this helpdesk reads versions 1 to ${EXPORT_VERSION}`, 'upgrade helpdesk to import it');
  }
}

/** Tickets handed to the bulk loader at once. */
const BATCH = 500;

const where = (item: ImportItem) => `${item.key}[${item.index}] (line ${item.line})`;
const notExport = () => new UsageError('the file is not a helpdesk export (its first field must be "format": "helpdesk-export")',
  'import files written by helpdesk export, or an osTicket API ticket payload');

async function checkOrganisation(raw: unknown, names: Names, warnings: string[], predicted: ImportSummary): Promise<Org> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new BadRecordError('organisation', 'expected an object');
  const obj = raw as Record<string, unknown>;
  const org: Org = { settings: obj.settings === undefined ? {} : parseSettings(obj.settings, 'organisation.settings'), sections: new Map() };
  const known = new Set(['settings', ...ORG_SECTIONS.map((s) => s.key)]);
  for (const key of Object.keys(obj)) if (!known.has(key)) warnings.push(`ignored organisation section '${key}' (not known to this helpdesk)`);
  // Parse every section first: records may refer to names defined in a later section.
  for (const section of ORG_SECTIONS) {
    const list = obj[section.key] === undefined ? [] : obj[section.key];
    if (!Array.isArray(list)) throw new BadRecordError(`organisation.${section.key}`, 'expected an array');
    const seen = new Set<string>();
    const counts = { created: 0, existing: 0 };
    predicted.organisation[section.key] = counts;
    const records = list.map((r, i) => {
      const rec = section.parse(r, `organisation.${section.key}[${i}]`);
      const name = section.name(rec).toLowerCase();
      if (seen.has(name)) throw new BadRecordError(`organisation.${section.key}[${i}]`, `duplicate ${section.what} '${section.name(rec)}'`);
      seen.add(name);
      const created = names.add(section.key, section.name(rec));
      counts[created ? 'created' : 'existing']++;
      if (created && section.created) warnings.push(section.created(rec));
      return rec;
    });
    org.sections.set(section.key, records);
  }
  for (const section of ORG_SECTIONS) {
    for (const [i, rec] of org.sections.get(section.key)!.entries()) {
      await checkRefs(`organisation.${section.key}[${i}]`, section.refs(rec), names);
    }
  }
  await checkRefs('organisation.settings', settingRefs(org.settings), names);
  predicted.settings = Object.keys(org.settings).length;
  return org;
}

async function checkRefs(at: string, refs: Array<[SectionKey, string, string]>, names: Names): Promise<void> {
  for (const [section, name, field] of refs) {
    if (!(await names.has(section, name))) {
      const what = [...ORG_SECTIONS, USERS].find((s) => s.key === section)!.what;
      throw new BadRecordError(at, `'${field}' names ${what} '${name}', which is neither in the file nor in this help desk`);
    }
  }
}

/**
 * Ticket numbers the desk may already hold, looked up a batch at a time (one round trip on
 * PostgreSQL instead of one per ticket); flush() throws for the first taken one, in file order.
 */
class NumberCheck {
  private pending: string[] = [];
  constructor(private readonly tx: Tx) {}
  async add(number: string): Promise<void> {
    this.pending.push(number);
    if (this.pending.length >= BATCH) await this.flush();
  }
  async flush(): Promise<void> {
    const numbers = this.pending;
    this.pending = [];
    if (numbers.length) throwIfTaken(numbers, await this.tx.tickets.existingNumbers(numbers));
  }
}

function throwIfTaken(numbers: readonly string[], taken: Set<string>): void {
  const first = taken.size ? numbers.find((n) => taken.has(n)) : undefined;
  if (first !== undefined) throw existingNumber(first);
}

async function checkTicket(t: TicketRecord, names: Names, tickets: Map<string, number>, numbers: NumberCheck): Promise<void> {
  const at = `tickets (#${t.number})`;
  if (tickets.has(t.number)) throw new BadRecordError(at, `ticket number ${t.number} appears twice in the file`);
  tickets.set(t.number, t.thread.length);
  await numbers.add(t.number);
  // The ticket's own end user may be new: it is created from the ticket's user field.
  names.add('users', t.user.email);
  await checkRefs(at, ticketRefs(t), names);
}

const existingNumber = (n: string) =>
  new ConflictError(`ticket #${n} already exists in this help desk; nothing was imported`, 'an export can be imported once; import it into another database, or remove those tickets from the file');

/** Who runs a help desk made from this file: the one asked for (who must be an admin in it), else its first admin. */
function bootstrapLogin(org: Org, wanted: string | undefined): string | null {
  const agents = (org.sections.get('agents') ?? []) as AgentRecord[];
  if (wanted === undefined) return agents.find((a) => a.admin && a.active)?.username ?? null;
  const agent = agents.find((a) => a.username === wanted.trim().toLowerCase());
  if (!agent || !agent.admin || !agent.active) {
    throw new AccessDeniedError(`access denied: '${wanted}' is not an admin in the file's organisation`, says`import as one of its admins, or without ${named('as')}`);
  }
  return agent.username;
}

function emptySummary(): ImportSummary {
  return {
    tickets: 0, users: { created: 0, existing: 0 }, organisation: {}, settings: 0, attachments: 0, mail_outbox: 0, mail_inbound: 0,
    webhook_deliveries: 0, login: null, warnings: [],
  };
}

async function write(tx: Tx, input: ImportInput, checked: Checked, now: string): Promise<ImportSummary> {
  const bootstrap = input.actor === null;
  const summary: ImportSummary = { ...emptySummary(), login: checked.login, warnings: checked.warnings };
  if (bootstrap) await tx.settings.setSetting('initialised_at', now);
  if (checked.org) {
    for (const section of ORG_SECTIONS) {
      const counts = { created: 0, existing: 0 };
      for (const rec of checked.org.sections.get(section.key) ?? []) counts[(await section.load(tx, rec)) ? 'created' : 'existing']++;
      summary.organisation[section.key] = counts;
    }
    summary.settings = await loadSettings(tx, checked.org.settings, bootstrap);
  }
  const sinceId = await tx.tickets.maxTicketId();
  await tx.search.deferSearchIndex();
  const ids = await idMaps(tx);
  // Tickets go to the store's bulk loader a batch at a time (the same path as the benchmark's generator).
  let batch: BulkTicket[] = [];
  let collaborators: string[][] = [];
  let ratings: RatingRecord[][] = [];
  const together: Array<[string, TogetherRecord]> = [];
  const users = new Map<string, number>();
  const flush = async () => {
    // Another process may have taken a number since the check: one look-up for the batch.
    if (batch.length) throwIfTaken(batch.map((b) => b.ticket.number), await tx.tickets.existingNumbers(batch.map((b) => b.ticket.number)));
    const ticketIds = batch.length ? await tx.transfer.insertTicketsBulk(batch) : [];
    for (const [i, emails] of collaborators.entries()) {
      for (const email of emails) await tx.together.addCollaborator(ticketIds[i]!, (await tx.org.userByEmail(email))!.id);
    }
    for (const [i, list] of ratings.entries()) {
      for (const r of list) {
        await tx.portal.insertRating({
          ticketId: ticketIds[i]!, resolution: r.resolution, userId: (await tx.org.userByEmail(r.user))!.id, rating: r.rating, comment: r.comment, createdAt: r.created_at,
        });
      }
    }
    batch = [];
    collaborators = [];
    ratings = [];
    // End users' ids are kept from batch to batch (a desk's users come back), up to a bound: memory stays flat.
    if (users.size > 20_000) users.clear();
  };
  let highest = 0;
  for await (const item of input.read()) {
    input.progress?.('import', item);
    if (item.index === null) continue;
    if (item.key === 'users') {
      summary.users[(await USERS.load(tx, USERS.parse(item.value, where(item)))) ? 'created' : 'existing']++;
    } else if (item.key === 'tickets') {
      const t = parseTicketRecord(item.value, where(item));
      batch.push(await toBulkTicket(tx, t, ids, users));
      collaborators.push(t.collaborators);
      ratings.push(t.ratings ?? []);
      if (t.parent || t.merged_into || t.links || t.time) together.push([t.number, t]);
      if (batch.length >= BATCH) await flush();
      highest = Math.max(highest, Number(t.number));
      summary.tickets++;
    } else if (isMailList(item.key)) {
      await flush(); // mail records point at tickets: they must be written first
      await loadMailRecord(tx, item.key, item.value, where(item));
      summary[item.key]++;
    } else if (item.key === DELIVERIES) {
      await flush();
      await loadDelivery(tx, item.value, where(item));
      summary.webhook_deliveries++;
    }
  }
  await flush();
  await loadTogether(tx, together);
  await tx.search.resumeSearchIndex(sinceId, summary.tickets >= 10_000);
  if (highest > 0) await tx.tickets.raiseTicketCounter(String(highest));
  return summary;
}
