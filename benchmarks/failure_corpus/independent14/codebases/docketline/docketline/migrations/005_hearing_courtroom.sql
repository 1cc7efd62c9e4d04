ALTER TABLE hearings ADD COLUMN courtroom text REFERENCES courtrooms (code);
