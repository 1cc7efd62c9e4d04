ALTER TABLE sailings ADD COLUMN berth text;
