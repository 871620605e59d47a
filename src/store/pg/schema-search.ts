/**
 * The PostgreSQL search index (owned by the search module, search-index.ts): one document
 * per ticket, a tsvector whose weights tell the columns apart (A subject, B public thread, C internal
 * notes, so an end user's search can leave the notes out), and its length in tokens for BM25, with
 * the totals over all documents (ticket_search_totals, one row). It is
 * written by the store from the tokens core/search.ts makes, never by PostgreSQL's own parser, so
 * that both stores find the same tickets. Frozen like a migration once released.
 */
export const SEARCH_SCHEMA_V12 = `
CREATE TABLE ticket_search (
  ticket_id bigint PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
  doc       tsvector NOT NULL,
  length    integer NOT NULL
);
CREATE INDEX ticket_search_doc ON ticket_search USING gin (doc);
-- FTS5 keeps the number of documents and of tokens in a totals record; BM25 needs both at every
-- ranked search, and counting them over a million documents would cost more than the search.
CREATE TABLE ticket_search_totals (
  docs   bigint NOT NULL,
  tokens bigint NOT NULL
);
INSERT INTO ticket_search_totals(docs, tokens) VALUES (0, 0);
`;
