-- 0003: Idempotency-Key records. A key is written in the same transaction as
-- the event it produced, so a retried request finds either nothing (nothing
-- happened) or the event (it happened once) and never acts twice.
CREATE TABLE idempotency_keys (
  principal     TEXT NOT NULL,   -- who sent it: role, department and name of the token
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,   -- SHA-256 of method, path and body
  status        INTEGER NOT NULL,
  seq           INTEGER NOT NULL REFERENCES events (seq),
  activity      TEXT NOT NULL,   -- the activity as the first answer showed it
  created_at    TEXT NOT NULL,
  PRIMARY KEY (principal, key)
) STRICT;
