-- 0007: how many activities of each department hold each stored eligibility
-- answer (migration 0005), kept by triggers on every write of the column.
-- A department's summary is then these counts, less the answers that ran
-- out (found through the index on eligibility_until), rather than a pass
-- over the department's index: at 100,000 activities that pass was about
-- 20 ms of every page, the first and the last alike.
--
-- `eligibility` is '' for rows never judged (written before 0005, until
-- their next write), so that the departments are all listed here.
CREATE TABLE eligibility_counts (
  department   TEXT NOT NULL,
  eligibility  TEXT NOT NULL,
  n            INTEGER NOT NULL,
  PRIMARY KEY (department, eligibility)
) STRICT;

INSERT INTO eligibility_counts (department, eligibility, n)
  SELECT department, coalesce(eligibility, ''), count(*) FROM activities
  GROUP BY department, coalesce(eligibility, '');

CREATE TRIGGER eligibility_counts_insert AFTER INSERT ON activities
BEGIN
  INSERT INTO eligibility_counts (department, eligibility, n)
    VALUES (NEW.department, coalesce(NEW.eligibility, ''), 1)
    ON CONFLICT (department, eligibility) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER eligibility_counts_update AFTER UPDATE OF department, eligibility ON activities
  WHEN OLD.department IS NOT NEW.department OR OLD.eligibility IS NOT NEW.eligibility
BEGIN
  UPDATE eligibility_counts SET n = n - 1
    WHERE department = OLD.department AND eligibility = coalesce(OLD.eligibility, '');
  INSERT INTO eligibility_counts (department, eligibility, n)
    VALUES (NEW.department, coalesce(NEW.eligibility, ''), 1)
    ON CONFLICT (department, eligibility) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER eligibility_counts_delete AFTER DELETE ON activities
BEGIN
  UPDATE eligibility_counts SET n = n - 1
    WHERE department = OLD.department AND eligibility = coalesce(OLD.eligibility, '');
END;
