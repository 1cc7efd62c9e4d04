CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    event_id INTEGER NOT NULL REFERENCES events (id),
    seat_label TEXT NOT NULL,
    UNIQUE (event_id, seat_label)
);
