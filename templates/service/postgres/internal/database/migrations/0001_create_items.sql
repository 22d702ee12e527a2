-- The example resource (internal/item).
CREATE TABLE items (
	id         text PRIMARY KEY,
	name       text NOT NULL,
	quantity   integer NOT NULL CHECK (quantity >= 0),
	updated_at timestamptz NOT NULL DEFAULT now()
);
