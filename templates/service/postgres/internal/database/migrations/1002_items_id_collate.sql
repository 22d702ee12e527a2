-- The example resource (internal/item) has the shape of every resource
-- svcgen add resource writes: its id compares byte-wise, so GET /v1/items
-- pages in the order the in-memory store uses, whatever the database's
-- collation. PostgreSQL rebuilds the primary key index; the rows stay.
ALTER TABLE items ALTER COLUMN id TYPE text COLLATE "C";
