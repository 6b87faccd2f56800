-- A town's list, newest first, at province scale (issue #20 item 4): with 1,000 towns in one
-- database, walking the province's date index (0003 disputes_registered_on_idx) to fill a town's
-- page reads a thousand other towns' cases for each of its own. storage/disputes.rs names the
-- caller's town (storage/scope.rs) and this index serves it in order.
CREATE INDEX disputes_town_registered_on_idx ON disputes (town_id, registered_on, id);
