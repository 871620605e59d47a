/**
 * The PostgreSQL search index (issue 17; owned by the search module, search.ts): one document per
 * ticket with the subject, the public thread and the internal notes apart, so an end user's search
 * can leave the notes out. Frozen like a migration once released.
 */
export const SEARCH_SCHEMA_V12 = `
CREATE TABLE ticket_search (
  ticket_id bigint PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
  subject   tsvector NOT NULL,
  public    tsvector NOT NULL,
  internal  tsvector NOT NULL
);
`;
