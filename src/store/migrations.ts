/**
 * Schema migrations, keyed by `PRAGMA user_version`. Each step runs in its own transaction. Steps are
 * frozen in time: they are plain SQL and never import current code, so an old database always upgrades
 * through exactly the schema history it missed.
 */
import { SEARCH_INDEX_V4 } from './migration-v4-search.js';
import { OPEN_QUEUES_V6 } from './migration-v6-queues.js';
import { SERVER_AUTH_V10 } from './migration-v10-auth.js';
import { PORTAL_V18 } from './migration-v18-portal.js';
import { BREACH_MARKS_V20 } from './migration-v20-breach-marks.js';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'organisation, end users, tickets, thread entries, events',
    sql: `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE schedules (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
  timezone TEXT NOT NULL DEFAULT 'UTC',
  ranges   TEXT NOT NULL,              -- JSON [{day,start,end}] in local minutes
  holidays TEXT NOT NULL DEFAULT '[]'  -- JSON ["YYYY-MM-DD"]
) STRICT;

CREATE TABLE sla_plans (
  id                     INTEGER PRIMARY KEY,
  name                   TEXT NOT NULL UNIQUE COLLATE NOCASE,
  minutes                INTEGER NOT NULL CHECK (minutes > 0),
  first_response_minutes INTEGER CHECK (first_response_minutes > 0),
  pause_awaiting         INTEGER NOT NULL DEFAULT 0,
  schedule_id            INTEGER REFERENCES schedules(id)
) STRICT;

CREATE TABLE roles (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  permissions TEXT NOT NULL            -- comma-separated permission keys
) STRICT;

CREATE TABLE departments (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL UNIQUE COLLATE NOCASE,
  sla_id INTEGER REFERENCES sla_plans(id)
) STRICT;

CREATE TABLE agents (
  id         INTEGER PRIMARY KEY,
  username   TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name       TEXT NOT NULL,
  email      TEXT COLLATE NOCASE,
  dept_id    INTEGER NOT NULL REFERENCES departments(id),
  role_id    INTEGER NOT NULL REFERENCES roles(id),
  is_admin   INTEGER NOT NULL DEFAULT 0,
  active     INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE agent_access (
  agent_id INTEGER NOT NULL REFERENCES agents(id),
  dept_id  INTEGER NOT NULL REFERENCES departments(id),
  role_id  INTEGER NOT NULL REFERENCES roles(id),
  PRIMARY KEY (agent_id, dept_id)
) STRICT;

CREATE TABLE teams (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE team_members (
  team_id  INTEGER NOT NULL REFERENCES teams(id),
  agent_id INTEGER NOT NULL REFERENCES agents(id),
  PRIMARY KEY (team_id, agent_id)
) STRICT;
CREATE INDEX team_members_agent ON team_members(agent_id);

CREATE TABLE topics (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
  dept_id  INTEGER REFERENCES departments(id),
  priority TEXT CHECK (priority IN ('low','normal','high','emergency')),
  sla_id   INTEGER REFERENCES sla_plans(id)
) STRICT;

CREATE TABLE users (
  id         INTEGER PRIMARY KEY,
  email      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE tickets (
  id                    INTEGER PRIMARY KEY,
  number                TEXT NOT NULL UNIQUE,
  subject               TEXT NOT NULL,
  status                TEXT NOT NULL CHECK (status IN ('open','in-progress','awaiting-response','resolved','closed')),
  priority              TEXT NOT NULL CHECK (priority IN ('low','normal','high','emergency')),
  dept_id               INTEGER NOT NULL REFERENCES departments(id),
  topic_id              INTEGER REFERENCES topics(id),
  sla_id                INTEGER REFERENCES sla_plans(id),
  assignee_id           INTEGER REFERENCES agents(id),
  team_id               INTEGER REFERENCES teams(id),
  user_id               INTEGER NOT NULL REFERENCES users(id),
  source                TEXT NOT NULL,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL,
  due_at                TEXT,
  first_response_due_at TEXT,
  first_response_at     TEXT,
  resolved_at           TEXT,
  closed_at             TEXT,
  reopened_count        INTEGER NOT NULL DEFAULT 0,
  clock_start_at        TEXT NOT NULL,      -- creation, or the last reopen: the resolution clock's origin
  paused_minutes        REAL NOT NULL DEFAULT 0,
  paused_at             TEXT,               -- set while an SLA pause is running
  answered              INTEGER NOT NULL DEFAULT 0  -- last public entry is an agent reply
) STRICT;
CREATE INDEX tickets_dept_queue     ON tickets(dept_id, status, due_at);
CREATE INDEX tickets_assignee_queue ON tickets(assignee_id, status, due_at);
CREATE INDEX tickets_team_queue     ON tickets(team_id, status, due_at);
CREATE INDEX tickets_status_due     ON tickets(status, due_at);
CREATE INDEX tickets_user           ON tickets(user_id, status);
CREATE INDEX tickets_updated        ON tickets(updated_at);
CREATE INDEX tickets_created        ON tickets(created_at);

CREATE TABLE thread_entries (
  id              INTEGER PRIMARY KEY,
  ticket_id       INTEGER NOT NULL REFERENCES tickets(id),
  kind            TEXT NOT NULL CHECK (kind IN ('message','reply','note')),
  author_agent_id INTEGER REFERENCES agents(id),
  author_user_id  INTEGER REFERENCES users(id),
  title           TEXT,
  body            TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  CHECK ((author_agent_id IS NULL) <> (author_user_id IS NULL))
) STRICT;
CREATE INDEX thread_entries_ticket ON thread_entries(ticket_id, id);

CREATE TABLE events (
  id             INTEGER PRIMARY KEY,
  ticket_id      INTEGER NOT NULL REFERENCES tickets(id),
  type           TEXT NOT NULL,
  actor_agent_id INTEGER REFERENCES agents(id),
  actor_user_id  INTEGER REFERENCES users(id),
  at             TEXT NOT NULL,
  data           TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX events_ticket ON events(ticket_id, id);
CREATE INDEX events_type_at ON events(type, at);
`,
  },
  {
    version: 2,
    description: 'mail outbox',
    sql: `
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  ticket_id       INTEGER REFERENCES tickets(id),
  kind            TEXT NOT NULL,             -- reply, autoresponse, resolved, sla-alert, …
  to_addr         TEXT NOT NULL,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  message_id      TEXT NOT NULL UNIQUE,      -- ours, so answers thread back; kept across retries
  in_reply_to     TEXT,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  next_attempt_at TEXT,
  created_at      TEXT NOT NULL,
  sent_at         TEXT
) STRICT;
CREATE INDEX outbox_status ON outbox(status, next_attempt_at);
CREATE INDEX outbox_ticket ON outbox(ticket_id);
`,
  },
  {
    version: 4,
    description: 'full-text search over subjects and threads',
    sql: SEARCH_INDEX_V4,
  },
  {
    version: 5,
    description: 'mail: threading headers, inbound messages, attachments, collaborators, canned responses, templates',
    sql: `
ALTER TABLE outbox ADD COLUMN references_hdr TEXT;   -- space-separated Message-IDs for References

CREATE TABLE inbound_messages (
  id            INTEGER PRIMARY KEY,
  message_id    TEXT NOT NULL UNIQUE,          -- the sender's, or a digest of the source when it had none
  ticket_id     INTEGER REFERENCES tickets(id),
  entry_id      INTEGER REFERENCES thread_entries(id),
  outcome       TEXT NOT NULL CHECK (outcome IN ('created','message','note')),
  from_addr     TEXT NOT NULL,
  subject       TEXT NOT NULL,
  original_text TEXT NOT NULL,                 -- the body before quotes and signature were stripped
  raw           BLOB NOT NULL,                 -- the message exactly as received
  received_at   TEXT NOT NULL
) STRICT;
CREATE INDEX inbound_ticket ON inbound_messages(ticket_id);

CREATE TABLE attachments (
  id           INTEGER PRIMARY KEY,
  ticket_id    INTEGER NOT NULL REFERENCES tickets(id),
  entry_id     INTEGER REFERENCES thread_entries(id),
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  content      BLOB NOT NULL,
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX attachments_ticket ON attachments(ticket_id, id);

CREATE TABLE ticket_collaborators (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  user_id   INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (ticket_id, user_id)
) STRICT;
CREATE INDEX ticket_collaborators_user ON ticket_collaborators(user_id);

CREATE TABLE canned_responses (
  id         INTEGER PRIMARY KEY,
  title      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  body       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE mail_templates (
  name       TEXT PRIMARY KEY,                 -- reply, autoresponse, resolved, sla-alert
  body       TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
`,
  },
  {
    version: 6,
    description: 'open queues in due order from partial indexes',
    sql: OPEN_QUEUES_V6,
  },
  {
    version: 8,
    description: "outbox status 'bounced': a bounce of our own message marks it",
    // SQLite cannot change a CHECK constraint in place: the table is rebuilt with the same rows.
    sql: `
CREATE TABLE outbox_v8 (
  id              INTEGER PRIMARY KEY,
  ticket_id       INTEGER REFERENCES tickets(id),
  kind            TEXT NOT NULL,
  to_addr         TEXT NOT NULL,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  message_id      TEXT NOT NULL UNIQUE,
  in_reply_to     TEXT,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed','bounced')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  next_attempt_at TEXT,
  created_at      TEXT NOT NULL,
  sent_at         TEXT,
  references_hdr  TEXT
) STRICT;
INSERT INTO outbox_v8 (id, ticket_id, kind, to_addr, subject, body, message_id, in_reply_to, status, attempts,
  last_error, next_attempt_at, created_at, sent_at, references_hdr)
SELECT id, ticket_id, kind, to_addr, subject, body, message_id, in_reply_to, status, attempts,
  last_error, next_attempt_at, created_at, sent_at, references_hdr FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v8 RENAME TO outbox;
CREATE INDEX outbox_status ON outbox(status, next_attempt_at);
CREATE INDEX outbox_ticket ON outbox(ticket_id);
`,
  },
  {
    version: 9,
    description: 'SLA alerts waiting for the digest of their sla check run; the urgency queue in its order',
    // One row per breach (its overdue event) and person to tell, written with the event in the
    // batch that records it; the run's last step turns them into one mail per person and deletes
    // them in one transaction. A run killed in between leaves them for the next run's digest.
    sql: `
CREATE TABLE sla_alert_pending (
  recipient TEXT NOT NULL,
  event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  PRIMARY KEY (recipient, event_id)
) STRICT, WITHOUT ROWID;

-- sla status: open tickets keyed exactly as the queue sorts them (paused-before-due last, then the
-- clock that runs out first, then id), so a first page reads 50 entries instead of sorting 33,000.
CREATE INDEX tickets_sla_queue ON tickets(
  (paused_at IS NOT NULL AND (CASE WHEN first_response_at IS NULL AND first_response_due_at IS NOT NULL
    AND (due_at IS NULL OR first_response_due_at < due_at) THEN first_response_due_at ELSE due_at END) >= paused_at
    AND (CASE WHEN first_response_at IS NULL AND first_response_due_at IS NOT NULL
    AND (due_at IS NULL OR first_response_due_at < due_at) THEN first_response_due_at ELSE due_at END) IS NOT first_response_due_at),
  (CASE WHEN first_response_at IS NULL AND first_response_due_at IS NOT NULL
    AND (due_at IS NULL OR first_response_due_at < due_at) THEN first_response_due_at ELSE due_at END),
  id
) WHERE status IN ('open','in-progress','awaiting-response');
`,
  },
  {
    version: 10,
    description: 'the server: passwords, tokens, API keys, failed logins',
    sql: SERVER_AUTH_V10,
  },
  {
    version: 11,
    description: 'working tickets together: merge, links, parent, time spent, Cc on mail, auto-assignment',
    sql: `
ALTER TABLE tickets ADD COLUMN parent_id INTEGER REFERENCES tickets(id);
ALTER TABLE tickets ADD COLUMN merged_into_id INTEGER REFERENCES tickets(id);
CREATE INDEX tickets_parent ON tickets(parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE ticket_links (
  ticket_id  INTEGER NOT NULL REFERENCES tickets(id),   -- the ticket the link was made from
  other_id   INTEGER NOT NULL REFERENCES tickets(id),
  type       TEXT NOT NULL CHECK (type IN ('relates','duplicates','blocks')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (ticket_id, other_id)
) STRICT;
CREATE INDEX ticket_links_other ON ticket_links(other_id);

CREATE TABLE time_spent (
  id        INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  agent_id  INTEGER NOT NULL REFERENCES agents(id),  -- who logged it (reports credit them)
  entry_id  INTEGER REFERENCES thread_entries(id),   -- the reply or note it came with, if any
  minutes   INTEGER NOT NULL CHECK (minutes > 0),
  at        TEXT NOT NULL
) STRICT;
CREATE INDEX time_spent_ticket ON time_spent(ticket_id);

ALTER TABLE outbox ADD COLUMN cc_addrs TEXT;        -- comma-separated Cc addresses (collaborators)
ALTER TABLE outbox ADD COLUMN entry_id INTEGER REFERENCES thread_entries(id);  -- attachments go with it

ALTER TABLE departments ADD COLUMN auto_assign TEXT CHECK (auto_assign IN ('round-robin','least-open'));
ALTER TABLE departments ADD COLUMN auto_assign_team_id INTEGER REFERENCES teams(id);
ALTER TABLE departments ADD COLUMN auto_assign_last_id INTEGER;  -- the agent round-robin chose last
`,
  },
  {
    version: 12,
    description: 'automate run finds resolved tickets to close from an index',
    // Only resolved tickets are in it and auto-close removes them, so it stays small; awaiting-response
    // tickets are found through tickets_status_due (version 1) and open clocks through version 6's.
    sql: `CREATE INDEX tickets_resolved_at ON tickets(resolved_at) WHERE status = 'resolved';`,
  },
  {
    // Custom statuses. tickets.status keeps its CHECK and always holds the built-in status
    // that carries the state (in-progress for an open-state custom status, resolved for a closed-state
    // one); custom_status names the custom one on top. Additive: no table rebuild, every query on
    // tickets.status (queues, overdue, reports, indexes) keeps working unchanged.
    version: 14,
    description: 'custom statuses',
    sql: `
CREATE TABLE statuses (
  key        TEXT PRIMARY KEY,                  -- the name in lower case with hyphens ('on-hold')
  name       TEXT NOT NULL,                     -- as the admin wrote it ('On Hold')
  state      TEXT NOT NULL CHECK (state IN ('open','closed')),
  pause      INTEGER NOT NULL DEFAULT 0 CHECK (pause IN (0,1)),  -- the resolution clock stands still
  created_at TEXT NOT NULL
) STRICT;

ALTER TABLE tickets ADD COLUMN custom_status TEXT REFERENCES statuses(key);
CREATE INDEX tickets_custom_status ON tickets(custom_status) WHERE custom_status IS NOT NULL;
`,
  },
  {
    version: 17,
    description: 'open unanswered first-response clocks by due time',
    // automate run's warnings and sla check's first-response breaches read a window of these clocks
    // by due time; before this every open ticket was read and sorted. Only open tickets still waiting
    // for their first agent reply are in it, so answering or closing a ticket takes it out.
    sql: `CREATE INDEX tickets_first_response_due ON tickets(first_response_due_at)
  WHERE status IN ('open','in-progress','awaiting-response') AND first_response_at IS NULL AND first_response_due_at IS NOT NULL;`,
  },
  {
    // Numbered after 17 (it was written as 15 beside it) so a desk already at 17 still gets it.
    version: 18,
    description: 'the end-user portal, satisfaction ratings and webhooks',
    sql: PORTAL_V18,
  },
  {
    version: 20,
    description: 'unrecorded breaches found from partial indexes, not from every overdue ticket\'s events',
    sql: BREACH_MARKS_V20,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

