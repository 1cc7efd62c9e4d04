CREATE TABLE readings (
    id INTEGER PRIMARY KEY,
    meter_id INTEGER NOT NULL REFERENCES meters (id),
    taken_at DATETIME NOT NULL,
    value_kwh FLOAT NOT NULL CHECK (value_kwh >= 0),
    source TEXT NOT NULL,
    UNIQUE (meter_id, taken_at)
);
