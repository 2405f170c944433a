-- 0002: registered policy pack versions. A pack version is immutable: the
-- (id, version) key with another content hash is refused by the program.
CREATE TABLE policy_packs (
  id              TEXT NOT NULL,
  version         TEXT NOT NULL,
  content_hash    TEXT NOT NULL,  -- SHA-256 of the canonical pack text
  content         TEXT NOT NULL,  -- the canonical pack text
  effective_from  TEXT NOT NULL,
  registered_at   TEXT NOT NULL,
  PRIMARY KEY (id, version)
) STRICT;

CREATE TRIGGER policy_packs_immutable BEFORE UPDATE ON policy_packs
BEGIN
  SELECT RAISE(ABORT, 'a registered policy pack version is immutable');
END;
