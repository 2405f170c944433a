-- 0008: the kept answers (migration 0006) gained texts beside their codes:
-- each blocker's subject, date and count, and each eligibility reason's
-- text (engine/answer_texts.h). Answers kept before have neither, and a
-- request in Dutch rewrites the texts from exactly those members. So they
-- are dropped: a read of an activity without a row renders its answers and
-- keeps them again (migration 0006 says how), and a department page renders
-- the missing ones without keeping them. Nothing in the record changes.
DELETE FROM activity_answers;
