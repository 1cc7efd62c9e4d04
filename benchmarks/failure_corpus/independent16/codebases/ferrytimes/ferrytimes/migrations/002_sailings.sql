CREATE TABLE sailings (
    id serial PRIMARY KEY,
    route_id integer NOT NULL REFERENCES routes (id),
    departs timestamp NOT NULL,
    vessel text NOT NULL,
    capacity integer NOT NULL CHECK (capacity > 0),
    status text NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'cancelled', 'departed')),
    UNIQUE (route_id, departs)
);
