/**
 * Export and import of what working tickets together adds to a ticket: its parent, the
 * ticket it was merged into, its links and the time logged on it. The fields are written only when
 * set, so an export of a desk that never used them is what it was before.
 */
import { UsageError } from '../../core/errors.js';
import { parseTicketNumber } from '../../core/lifecycle.js';
import { Fields, inRecord } from '../../core/records.js';
import { LINK_TYPES, type LinkType } from '../../core/together.js';
import type { TogetherExportRow } from '../../store/together/types.js';
import type { Tx } from '../../store/types.js';

export interface TimeRecord { agent: string; minutes: number; at: string; thread_index: number | null }

export interface TogetherRecord {
  parent?: string;
  merged_into?: string;
  links?: Array<{ number: string; type: LinkType }>;
  time?: TimeRecord[];
}

/** Groups a page's rows by ticket id. */
export function togetherByTicket(rows: readonly TogetherExportRow[]): Map<number, TogetherRecord> {
  const out = new Map<number, TogetherRecord>();
  for (const r of rows) {
    const rec = out.get(r.ticket_id) ?? {};
    if (r.what === 'time') (rec.time ??= []).push({ agent: r.agent, minutes: r.minutes, at: r.at, thread_index: r.thread_index });
    else if (r.what === 'link') (rec.links ??= []).push({ number: r.number, type: r.type });
    else if (r.what === 'parent') rec.parent = r.number;
    else rec.merged_into = r.number;
    out.set(r.ticket_id, rec);
  }
  return out;
}

/** Reads the optional fields of a ticket record. */
export function parseTogether(f: Fields): TogetherRecord {
  const rec: TogetherRecord = {};
  const number = (field: string, v: string) => inRecord(f.where, field, () => parseTicketNumber(v));
  const parent = f.optStr('parent');
  if (parent !== null) rec.parent = number('parent', parent);
  const merged = f.optStr('merged_into');
  if (merged !== null) rec.merged_into = number('merged_into', merged);
  const links = f.array('links', { optional: true }).map((raw, i) => {
    const l = new Fields(raw, `${f.where}.links[${i}]`);
    return { number: number(`links[${i}].number`, l.str('number')), type: l.oneOf('type', LINK_TYPES) };
  });
  if (links.length) rec.links = links;
  const time = f.array('time', { optional: true }).map((raw, i) => {
    const t = new Fields(raw, `${f.where}.time[${i}]`);
    return { agent: t.str('agent').trim().toLowerCase(), minutes: t.int('minutes', 1), at: t.time('at'), thread_index: t.optInt('thread_index') };
  });
  if (time.length) rec.time = time;
  return rec;
}

/**
 * Writes the records' facts once every ticket of the file is in (a parent or link may point at a
 * later ticket). A ticket or agent that is in neither the file nor the desk refuses the whole file.
 */
export async function loadTogether(tx: Tx, pending: ReadonlyArray<[string, TogetherRecord]>): Promise<void> {
  const idOf = async (n: string, what: string) => {
    const id = await tx.tickets.ticketIdByNumber(n);
    if (id === null) throw new UsageError(`the file names ticket #${n} as ${what}, but it is in neither the file nor this help desk`);
    return id;
  };
  for (const [number, rec] of pending) {
    const id = (await tx.tickets.ticketIdByNumber(number))!;
    if (rec.parent) await tx.together.setParent(id, await idOf(rec.parent, `the parent of #${number}`));
    if (rec.merged_into) await tx.together.setMergedInto(id, await idOf(rec.merged_into, `what #${number} was merged into`));
    for (const l of rec.links ?? []) await tx.together.setLink(id, await idOf(l.number, `a link of #${number}`), l.type, '1970-01-01T00:00:00.000Z');
    for (const t of rec.time ?? []) {
      const agent = await tx.org.agentByUsername(t.agent);
      if (!agent) throw new UsageError(`the file logs time on #${number} by agent '${t.agent}', who is not in the file or this help desk`);
      const entryId = t.thread_index === null ? null : await tx.thread.entryIdAt(id, t.thread_index);
      await tx.together.insertTime({ ticketId: id, agentId: agent.id, entryId, minutes: t.minutes, at: t.at });
    }
  }
}
