CREATE TABLE vessels (
    name text PRIMARY KEY,
    imo text NOT NULL UNIQUE CHECK (imo ~ '^[0-9]{7}$'),
    gross_tonnage integer NOT NULL CHECK (gross_tonnage > 0),
    capacity integer NOT NULL CHECK (capacity > 0)
);
CREATE TABLE drydock (
    vessel text NOT NULL REFERENCES vessels (name),
    starts date NOT NULL,
    ends date NOT NULL,
    yard text NOT NULL,
    CHECK (ends >= starts)
);
