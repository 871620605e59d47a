/**
 * PostgreSQL queries of the sla domain (issue 17): schedules and SLA plans (here from the start:
 * `init` needs them), and — engineer B2 — the urgency queue, breaches, warnings and pending alerts
 * (today's flat Tx methods of the sla domain, see /tmp/iss/DOMAINS.md). Methods keep today's names
 * and signatures; tx.ts exposes them. Until a method is here, calling it on a PostgreSQL desk is an
 * error that names it (tx.ts).
 */
import type { ScheduleRow, SlaRow } from '../types.js';
import type { PgConn } from './conn.js';
import { getNamed, insertNamed } from './named.js';

const SLA_SELECT = 'SELECT p.*, sc.name AS schedule FROM sla_plans p LEFT JOIN schedules sc ON sc.id = p.schedule_id';

export class PgSla {
  constructor(protected readonly c: PgConn) {}

  async schedules() {
    return this.c.all<ScheduleRow>('SELECT * FROM schedules ORDER BY hd_nocase(name)');
  }
  async scheduleById(id: number) {
    return this.c.one<ScheduleRow>('SELECT * FROM schedules WHERE id = $1', [id]);
  }
  async scheduleByName(name: string) {
    return getNamed<ScheduleRow>(this.c, 'SELECT * FROM schedules', 'name', name);
  }
  async insertSchedule(s: { name: string; timezone: string; ranges: string; holidays: string }) {
    return insertNamed(this.c, 'schedule', s.name, 'INSERT INTO schedules(name, timezone, ranges, holidays) VALUES ($1, $2, $3, $4)',
      [s.name, s.timezone, s.ranges, s.holidays]);
  }

  async slaPlans() {
    return this.c.all<SlaRow>(`${SLA_SELECT} ORDER BY p.minutes, hd_nocase(p.name)`);
  }
  async slaByName(name: string) {
    return getNamed<SlaRow>(this.c, SLA_SELECT, 'p.name', name);
  }
  async slaById(id: number) {
    return this.c.one<SlaRow>(`${SLA_SELECT} WHERE p.id = $1`, [id]);
  }
  async insertSla(p: { name: string; minutes: number; firstResponseMinutes: number | null; pauseAwaiting: boolean; scheduleId: number | null }) {
    return insertNamed(this.c, 'SLA plan', p.name,
      'INSERT INTO sla_plans(name, minutes, first_response_minutes, pause_awaiting, schedule_id) VALUES ($1, $2, $3, $4, $5)',
      [p.name, p.minutes, p.firstResponseMinutes, p.pauseAwaiting ? 1 : 0, p.scheduleId]);
  }
}
