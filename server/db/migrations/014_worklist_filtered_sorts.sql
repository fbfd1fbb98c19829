-- 014: the first page of the sorts a reader combines with a filter, from an index at 1,000,000 studies
-- (server/worklist/README.md "At scale"; tools/bench/worklist-index.ts).

-- "Claimed by" among the unread (or any reading state): 010's worklist_by_claimed_by walks every claimed
-- study before the unclaimed ones, and the claimed are in progress, not unread (224 ms at 1M). With the
-- state first, each state is one range in the sort's order (written exactly as sort-keys.ts writes it).
CREATE INDEX worklist_by_state_claimed_by ON worklist (reading_state, (COALESCE(claimed_by, '') COLLATE dokuei_natural), study_uid);

-- The modality filter (query.ts: string_to_array(modality, '\') && wanted): statistics of the expression's
-- elements, so the planner estimates how many studies a modality holds (the total shown beyond the exact
-- count) instead of a fixed guess.
CREATE STATISTICS worklist_modality_elements ON (string_to_array(modality, '\')) FROM worklist;
ANALYZE worklist;
