CREATE TABLE policies (
    number TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    product TEXT NOT NULL,
    region TEXT NOT NULL,
    deductible_cents INTEGER NOT NULL CHECK (deductible_cents >= 0)
);
CREATE TABLE claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL UNIQUE,
    policy_number TEXT NOT NULL REFERENCES policies(number),
    kind TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    status TEXT NOT NULL DEFAULT 'open'
);
