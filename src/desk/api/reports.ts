/**
 * Declared use cases: the report, SLA status and the mail queue (how a declaration reads: declare.ts). */
import { listOutbox } from '../mail/outbox.js';
import { buildReport } from '../report.js';
import { slaStatus as slaStatusOf } from '../sla/status.js';
import { REPORT_GROUPS, type ReportGroup } from '../../core/report.js';
import type { OutboxStatus } from '../../store/mail/types.js';
import type { OutboxMessage } from '../mail/outbox.js';
import type { Report } from '../report.js';
import type { SlaStatusEntry } from '../sla/status.js';
import { LIMIT, NUMBER, nullIfZero, obj, oneOf, str, type UseCase } from './declare.js';

export const report: UseCase<{ since?: string; until?: string; by?: ReportGroup }, Report> = {
  name: 'report', summary: 'volume, backlog, overdue, SLA compliance, response and resolution times', permission: 'agent',
  input: obj({ since: str('30d, 12h, 2w or a date'), until: str('a date or timestamp'), by: oneOf(REPORT_GROUPS) }),
  http: { method: 'GET', path: '/api/v1/report' }, output: 'Report',
  run: (ctx, actor, i) => buildReport(ctx, { ...i, actor }),
};

export const slaStatus: UseCase<{ dept?: string; assignee?: string; limit?: number }, SlaStatusEntry[]> = {
  name: 'sla.status', summary: 'open tickets with time left or overdue, most urgent first', permission: 'any',
  input: obj({ dept: str('department'), assignee: str('agent username'), limit: LIMIT }),
  http: { method: 'GET', path: '/api/v1/sla/status' }, output: 'SlaStatus',
  run: (ctx, actor, i) => slaStatusOf(ctx, { ...i, actor, limit: nullIfZero(i.limit) }),
};

export const mailOutbox: UseCase<{ status?: OutboxStatus; ticket?: string; limit?: number }, OutboxMessage[]> = {
  name: 'mail.outbox', summary: 'the outbound mail queue', permission: 'agent',
  input: obj({ status: oneOf(['pending', 'sent', 'failed']), ticket: NUMBER, limit: LIMIT }),
  http: { method: 'GET', path: '/api/v1/mail/outbox' }, output: 'Outbox',
  run: (ctx, actor, i) => listOutbox(ctx, actor, { ...i, limit: nullIfZero(i.limit) }),
};
