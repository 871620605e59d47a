/**
 * How report figures summed outside the ticket rows (ratings, time spent) are grouped by `report --by`:
 * the group's key and the join that names it, over a query whose tickets are `t`. The same SQL runs on
 * SQLite and PostgreSQL. By agent, `agentColumn` says whose: the rated ticket's assignee, or the agent
 * who logged the time.
 */
import type { ReportGroup } from '../../core/report.js';

export interface GroupSql { key: string; join: string }

export function groupSql(by: ReportGroup, agentColumn: string): GroupSql {
  switch (by) {
    case 'dept': return { key: 'd.name', join: 'JOIN departments d ON d.id = t.dept_id' };
    case 'agent': return { key: 'a.username', join: `LEFT JOIN agents a ON a.id = ${agentColumn}` };
    case 'sla': return { key: 's.name', join: 'LEFT JOIN sla_plans s ON s.id = t.sla_id' };
    case 'topic': return { key: 'tp.name', join: 'LEFT JOIN topics tp ON tp.id = t.topic_id' };
    case 'team': return { key: 'tm.name', join: 'LEFT JOIN teams tm ON tm.id = t.team_id' };
    // A custom status over its built-in base, as the report groups tickets.
    case 'status': return { key: 'coalesce(t.custom_status, t.status)', join: '' };
  }
}
