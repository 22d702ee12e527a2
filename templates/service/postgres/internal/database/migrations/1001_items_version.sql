-- Optimistic concurrency for the example resource (internal/item): every
-- write raises version by one; the API sends it as the ETag and applies a
-- PUT with If-Match only if the row is still at that version. Rows written
-- before this migration start at version 1.
ALTER TABLE items ADD COLUMN version bigint NOT NULL DEFAULT 1;
