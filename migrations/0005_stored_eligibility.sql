-- 0005: each activity's eligibility as judged at its last write, and the
-- instant until which that answer holds with no new event (the verdict's
-- validity running out, an open condition falling due: engine::
-- EligibilityChangesAt). A department's summary is then one indexed count of
-- the answers that still hold, and only the others are judged again.
--
-- NULL eligibility: not judged yet (rows written before this migration, until
-- their next write); NULL eligibility_until: holds until the next event.
ALTER TABLE activities ADD COLUMN eligibility TEXT;
ALTER TABLE activities ADD COLUMN eligibility_until TEXT;
CREATE INDEX activities_by_department_eligibility
  ON activities (department, eligibility, eligibility_until);
