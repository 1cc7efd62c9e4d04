CREATE TABLE appeals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    reason_code INTEGER NOT NULL CHECK (reason_code BETWEEN 1 AND 9),
    note TEXT NOT NULL
);
