ALTER TABLE segments ADD COLUMN reviewer TEXT;
