-- 0009: the bytes of dossier documents (engine/documents.h), named by their
-- SHA-256. The chain records each upload (upload-document: kind, title,
-- hash, type, size); the bytes are kept here, beside it, in the same file
-- and written in the same transaction as the event, so a backup or an
-- export holds both and an acknowledged upload is never without its bytes.
-- Content-addressed: the same bytes uploaded twice are one row. `audit
-- verify` hashes every referenced row again, which catches an edit here.
CREATE TABLE document_contents (
  sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  media_type  TEXT NOT NULL,
  size_bytes  INTEGER NOT NULL CHECK (size_bytes = length(content)),
  content     BLOB NOT NULL
) STRICT;

-- The program never rewrites a document's bytes: a row is its hash.
CREATE TRIGGER document_contents_immutable BEFORE UPDATE ON document_contents
BEGIN
  SELECT RAISE(ABORT, 'a document''s content is immutable');
END;
