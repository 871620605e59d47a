/**
 * `helpdesk import <file>` of a helpdesk export, in ONE pass over the file inside ONE write
 * transaction: each record is checked (shape, vocabulary, times, references, duplicate and existing
 * ticket numbers) and then written, and the first bad record throws — so the transaction rolls back
 * and a bad file changes nothing, while a good one lands whole. `--dry-run` runs the same checks in
 * a read transaction and writes nothing. Organisation records merge by name. Into a database that
 * has no organisation yet, the file's organisation (and settings) are taken as they are.
 * Attachments and mail (mail.ts) follow the tickets they belong to; a Message-ID already recorded
 * here is a conflict, like a ticket number.
 */
import { loadTogether, type TogetherRecord } from './together.js';
import { AccessDeniedError, ConflictError, named, says, UsageError } from '../../core/errors.js';
import { BadRecordError } from '../../core/records.js';
import type { Tx } from '../../store/types.js';
import { loadActiveActor, requireAdmin } from '../actor.js';
import { iso, type DeskContext } from '../context.js';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export.js';
import { importMailRecord, isMailList, type FileTickets } from './mail.js';
import { ORG_SECTIONS, USERS, type AgentRecord, type SectionKey, type UserRecord } from './sections.js';
import { loadSettings, parseSettings, settingRefs } from './settings.js';
import type { BulkTicket } from '../../store/types.js';
import { idMaps, parseTicketRecord, ticketRefs, toBulkTicket, type IdMaps, type TicketRecord } from './tickets.js';
import { formatSize } from '../../core/mailbox.js';
import { maxBody } from '../limits.js';
import { DELIVERIES, importDelivery } from './webhook-section.js';
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

export async function importData(ctx: DeskContext, input: ImportInput): Promise<ImportSummary> {
  const pass = (now: string | null) => async (tx: Tx) => {
    if (input.actor !== null) requireAdmin(await loadActiveActor(tx, input.actor), 'import into the help desk');
    return importPass(tx, input, now);
  };
  // A dry run reads (other writers go on meanwhile); an import checks and writes as it reads.
  return input.checkOnly ? ctx.store.read(pass(null)) : ctx.store.write(pass(iso(ctx.now)));
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

/**
 * The one pass: every record checked in file order, and written when `now` is given (an import;
 * null for a dry run, which returns what an import would do). Throws at the first bad record.
 */
async function importPass(tx: Tx, input: ImportInput, now: string | null): Promise<ImportSummary> {
  const names = new Names(tx);
  for (const section of ORG_SECTIONS) for (const n of await section.existing(tx)) names.add(section.key, n);
  const warnings: string[] = [];
  const predicted = emptySummary();
  let login: string | null = null;
  const maxBodyBytes = await maxBody(tx);
  const writer = now === null ? null : await Writer.start(tx, input.actor === null, now);
  const tickets: TicketsSoFar = writer ? writer.tickets : new TicketsInMemory(tx);
  let format = false;
  let ticketsSeen = false;
  for await (const item of input.read()) {
    input.progress?.(writer ? 'import' : 'check', item);
    try {
      await onItem(item);
    } catch (err) {
      // A taken number earlier in the file is the first error, as when each was looked up at once.
      // (If the store itself failed, its transaction may take no more queries: then the store's error.)
      await tickets.flush().catch((earlier: unknown) => {
        throw earlier instanceof BadRecordError || earlier instanceof ConflictError ? earlier : err;
      });
      throw err;
    }
  }
  await tickets.flush();
  async function onItem(item: ImportItem): Promise<void> {
    if (item.key !== 'users' && writer?.usersWaiting) await writer.flushUsers(); // what follows the end users may name them
    if (item.key === 'format') {
      if (item.value !== EXPORT_FORMAT) throw notExport();
      format = true;
    } else if (!format) {
      throw notExport();
    } else if (item.key === 'version') {
      checkVersion(item.value);
    } else if (item.key === 'organisation') {
      if (ticketsSeen) throw new BadRecordError('organisation', 'must come before the tickets');
      const org = await checkOrganisation(item.value, names, warnings, predicted);
      login = input.actor === null ? bootstrapLogin(org, input.bootstrapAs) : null;
      await writer?.organisation(org);
    } else if ((item.key === 'users' || item.key === 'tickets' || isMailList(item.key) || item.key === DELIVERIES) && item.index === null) {
      throw new BadRecordError(item.key, 'expected an array');
    } else if (item.key === 'users') {
      const u = USERS.parse(item.value, where(item));
      const wouldCreate = writer ? null : !(await names.has('users', u.email));
      if (!names.add('users', u.email)) throw new BadRecordError(where(item), `duplicate end user '${u.email}'`);
      if (writer) await writer.user(u, predicted.users);
      else predicted.users[wouldCreate ? 'created' : 'existing']++;
    } else if (item.key === 'tickets') {
      ticketsSeen = true;
      const t = parseTicketRecord(item.value, where(item));
      requireBodiesFit(t, maxBodyBytes, where(item));
      await tickets.add(t);
      // The ticket's own end user may be new: it is created from the ticket's user field.
      names.add('users', t.user.email);
      await checkRefs(`tickets (#${t.number})`, ticketRefs(t), names);
      await writer?.ticket(t);
      predicted.tickets++;
    } else if (isMailList(item.key)) {
      await writer?.flushed(); // mail records point at tickets: they must be written first
      await importMailRecord(tx, item.key, item.value, where(item), tickets, writer?.mailBefore ?? null);
      predicted[item.key]++;
    } else if (item.key === DELIVERIES) {
      await writer?.flushed();
      await importDelivery(tx, item.value, where(item), (url) => names.has('webhooks', url), tickets, writer !== null);
      predicted.webhook_deliveries++;
    } else if (item.key !== 'exported_at' && item.key !== 'filters') {
      warnings.push(`ignored '${item.key}' (not part of a helpdesk export this version understands)`);
    }
  }
  if (!format) throw notExport();
  if (input.actor === null && login === null) {
    throw new UsageError('the file has no admin agent, so nobody could run the new help desk', 'import it into an existing help desk instead (helpdesk --db <path> import …)');
  }
  const summary = writer ? await writer.finish(predicted) : predicted;
  return { ...summary, login, warnings };
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
/** End users handed to a store's importUsers at once. */
const USER_BATCH = 1000;
/** End users' ids the writer remembers by email (a desk's users come back from ticket to ticket): memory stays flat. */
const USER_IDS_KEPT = 20_000;

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
 * The file's tickets so far: a ticket number that appears twice in the file, or that the desk
 * already holds, is refused; mail records and deliveries ask for a ticket's thread length. Numbers
 * are looked up in the desk a batch at a time (one round trip on PostgreSQL instead of one per
 * ticket); flush() throws for the first taken one, in file order.
 */
interface TicketsSoFar extends FileTickets {
  add(t: TicketRecord): Promise<void>;
  flush(): Promise<void>;
}

const twice = (number: string) => new BadRecordError(`tickets (#${number})`, `ticket number ${number} appears twice in the file`);

/** A dry run's: the file's numbers and thread lengths kept in memory (nothing is written to ask). */
class TicketsInMemory implements TicketsSoFar {
  private readonly lengths = new Map<string, number>();
  private pending: string[] = [];
  constructor(private readonly tx: Tx) {}
  async add(t: TicketRecord): Promise<void> {
    if (this.lengths.has(t.number)) throw twice(t.number);
    this.lengths.set(t.number, t.thread.length);
    this.pending.push(t.number);
    if (this.pending.length >= BATCH) await this.flush();
  }
  async flush(): Promise<void> {
    const numbers = this.pending;
    this.pending = [];
    const taken = numbers.length ? await this.tx.tickets.existingNumbers(numbers) : new Set<string>();
    const first = taken.size ? numbers.find((n) => taken.has(n)) : undefined;
    if (first !== undefined) throw existingNumber(first);
  }
  async threadLength(number: string): Promise<number | undefined> {
    return this.lengths.get(number);
  }
}

/**
 * An import's: the tickets written so far are the file's, so the desk itself answers (memory stays
 * flat however long the file): a ticket with an id above `sinceId` came from the file. Only the
 * batch not yet written is kept; the writer flushes it before writing it.
 */
class TicketsInDesk implements TicketsSoFar {
  private pending = new Set<string>();
  constructor(private readonly tx: Tx, private readonly sinceId: number, private readonly beforeLookup: () => Promise<void>) {}
  async add(t: TicketRecord): Promise<void> {
    if (this.pending.has(t.number)) throw twice(t.number);
    this.pending.add(t.number);
  }
  async flush(): Promise<void> {
    const numbers = [...this.pending];
    this.pending = new Set();
    const taken = numbers.length ? await this.tx.tickets.existingNumbers(numbers) : new Set<string>();
    const first = taken.size ? numbers.find((n) => taken.has(n)) : undefined;
    if (first === undefined) return;
    const id = (await this.tx.tickets.ticketIdByNumber(first))!;
    throw id > this.sinceId ? twice(first) : existingNumber(first);
  }
  async threadLength(number: string): Promise<number | undefined> {
    await this.beforeLookup();
    const id = await this.tx.tickets.ticketIdByNumber(number);
    if (id === null || id <= this.sinceId) return undefined;
    return (await this.tx.thread.entriesOf(id)).length;
  }
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

/**
 * Writes what the pass has checked. Tickets go to the store's bulk loader a batch at a time (the
 * same path as the benchmark's generator), with the search index and, into an empty desk, the
 * tickets' indexes set aside until the end of the file.
 */
class Writer {
  readonly tickets: TicketsInDesk;
  /** What the organisation's records did (created or matched by name), and the settings taken. */
  private org: Pick<ImportSummary, 'organisation' | 'settings'> = { organisation: {}, settings: 0 };
  private written = 0;
  private batch: BulkTicket[] = [];
  private collaborators: string[][] = [];
  private ratings: RatingRecord[][] = [];
  private readonly together: Array<[string, TogetherRecord]> = [];
  private readonly users = new Map<string, number>();
  private highest = 0;
  /** End users not yet written (a store with importUsers takes them many at a time), and where to count them. */
  private pendingUsers: UserRecord[] = [];
  private userCounts: ImportSummary['users'] | null = null;

  private constructor(private readonly tx: Tx, private readonly bootstrap: boolean, private ids: IdMaps, private readonly sinceId: number,
    readonly mailBefore: { outbox: number; inbound: number }) {
    this.tickets = new TicketsInDesk(tx, sinceId, () => this.flushed());
  }

  static async start(tx: Tx, bootstrap: boolean, now: string): Promise<Writer> {
    if (bootstrap) await tx.settings.setSetting('initialised_at', now);
    const sinceId = await tx.tickets.maxTicketId();
    const mailBefore = await tx.mail.maxMailIds();
    await tx.search.deferSearchIndex();
    await tx.transfer.deferIndexes();
    return new Writer(tx, bootstrap, await idMaps(tx), sinceId, mailBefore);
  }

  async organisation(org: Org): Promise<void> {
    const organisation: ImportSummary['organisation'] = {};
    for (const section of ORG_SECTIONS) {
      const counts = { created: 0, existing: 0 };
      for (const rec of org.sections.get(section.key) ?? []) counts[(await section.load(this.tx, rec)) ? 'created' : 'existing']++;
      organisation[section.key] = counts;
    }
    this.org = { organisation, settings: await loadSettings(this.tx, org.settings, this.bootstrap) };
    this.ids = await idMaps(this.tx); // the tickets name what the organisation just added
  }

  /** An end user of the file's list: written now, or with the next ones (flushUsers) where the store takes many at once. */
  async user(u: UserRecord, counts: ImportSummary['users']): Promise<void> {
    if (!this.tx.transfer.importUsers) {
      counts[(await USERS.load(this.tx, u)) ? 'created' : 'existing']++;
      return;
    }
    this.userCounts = counts;
    this.pendingUsers.push(u);
    if (this.pendingUsers.length >= USER_BATCH) await this.flushUsers();
  }

  get usersWaiting(): boolean {
    return this.pendingUsers.length > 0;
  }

  /** Writes the end users waiting (found by email or created), counted as the pass counts them; their ids are kept for the tickets. */
  async flushUsers(): Promise<void> {
    const users = this.pendingUsers;
    if (users.length === 0) return;
    this.pendingUsers = [];
    const done = await this.tx.transfer.importUsers!(users.map((u) => ({ email: u.email, name: u.name, createdAt: u.created_at })));
    done.forEach((d, i) => {
      this.userCounts![d.created ? 'created' : 'existing']++;
      if (this.users.size < USER_IDS_KEPT) this.users.set(users[i]!.email, d.id);
    });
  }

  async ticket(t: TicketRecord): Promise<void> {
    this.batch.push(await toBulkTicket(this.tx, t, this.ids, this.users));
    this.collaborators.push(t.collaborators);
    this.ratings.push(t.ratings ?? []);
    if (t.parent || t.merged_into || t.links || t.time) this.together.push([t.number, t]);
    this.highest = Math.max(this.highest, Number(t.number));
    this.written++;
    if (this.batch.length >= BATCH) await this.flush();
  }

  /** Writes the batch: its numbers checked first (none taken, none twice), then the tickets. */
  async flush(): Promise<void> {
    if (this.usersWaiting) await this.flushUsers();
    if (this.tx.transfer.settle) await this.tx.transfer.settle(); // the batch before this one, written meanwhile: its error, if any, first
    await this.tickets.flush();
    if (this.batch.length === 0) return;
    const tx = this.tx;
    const ticketIds = await tx.transfer.insertTicketsBulk(this.batch);
    // What follows points at the batch's tickets: written first (where the store writes a batch in the background).
    if (this.collaborators.some((c) => c.length) || this.ratings.some((r) => r.length)) await tx.transfer.settle?.();
    for (const [i, emails] of this.collaborators.entries()) {
      for (const email of emails) await tx.together.addCollaborator(ticketIds[i]!, (await tx.org.userByEmail(email))!.id);
    }
    for (const [i, list] of this.ratings.entries()) {
      for (const r of list) {
        await tx.portal.insertRating({
          ticketId: ticketIds[i]!, resolution: r.resolution, userId: (await tx.org.userByEmail(r.user))!.id, rating: r.rating, comment: r.comment, createdAt: r.created_at,
        });
      }
    }
    this.batch = [];
    this.collaborators = [];
    this.ratings = [];
    // End users' ids are kept from batch to batch (a desk's users come back), up to a bound: memory stays flat.
    if (this.users.size > USER_IDS_KEPT) this.users.clear();
  }

  /** The batch written, and done (a store may write it in the background: settle waits for it). */
  async flushed(): Promise<void> {
    await this.flush();
    if (this.tx.transfer.settle) await this.tx.transfer.settle();
  }

  /** After the last record: what is left of the batch, the indexes, links and time, the search index, the counter. */
  async finish(counted: ImportSummary): Promise<ImportSummary> {
    await this.flush();
    const tx = this.tx;
    await tx.transfer.restoreIndexes();
    await loadTogether(tx, this.together);
    await tx.search.resumeSearchIndex(this.sinceId, this.written >= 10_000);
    if (this.highest > 0) await tx.tickets.raiseTicketCounter(String(this.highest));
    // Tickets, users and mail were counted by the pass as they were written; the organisation here.
    return { ...counted, ...this.org };
  }
}
