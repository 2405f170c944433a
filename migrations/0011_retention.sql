-- 0011: retention (docs/spec.md section 6, docs/operations.md "Retention").
--
-- When an activity's retention period under the department's selection
-- list (Archiefwet 1995, art. 5) has passed, its events, record, kept
-- answers and documents are destroyed, or handed to an e-depot as a
-- transfer package (art. 12) and then removed here. The chain must still
-- verify, and its head must not move, so each destroyed entry leaves a
-- tombstone: its position and the two hashes that link it. The verifier
-- checks a tombstone's links but cannot check content that is gone; the
-- record log entry of the destruction ('destroy-activity' or
-- 'transfer-activity', subject the activity's id) lists the same
-- positions and hashes, and `audit verify` checks the two agree, so a
-- tombstone cannot stand in for an entry without a record of why.
CREATE TABLE chain_tombstones (
  seq          INTEGER PRIMARY KEY,
  activity_id  TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL,
  record_seq   INTEGER NOT NULL REFERENCES record_log (seq)
) STRICT;
CREATE INDEX chain_tombstones_by_activity ON chain_tombstones (activity_id);

CREATE TRIGGER chain_tombstones_append_only_update BEFORE UPDATE ON chain_tombstones
BEGIN
  SELECT RAISE(ABORT, 'the chain''s tombstones are append-only');
END;
CREATE TRIGGER chain_tombstones_append_only_delete BEFORE DELETE ON chain_tombstones
BEGIN
  SELECT RAISE(ABORT, 'the chain''s tombstones are append-only');
END;
