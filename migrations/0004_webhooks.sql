-- 0004: webhook subscriptions and the outbox of their messages.
--
-- A message is written in the same transaction as the event that raises it,
-- so an acknowledged event always has its messages and a rolled-back one
-- never does; a dispatcher delivers them afterwards, at least once.
CREATE TABLE webhook_subscriptions (
  id          INTEGER PRIMARY KEY,
  url         TEXT NOT NULL,
  secret      TEXT NOT NULL,   -- the HMAC-SHA256 key; kept to sign every delivery
  topics      TEXT NOT NULL,   -- JSON array of topic names
  department  TEXT NOT NULL,   -- '*' or the one department whose activities it follows
  created_at  TEXT NOT NULL,
  deleted_at  TEXT
) STRICT;

CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  subscription_id  INTEGER NOT NULL REFERENCES webhook_subscriptions (id),
  seq              INTEGER NOT NULL REFERENCES events (seq),
  topic            TEXT NOT NULL,
  body             TEXT NOT NULL,   -- the exact bytes delivered and signed
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  delivered_at     TEXT,
  failed_at        TEXT,            -- set when the dispatcher gave up
  last_error       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX outbox_due ON outbox (next_attempt_at)
  WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_by_subscription ON outbox (subscription_id, id);
