-- 0001: activities, their hash-chained transition log, id counters, tokens.
-- Released migrations are never edited: the runner refuses a database whose
-- recorded checksum differs. Change the schema with a new numbered file.

-- The current record of each activity: always the fold of its events
-- (engine::Apply); kept so that reads need not replay the log.
CREATE TABLE activities (
  id          TEXT PRIMARY KEY,
  department  TEXT NOT NULL,
  state       TEXT NOT NULL,
  version     INTEGER NOT NULL CHECK (version >= 1),
  record      TEXT NOT NULL,  -- engine::ToJson(Activity)
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX activities_by_department ON activities (department, state);

-- The transition log. seq is the position in one chain over all activities,
-- so a single head hash anchors the whole record.
CREATE TABLE events (
  seq               INTEGER PRIMARY KEY,
  activity_id       TEXT NOT NULL REFERENCES activities (id),
  version           INTEGER NOT NULL,
  type              TEXT NOT NULL,
  from_state        TEXT NOT NULL,
  to_state          TEXT NOT NULL,
  actor_name        TEXT NOT NULL,
  actor_role        TEXT NOT NULL,
  actor_department  TEXT NOT NULL,
  request_id        TEXT NOT NULL,
  payload           TEXT NOT NULL,
  derived           TEXT NOT NULL,
  at                TEXT NOT NULL,
  prev_hash         TEXT NOT NULL,
  hash              TEXT NOT NULL,
  UNIQUE (activity_id, version)
) STRICT;

-- Append-only: the program never updates or deletes an event. Someone with
-- the file can drop these triggers; the hash chain is what catches that.
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'the event log is append-only');
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'the event log is append-only');
END;

-- The last number handed out per department and year (BZK-2026-0007).
CREATE TABLE activity_counters (
  department  TEXT NOT NULL,
  year        INTEGER NOT NULL,
  last        INTEGER NOT NULL,
  PRIMARY KEY (department, year)
) STRICT;

-- API tokens. Only the SHA-256 of a token is kept; the token is shown once.
CREATE TABLE tokens (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL,
  department  TEXT NOT NULL,
  hash        TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL,
  revoked_at  TEXT
) STRICT;
