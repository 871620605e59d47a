/**
 * The SQLite implementation of the store's queries. Statements are prepared once per process and
 * cached by their text.
 */
import type Database from 'better-sqlite3';
import { SqliteQueries } from './sqlite-queries.js';
import { ConflictError } from '../core/errors.js';
import type { Permission } from '../core/model.js';
import { SqliteOrg } from './sqlite-org.js';
import { SqliteTogether } from './sqlite-together.js';
import { SqliteMail } from './sqlite-mail.js';
import { SqliteAuth } from './sqlite-auth.js';
import { listMatching, searchTickets } from './sqlite-search.js';
import { SqliteTransfer } from './sqlite-transfer.js';
import { SqliteTransferMail } from './sqlite-transfer-mail.js';
import * as bulk from './sqlite-bulk.js';
import { TICKET_SELECT, ticketOrder, ticketWhere } from './ticket-query.js';
import { SqliteSlaQueries } from './sqlite-sla.js';
import { SqliteSlaAlerts } from './sqlite-sla-alerts.js';
import { SqliteAutomateQueries, SqliteSlaEditQueries } from './sqlite-automate.js';
import type { BreachCursor, ReportFilter, ReportTimeRow, SlaPatch, SlaQueueFilter } from './types.js';
import type {
  AgentPatch, AgentRow, AuthorRef, NewOutboxMessage, OutboxRow, DeptRow, EntryRow, EventRow, GrantRow, NewTicket, RoleRow, ScheduleRow, SlaRow,
  TeamRow, TicketFilter, TicketPatch, TicketRow, TopicRow, Tx, UserRow,
  ExportFilter, SearchRequest, ImportedInbound, ImportedOutbox, BulkTicket,
} from './types.js';

const PATCHABLE = new Set<string>([
  'subject', 'status', 'priority', 'dept_id', 'topic_id', 'sla_id', 'assignee_id', 'team_id', 'updated_at',
  'due_at', 'first_response_due_at', 'first_response_at', 'resolved_at', 'closed_at', 'reopened_count',
  'clock_start_at', 'paused_minutes', 'paused_at', 'answered',
]);

const AGENT_SELECT = `
SELECT a.*, d.name AS department, r.name AS role, r.permissions AS permissions
FROM agents a JOIN departments d ON d.id = a.dept_id JOIN roles r ON r.id = a.role_id`;

const perms = (text: string): Permission[] => (text ? (text.split(',') as Permission[]) : []);

export class SqliteTx extends SqliteQueries implements Tx {
  // issue 5 (mail): the mail queries live in sqlite-mail.ts
  readonly mail: SqliteMail;
  // issue 20 (working tickets together): the queries live in sqlite-together.ts
  private togetherQueries?: SqliteTogether;
  get together(): SqliteTogether {
    return (this.togetherQueries ??= new SqliteTogether(this.db));
  }
  // issue 18 (the server): passwords, tokens, API keys, failed logins; made on first use, like together
  private authQueries?: SqliteAuth;
  get auth(): SqliteAuth {
    return (this.authQueries ??= new SqliteAuth(this.db));
  }

  constructor(db: Database.Database) {
    super(db);
    this.mail = new SqliteMail(db);
  }

  /** Inserts, turning a duplicate name into a ConflictError that names it. */
  private insertNamed(what: string, name: string, sql: string, ...params: unknown[]): number {
    try {
      return this.run(sql, ...params);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' || (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new ConflictError(`${what} '${name}' already exists`);
      }
      throw err;
    }
  }

  async getSetting(key: string) {
    return this.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', key)?.value ?? null;
  }
  async setSetting(key: string, value: string) {
    this.run('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', key, value);
  }

  async roles() {
    return this.all<{ id: number; name: string; permissions: string }>('SELECT * FROM roles ORDER BY id')
      .map((r): RoleRow => ({ ...r, permissions: perms(r.permissions) }));
  }
  async roleByName(name: string) {
    const r = this.getNamed<{ id: number; name: string; permissions: string }>('SELECT * FROM roles', 'name', name);
    return r ? { ...r, permissions: perms(r.permissions) } : null;
  }
  async insertRole(name: string, permissions: readonly Permission[]) {
    return this.insertNamed('role', name, 'INSERT INTO roles(name, permissions) VALUES (?, ?)', name, permissions.join(','));
  }

  private static readonly DEPT_SELECT = 'SELECT d.*, s.name AS sla FROM departments d LEFT JOIN sla_plans s ON s.id = d.sla_id';
  async departments() {
    return this.all<DeptRow>(`${SqliteTx.DEPT_SELECT} ORDER BY d.name`);
  }
  async deptByName(name: string) {
    return this.getNamed<DeptRow>(SqliteTx.DEPT_SELECT, 'd.name', name);
  }
  async deptById(id: number) {
    return this.get<DeptRow>(`${SqliteTx.DEPT_SELECT} WHERE d.id = ?`, id);
  }
  async insertDept(name: string, slaId: number | null) {
    return this.insertNamed('department', name, 'INSERT INTO departments(name, sla_id) VALUES (?, ?)', name, slaId);
  }

  private teamRow(t: { id: number; name: string }): TeamRow {
    const members = this.all<{ username: string }>(
      'SELECT a.username FROM team_members m JOIN agents a ON a.id = m.agent_id WHERE m.team_id = ? ORDER BY a.username', t.id,
    ).map((m) => m.username);
    return { ...t, members };
  }
  async teams() {
    return this.all<{ id: number; name: string }>('SELECT * FROM teams ORDER BY name').map((t) => this.teamRow(t));
  }
  async teamByName(name: string) {
    const t = this.getNamed<{ id: number; name: string }>('SELECT * FROM teams', 'name', name);
    return t ? this.teamRow(t) : null;
  }
  async insertTeam(name: string) {
    return this.insertNamed('team', name, 'INSERT INTO teams(name) VALUES (?)', name);
  }
  async addTeamMember(teamId: number, agentId: number) {
    this.run('INSERT OR IGNORE INTO team_members(team_id, agent_id) VALUES (?, ?)', teamId, agentId);
  }
  async teamIdsOf(agentId: number) {
    return this.all<{ team_id: number }>('SELECT team_id FROM team_members WHERE agent_id = ?', agentId).map((r) => r.team_id);
  }

  private static readonly TOPIC_SELECT = `SELECT tp.*, d.name AS department, s.name AS sla FROM topics tp
    LEFT JOIN departments d ON d.id = tp.dept_id LEFT JOIN sla_plans s ON s.id = tp.sla_id`;
  async topics() {
    return this.all<TopicRow>(`${SqliteTx.TOPIC_SELECT} ORDER BY tp.name`);
  }
  async topicByName(name: string) {
    return this.getNamed<TopicRow>(SqliteTx.TOPIC_SELECT, 'tp.name', name);
  }
  async insertTopic(t: { name: string; deptId: number | null; priority: string | null; slaId: number | null }) {
    return this.insertNamed('help topic', t.name, 'INSERT INTO topics(name, dept_id, priority, sla_id) VALUES (?, ?, ?, ?)',
      t.name, t.deptId, t.priority, t.slaId);
  }

  async schedules() {
    return this.all<ScheduleRow>('SELECT * FROM schedules ORDER BY name');
  }
  async scheduleById(id: number) {
    return this.get<ScheduleRow>('SELECT * FROM schedules WHERE id = ?', id);
  }
  async insertSchedule(s: { name: string; timezone: string; ranges: string; holidays: string }) {
    return this.insertNamed('schedule', s.name, 'INSERT INTO schedules(name, timezone, ranges, holidays) VALUES (?, ?, ?, ?)',
      s.name, s.timezone, s.ranges, s.holidays);
  }

  private static readonly SLA_SELECT = 'SELECT p.*, sc.name AS schedule FROM sla_plans p LEFT JOIN schedules sc ON sc.id = p.schedule_id';
  async slaPlans() {
    return this.all<SlaRow>(`${SqliteTx.SLA_SELECT} ORDER BY p.minutes, p.name`);
  }
  async slaByName(name: string) {
    return this.getNamed<SlaRow>(SqliteTx.SLA_SELECT, 'p.name', name);
  }
  async slaById(id: number) {
    return this.get<SlaRow>(`${SqliteTx.SLA_SELECT} WHERE p.id = ?`, id);
  }
  async insertSla(p: { name: string; minutes: number; firstResponseMinutes: number | null; pauseAwaiting: boolean; scheduleId: number | null }) {
    return this.insertNamed('SLA plan', p.name,
      'INSERT INTO sla_plans(name, minutes, first_response_minutes, pause_awaiting, schedule_id) VALUES (?, ?, ?, ?, ?)',
      p.name, p.minutes, p.firstResponseMinutes, p.pauseAwaiting ? 1 : 0, p.scheduleId);
  }

  private agentRow(r: (Omit<AgentRow, 'permissions'> & { permissions: string }) | null): AgentRow | null {
    return r ? { ...r, permissions: perms(r.permissions) } : null;
  }
  async agents() {
    return this.all<Omit<AgentRow, 'permissions'> & { permissions: string }>(`${AGENT_SELECT} ORDER BY a.username`)
      .map((r) => this.agentRow(r)!);
  }
  async agentByUsername(username: string) {
    return this.agentRow(this.get(`${AGENT_SELECT} WHERE a.username = ? COLLATE NOCASE`, username));
  }
  async agentByEmail(email: string) {
    return this.agentRow(this.get(`${AGENT_SELECT} WHERE a.email = ? COLLATE NOCASE ORDER BY a.active DESC LIMIT 1`, email));
  }
  async insertAgent(a: { username: string; name: string; email: string | null; deptId: number; roleId: number; isAdmin: boolean; createdAt: string }) {
    return this.insertNamed('agent', a.username,
      'INSERT INTO agents(username, name, email, dept_id, role_id, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      a.username, a.name, a.email, a.deptId, a.roleId, a.isAdmin ? 1 : 0, a.createdAt);
  }
  async grantsOf(agentId: number) {
    return this.all<Omit<GrantRow, 'permissions'> & { permissions: string }>(
      `SELECT g.dept_id, d.name AS department, g.role_id, r.name AS role, r.permissions FROM agent_access g
       JOIN departments d ON d.id = g.dept_id JOIN roles r ON r.id = g.role_id WHERE g.agent_id = ? ORDER BY d.name`, agentId,
    ).map((g): GrantRow => ({ ...g, permissions: perms(g.permissions) }));
  }
  async setGrant(agentId: number, deptId: number, roleId: number) {
    this.run(`INSERT INTO agent_access(agent_id, dept_id, role_id) VALUES (?, ?, ?)
      ON CONFLICT(agent_id, dept_id) DO UPDATE SET role_id = excluded.role_id`, agentId, deptId, roleId);
  }

  async users() {
    return this.all<UserRow>('SELECT * FROM users ORDER BY name, email');
  }
  async userByEmail(email: string) {
    return this.getNamed<UserRow>('SELECT * FROM users', 'email', email);
  }
  async insertUser(u: { email: string; name: string; createdAt: string }) {
    return this.insertNamed('end user', u.email, 'INSERT INTO users(email, name, created_at) VALUES (?, ?, ?)', u.email, u.name, u.createdAt);
  }

  async takeTicketNumber() {
    const last = this.get<{ value: string }>("SELECT value FROM settings WHERE key = 'ticket.last_number'");
    // BigInt: exact whatever an older version let into the counter (numbers are text, never floats).
    const next = last ? BigInt(last.value) + 1n : 100001n;
    this.run("INSERT INTO settings(key, value) VALUES ('ticket.last_number', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", String(next));
    return String(next);
  }
  async insertTicket(t: NewTicket) {
    const cols = Object.keys(t);
    return this.run(`INSERT INTO tickets(${cols.join(',')}) VALUES (${cols.map((c) => `@${c}`).join(',')})`, t);
  }
  async updateTicket(id: number, patch: TicketPatch) {
    const cols = Object.keys(patch).filter((c) => PATCHABLE.has(c));
    if (!cols.length) return;
    this.run(`UPDATE tickets SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`, { ...patch, id });
  }
  async ticketByNumber(number: string) {
    return this.get<TicketRow>(`${TICKET_SELECT} WHERE t.number = ?`, number);
  }
  async listTickets(filter: TicketFilter) {
    const where = ticketWhere(filter);
    const limit = filter.limit === null ? '' : ` LIMIT ${Math.max(0, Math.floor(filter.limit))}`;
    return this.all<TicketRow>(`${TICKET_SELECT} ${where.sql} ${ticketOrder(filter)}${limit}`, ...where.params);
  }
  async eachTicket(filter: TicketFilter, each: (row: TicketRow) => void) {
    const where = ticketWhere(filter);
    const limit = filter.limit === null ? '' : ` LIMIT ${Math.max(0, Math.floor(filter.limit))}`;
    for (const row of this.stmt(`${TICKET_SELECT} ${where.sql} ${ticketOrder(filter)}${limit}`).iterate(...where.params)) each(row as TicketRow);
  }
  async countTickets(filter: TicketFilter) {
    const where = ticketWhere(filter);
    return this.get<{ n: number }>(`SELECT count(*) AS n FROM tickets t ${where.sql}`, ...where.params)!.n;
  }

  async insertEntry(e: { ticketId: number; kind: string; author: AuthorRef; title: string | null; body: string; createdAt: string }) {
    return this.run(
      'INSERT INTO thread_entries(ticket_id, kind, author_agent_id, author_user_id, title, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      e.ticketId, e.kind, e.author.agentId, e.author.userId, e.title, e.body, e.createdAt,
    );
  }
  async entriesOf(ticketId: number) {
    return this.all<EntryRow>(
      `SELECT e.id, e.ticket_id, e.kind, e.title, e.body, e.created_at,
              COALESCE(a.username, u.email) AS author, COALESCE(a.name, u.name) AS author_name
       FROM thread_entries e LEFT JOIN agents a ON a.id = e.author_agent_id LEFT JOIN users u ON u.id = e.author_user_id
       WHERE e.ticket_id = ? ORDER BY e.id`, ticketId,
    );
  }
  async insertEvent(e: { ticketId: number; type: string; actor: AuthorRef; at: string; data: object }) {
    return this.run(
      'INSERT INTO events(ticket_id, type, actor_agent_id, actor_user_id, at, data) VALUES (?, ?, ?, ?, ?, ?)',
      e.ticketId, e.type, e.actor.agentId, e.actor.userId, e.at, JSON.stringify(e.data),
    );
  }
  async eventsOf(ticketId: number) {
    return this.all<EventRow>(
      `SELECT e.id, e.ticket_id, e.type, e.at, e.data, COALESCE(a.username, u.email, 'system') AS actor
       FROM events e LEFT JOIN agents a ON a.id = e.actor_agent_id LEFT JOIN users u ON u.id = e.actor_user_id
       WHERE e.ticket_id = ? ORDER BY e.id`, ticketId,
    );
  }

  async insertOutbox(m: NewOutboxMessage) {
    return this.run(
      `INSERT INTO outbox(ticket_id, kind, to_addr, subject, body, message_id, in_reply_to, created_at, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      m.ticketId, m.kind, m.to, m.subject, m.body, m.messageId, m.inReplyTo, m.createdAt, m.createdAt,
    );
  }
  async outbox(filter: { status?: OutboxRow['status']; ticketId?: number }) {
    return this.all<OutboxRow>(
      `SELECT o.*, t.number AS ticket FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id
       WHERE (@status IS NULL OR o.status = @status) AND (@ticketId IS NULL OR o.ticket_id = @ticketId) ORDER BY o.id`,
      { status: filter.status ?? null, ticketId: filter.ticketId ?? null },
    );
  }

  // --- issue 4: SLA engine and reports (queries in sqlite-sla.ts) ---
  private slaQueries?: SqliteSlaQueries;
  private get sla(): SqliteSlaQueries {
    return (this.slaQueries ??= new SqliteSlaQueries(this.db));
  }
  async scheduleByName(name: string) { return this.sla.scheduleByName(name); }
  async updateScheduleHolidays(id: number, holidays: string) { this.sla.updateScheduleHolidays(id, holidays); }
  async openTicketsOnSchedule(scheduleId: number) { return this.sla.openTicketsOnSchedule(scheduleId); }
  async slaQueue(filter: SlaQueueFilter) { return this.sla.slaQueue(filter); }
  async slaBreaches(now: string) { return this.sla.slaBreaches(now); }
  private alertQueries?: SqliteSlaAlerts;
  private get alerts(): SqliteSlaAlerts {
    return (this.alertQueries ??= new SqliteSlaAlerts(this.db));
  }
  async slaBreachBatch(now: string, clock: 'resolution' | 'first_response', after: BreachCursor | null, limit: number) {
    return this.alerts.slaBreachBatch(now, clock, after, limit);
  }
  async insertPendingAlert(recipient: string, eventId: number) { this.alerts.insertPendingAlert(recipient, eventId); }
  async pendingAlertRecipients() { return this.alerts.pendingAlertRecipients(); }
  async pendingAlertsOf(recipient: string, limit: number) { return this.alerts.pendingAlertsOf(recipient, limit); }
  async deletePendingAlerts(recipient: string) { this.alerts.deletePendingAlerts(recipient); }
  async reportTimes(filter: ReportFilter, each: (row: ReportTimeRow) => void) { this.sla.reportTimes(filter, each); }
  // --- issue 21: automations and plan edits (queries in sqlite-automate.ts) ---
  private automateQueries?: SqliteAutomateQueries;
  private get automate(): SqliteAutomateQueries {
    return (this.automateQueries ??= new SqliteAutomateQueries(this.db));
  }
  private slaEditQueries?: SqliteSlaEditQueries;
  private get slaEdit(): SqliteSlaEditQueries {
    return (this.slaEditQueries ??= new SqliteSlaEditQueries(this.db));
  }
  async resolvedBefore(cutoff: string) { return this.automate.resolvedBefore(cutoff); }
  async awaitingSince(cutoff: string) { return this.automate.awaitingSince(cutoff); }
  async warnCandidates(now: string) { return this.automate.warnCandidates(now); }
  async warningsOf(ticketIds: readonly number[]) { return this.automate.warningsOf(ticketIds); }
  async updateSla(id: number, patch: SlaPatch) { this.slaEdit.updateSla(id, patch); }
  async updateSchedule(id: number, patch: { ranges?: string; timezone?: string }) { this.slaEdit.updateSchedule(id, patch); }
  async deleteSchedule(id: number) { this.slaEdit.deleteSchedule(id); }
  async openTicketsOnPlan(slaId: number) { return this.slaEdit.openTicketsOnPlan(slaId); }
  // Issue 3: organisation admin — the queries live in sqlite-org.ts.
  private orgQueries?: SqliteOrg;
  private get org(): SqliteOrg {
    return (this.orgQueries ??= new SqliteOrg(this.db));
  }
  async updateAgent(id: number, patch: AgentPatch) { this.org.updateAgent(id, patch); }
  async removeGrant(agentId: number, deptId: number) { return this.org.removeGrant(agentId, deptId); }
  async removeTeamMember(teamId: number, agentId: number) { return this.org.removeTeamMember(teamId, agentId); }
  async updateDept(id: number, patch: { name?: string; slaId?: number | null }) { this.org.updateDept(id, patch); }
  async deptUsage(id: number) { return this.org.deptUsage(id); }
  async deleteDept(id: number) { this.org.deleteDept(id); }
  async updateTopic(id: number, patch: Parameters<Tx['updateTopic']>[1]) { this.org.updateTopic(id, patch); }
  async updateUser(id: number, patch: { name?: string; email?: string }) { this.org.updateUser(id, patch); }
  async ticketCountsByUser() { return this.org.ticketCountsByUser(); }
  // --- issue 7: search, export/import (queries in sqlite-search.ts and sqlite-transfer.ts) ---
  async searchTickets(req: SearchRequest) {
    return searchTickets(this.db, req);
  }
  async settingsAll() {
    return this.all<{ key: string; value: string }>('SELECT key, value FROM settings ORDER BY key');
  }
  private transferQueries?: SqliteTransfer;
  private get transfer(): SqliteTransfer {
    return (this.transferQueries ??= new SqliteTransfer(this.db));
  }
  async countExport(filter: ExportFilter) { return this.transfer.countExport(filter); }
  async exportPage(filter: ExportFilter, afterId: number, limit: number, withThread: boolean) {
    return this.transfer.exportPage(filter, afterId, limit, withThread);
  }
  async usersPage(afterId: number, limit: number) { return this.transfer.usersPage(afterId, limit); }
  async ticketIdByNumber(number: string) { return this.transfer.ticketIdByNumber(number); }
  async maxTicketId() { return this.transfer.maxTicketId(); }
  async raiseTicketCounter(number: string) { this.transfer.raiseTicketCounter(number); }
  async setAgentActive(agentId: number, active: boolean) {
    this.run('UPDATE agents SET active = ? WHERE id = ?', active ? 1 : 0, agentId);
  }
  async deferSearchIndex() { this.transfer.deferSearchIndex(); }
  async resumeSearchIndex(sinceId: number, optimize: boolean) { this.transfer.resumeSearchIndex(sinceId, optimize); }
  // --- export/import of mail data (issue 10; queries in sqlite-transfer-mail.ts) ---
  private transferMailQueries?: SqliteTransferMail;
  private get transferMail(): SqliteTransferMail {
    return (this.transferMailQueries ??= new SqliteTransferMail(this.db));
  }
  async exportCollaborators(ticketIds: readonly number[]) { return this.transferMail.exportCollaborators(ticketIds); }
  async exportAttachments(filter: ExportFilter, afterId: number, limit: number) { return this.transferMail.exportAttachments(filter, afterId, limit); }
  async exportOutbox(filter: ExportFilter, afterId: number, limit: number) { return this.transferMail.exportOutbox(filter, afterId, limit); }
  async exportInbound(filter: ExportFilter, afterId: number, limit: number) { return this.transferMail.exportInbound(filter, afterId, limit); }
  async inboundContent(id: number) { return this.transferMail.inboundContent(id); }
  async entryIdAt(ticketId: number, index: number) { return this.transferMail.entryIdAt(ticketId, index); }
  async importOutbox(m: ImportedOutbox) { return this.transferMail.importOutbox(m); }
  async importInbound(m: ImportedInbound) { return this.transferMail.importInbound(m); }
  // --- issue 8: bulk loads (sqlite-bulk.ts) ---
  async insertTicketsBulk(tickets: readonly BulkTicket[]) {
    return bulk.insertTicketsBulk(this.db, tickets);
  }
  async optimizeAfterLoad() {
    bulk.optimizeAfterLoad(this.db);
  }
  async listMatchingTickets(filter: TicketFilter, withTotal: boolean) {
    return listMatching(this.db, filter, withTotal);
  }
}
