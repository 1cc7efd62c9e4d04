CREATE TABLE IF NOT EXISTS tickets (
    id INTEGER PRIMARY KEY,
    external_id INTEGER NOT NULL UNIQUE,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    priority TEXT NOT NULL,
    assignee TEXT
);
CREATE TABLE IF NOT EXISTS comments (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS archived (
    ticket_id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    closed_at TEXT NOT NULL,
    sla_breached INTEGER NOT NULL DEFAULT 0
);
