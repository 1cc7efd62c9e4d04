CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    venue TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity > 0)
);
