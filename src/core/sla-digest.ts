/**
 * The SLA digest: one mail per person per `sla check` run listing the breaches they are
 * to hear of, instead of one mail per breach per department member (291,398 mails for 40,467
 * breaches on a backlog). A person with a single breach still gets the `sla-alert` template.
 */

/** One breach in a digest, already worded for people. */
export interface DigestLine {
  number: string;
  subject: string;
  clock: 'resolution' | 'first response';
  /** Local due time with its zone, e.g. "Mon 2026-03-02 10:00 (UTC)". */
  due: string;
  overdueBy: string;
}

/** A digest lists at most this many breaches; the rest are counted (a backlog may hold thousands). */
export const DIGEST_LINES = 100;

export function digestSubject(total: number): string {
  return `[SLA] ${total.toLocaleString('en-US')} tickets overdue`;
}

/** The digest's text: who it is for, each breach on one line, and how many more there are. */
export function digestBody(o: { name: string; deskName: string; lines: readonly DigestLine[]; total: number }): string {
  const out = [`Hello ${o.name},`, '', `${o.total.toLocaleString('en-US')} SLA targets were missed on tickets you are to hear of:`, ''];
  for (const l of o.lines) {
    const what = l.clock === 'first response' ? 'first response' : 'resolution';
    // Subjects are one line each, whatever the end user typed.
    out.push(`  #${l.number}  ${l.subject.replace(/\s+/g, ' ').trim()}`);
    out.push(`      ${what} was due ${l.due}, overdue by ${l.overdueBy}`);
  }
  const more = o.total - o.lines.length;
  if (more > 0) out.push('', `  … and ${more.toLocaleString('en-US')} more: helpdesk sla status shows them all.`);
  out.push('', `-- `, o.deskName, '');
  return out.join('\n');
}
