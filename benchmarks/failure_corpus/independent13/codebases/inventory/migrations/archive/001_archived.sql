CREATE TABLE archived_items (sku text PRIMARY KEY, archived_at timestamptz NOT NULL DEFAULT now());
