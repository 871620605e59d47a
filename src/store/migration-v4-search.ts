/**
 * Schema version 4, frozen: full-text search over subjects and threads. Kept in its own
 * file only for length; like every migration it never changes and imports nothing.
 *
 * One search document per ticket (rowid = ticket id) with three columns —
 * the subject, the public thread (messages and replies) and the internal notes — so an end user's
 * search can be limited to the first two. The index stores no text of its own: its content is the
 * view ticket_fts_source, computed from tickets and thread_entries. Triggers keep it in step inside
 * the writing transaction; to take a document out, FTS5 must be given the text it indexed, which the
 * triggers rebuild from the rows around the change (the order of the text does not matter, only its
 * words). While the setting 'search.deferred' exists — only ever inside an import's own transaction,
 * for tickets that transaction creates — the triggers stand aside and the import indexes its
 * tickets in one pass at the end.
 */
const NOT_DEFERRED = "NOT EXISTS (SELECT 1 FROM settings WHERE key = 'search.deferred')";
const publicOf = (ticket: string, except: string) => `COALESCE((SELECT group_concat(e.body, char(10)) FROM thread_entries e
    WHERE e.ticket_id = ${ticket} AND e.kind <> 'note' AND e.id <> ${except}), '')`;
const internalOf = (ticket: string, except: string) => `COALESCE((SELECT group_concat(COALESCE(e.title || char(10), '') || e.body, char(10))
    FROM thread_entries e WHERE e.ticket_id = ${ticket} AND e.kind = 'note' AND e.id <> ${except}), '')`;
const publicPart = (row: string) => `CASE WHEN ${row}.kind <> 'note' THEN char(10) || ${row}.body ELSE '' END`;
const internalPart = (row: string) => `CASE WHEN ${row}.kind = 'note' THEN char(10) || COALESCE(${row}.title || char(10), '') || ${row}.body ELSE '' END`;
const indexDoc = (ticket: string) => `INSERT INTO ticket_fts(rowid, subject, public, internal)
    SELECT id, subject, public, internal FROM ticket_fts_source WHERE id = ${ticket};`;

export const SEARCH_INDEX_V4 = `
CREATE VIEW ticket_fts_source AS
SELECT t.id AS id, t.subject AS subject, ${publicOf('t.id', '0')} AS public, ${internalOf('t.id', '0')} AS internal
FROM tickets t;

CREATE VIRTUAL TABLE ticket_fts USING fts5(
  subject, public, internal,
  content = 'ticket_fts_source', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
-- The subject weighs more than a word deep in the thread.
INSERT INTO ticket_fts(ticket_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0, 1.0)');

CREATE TRIGGER ticket_fts_ticket_insert AFTER INSERT ON tickets WHEN ${NOT_DEFERRED}
BEGIN
  ${indexDoc('NEW.id')}
END;

CREATE TRIGGER ticket_fts_ticket_subject AFTER UPDATE OF subject ON tickets
WHEN OLD.subject IS NOT NEW.subject AND ${NOT_DEFERRED}
BEGIN
  INSERT INTO ticket_fts(ticket_fts, rowid, subject, public, internal)
    SELECT 'delete', id, OLD.subject, public, internal FROM ticket_fts_source WHERE id = NEW.id;
  ${indexDoc('NEW.id')}
END;

CREATE TRIGGER ticket_fts_ticket_delete AFTER DELETE ON tickets WHEN ${NOT_DEFERRED}
BEGIN
  INSERT INTO ticket_fts(ticket_fts, rowid, subject, public, internal)
    VALUES ('delete', OLD.id, OLD.subject, ${publicOf('OLD.id', '0')}, ${internalOf('OLD.id', '0')});
END;

CREATE TRIGGER ticket_fts_entry_insert AFTER INSERT ON thread_entries WHEN ${NOT_DEFERRED}
BEGIN
  INSERT INTO ticket_fts(ticket_fts, rowid, subject, public, internal)
    SELECT 'delete', t.id, t.subject, ${publicOf('t.id', 'NEW.id')}, ${internalOf('t.id', 'NEW.id')}
    FROM tickets t WHERE t.id = NEW.ticket_id;
  ${indexDoc('NEW.ticket_id')}
END;

CREATE TRIGGER ticket_fts_entry_update AFTER UPDATE OF ticket_id, kind, title, body ON thread_entries WHEN ${NOT_DEFERRED}
BEGIN
  INSERT INTO ticket_fts(ticket_fts, rowid, subject, public, internal)
    SELECT 'delete', t.id, t.subject, ${publicOf('t.id', 'NEW.id')} || ${publicPart('OLD')}, ${internalOf('t.id', 'NEW.id')} || ${internalPart('OLD')}
    FROM tickets t WHERE t.id = OLD.ticket_id;
  INSERT INTO ticket_fts(ticket_fts, rowid, subject, public, internal)
    SELECT 'delete', t.id, t.subject, ${publicOf('t.id', 'NEW.id')}, ${internalOf('t.id', 'NEW.id')}
    FROM tickets t WHERE t.id = NEW.ticket_id AND NEW.ticket_id <> OLD.ticket_id;
  ${indexDoc('OLD.ticket_id')}
  INSERT INTO ticket_fts(rowid, subject, public, internal)
    SELECT id, subject, public, internal FROM ticket_fts_source WHERE id = NEW.ticket_id AND NEW.ticket_id <> OLD.ticket_id;
END;

CREATE TRIGGER ticket_fts_entry_delete AFTER DELETE ON thread_entries WHEN ${NOT_DEFERRED}
BEGIN
  INSERT INTO ticket_fts(ticket_fts, rowid, subject, public, internal)
    SELECT 'delete', id, subject, public || ${publicPart('OLD')}, internal || ${internalPart('OLD')}
    FROM ticket_fts_source WHERE id = OLD.ticket_id;
  ${indexDoc('OLD.ticket_id')}
END;

-- Index what was there before this version.
INSERT INTO ticket_fts(ticket_fts) VALUES ('rebuild');
`;
