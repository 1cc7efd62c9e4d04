CREATE TABLE fares (
    route_id integer NOT NULL REFERENCES routes (id),
    category text NOT NULL,
    pence integer NOT NULL CHECK (pence >= 0),
    PRIMARY KEY (route_id, category)
);
