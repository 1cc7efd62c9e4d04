ALTER TABLE items ADD COLUMN location text NOT NULL DEFAULT 'main';
CREATE TYPE item_state AS ENUM ('active', 'discontinued');
ALTER TABLE items ADD COLUMN state item_state NOT NULL DEFAULT 'active';
