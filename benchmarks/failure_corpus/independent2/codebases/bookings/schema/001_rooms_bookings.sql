CREATE TABLE rooms (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity > 0)
);
CREATE TABLE bookings (
    id SERIAL PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    guest TEXT NOT NULL,
    room_code TEXT NOT NULL REFERENCES rooms (code),
    check_in DATE NOT NULL,
    nights INTEGER NOT NULL CHECK (nights > 0),
    total_cents INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'confirmed'
);
