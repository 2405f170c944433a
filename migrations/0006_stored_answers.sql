-- 0006: each activity's answers to GET .../gate and GET .../eligibility,
-- rendered when its event is written, in the event's transaction
-- (engine/answers.h), so that a read is one lookup by primary key and the
-- text. What belongs to the request is left out and filled in at each read:
-- the gate's actions (the caller's) and the eligibility's instant.
--
-- A table of its own rather than columns of activities: a read of the
-- answer then does not walk past the record's overflow pages.
--
-- An answer holds from `from_ms` until `until_ms` (the first deadline after
-- it; NULL: the next event), and while the pack it was judged under applies
-- (`pinned`, or `pack_hash` is the pack in force). Instants are milliseconds
-- since 1970 here, not text: every read compares them. A row is missing for
-- activities written before this migration or imported, and a write that
-- renders no answers deletes it; a read then renders and stores them again.
CREATE TABLE activity_answers (
  activity_id  TEXT PRIMARY KEY REFERENCES activities (id),
  version      INTEGER NOT NULL,  -- the activity version they answer for
  department   TEXT NOT NULL,     -- who may see them
  state        TEXT NOT NULL,     -- what the gate's actions follow from
  pack_hash    TEXT NOT NULL,
  pinned       INTEGER NOT NULL CHECK (pinned IN (0, 1)),
  from_ms      INTEGER NOT NULL,
  until_ms     INTEGER,
  gate         TEXT NOT NULL,     -- engine::GateJson without "actions"
  eligibility  TEXT NOT NULL      -- engine::EligibilityJson without "at"
) STRICT;
