/** Reports: the window's tickets streamed for counting and measuring. */
import type { Scope } from '../../core/access.js';
import type { ReportGroup } from '../../core/report.js';
import type { Status } from '../../core/model.js';

export interface ReportFilter {
  scope: Scope;
  /** ISO bounds of created_at: [since, until); null = unbounded. */
  since: string | null;
  until: string | null;
  by: ReportGroup | null;
  now: string;
}
export interface ReportTimeRow {
  key: string | null; sla_id: number | null; status: Status; created_at: string; first_response_at: string | null;
  resolved_at: string | null; paused_minutes: number; due_at: string | null; first_response_due_at: string | null;
  paused_at: string | null; reopened_count: number;
}

export interface ReportsTx {
  /**
   * Streams the window's tickets (one row at a time, never all in memory, in no particular order):
   * the report counts, measures and groups them in one pass. The row object may be reused for the
   * next row: keep its values, never the object.
   */
  reportTimes(filter: ReportFilter, each: (row: ReportTimeRow) => void): Promise<void>;
}
