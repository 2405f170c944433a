-- 0010: people out of the chain (docs/spec.md section 6, docs/design.md).
--
-- An event names its actor by a pseudonym ("actor-" and 32 hexadecimal
-- digits, random), never by name: the chain hashes the pseudonym, so the
-- name can be erased (AVG art. 17, or the end of a retention period) and the
-- chain still verifies. This table is the only place a name is kept.
-- Erasure sets `name` to NULL; the row stays, so old events read "erased
-- actor" rather than an unknown id. A person who acts again after an erasure
-- gets a new pseudonym.
--
-- The events of a database from before this migration name their actors;
-- the program replaces those names by pseudonyms when it first opens the
-- database for writing, after checking the chain, and re-chains the entries
-- (record_log, kind 'pseudonymise', keeps the old head and the new one).
CREATE TABLE actors (
  id         TEXT PRIMARY KEY CHECK (id GLOB 'actor-[0-9a-f]*' AND length(id) = 38),
  name       TEXT UNIQUE,
  erased_at  TEXT,
  CHECK ((name IS NULL) = (erased_at IS NOT NULL))
) STRICT;

-- A row here while the chain still names people: set when this migration
-- finds events of people (the database is older than pseudonyms) and by an
-- import of an older export; cleared when the chain is pseudonymised. So a
-- start need not scan the chain to know.
CREATE TABLE names_in_chain (
  one INTEGER PRIMARY KEY CHECK (one = 1)
) STRICT;
INSERT INTO names_in_chain SELECT 1 WHERE EXISTS (SELECT 1 FROM events WHERE actor_role != 'system');

-- What was done to the record itself rather than to an activity: the
-- pseudonymisation of an old chain, an erasure. Entries name pseudonyms,
-- never people. Hash-chained like the events (entry n over n-1's hash), and
-- each entry holds the event chain's head when it was written, so the two
-- chains anchor each other. `audit verify` checks it.
CREATE TABLE record_log (
  seq           INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  subject       TEXT NOT NULL,
  detail        TEXT NOT NULL,   -- JSON
  at            TEXT NOT NULL,
  chain_length  INTEGER NOT NULL,
  chain_hash    TEXT NOT NULL,
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
) STRICT;
CREATE TRIGGER record_log_append_only_update BEFORE UPDATE ON record_log
BEGIN
  SELECT RAISE(ABORT, 'the record log is append-only');
END;
CREATE TRIGGER record_log_append_only_delete BEFORE DELETE ON record_log
BEGIN
  SELECT RAISE(ABORT, 'the record log is append-only');
END;
