CREATE TABLE samples (
    barcode TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    volume_ul INTEGER NOT NULL CHECK (volume_ul > 0),
    collected_at TIMESTAMPTZ NOT NULL,
    status TEXT NOT NULL DEFAULT 'received'
);
CREATE TABLE aliquots (
    barcode TEXT PRIMARY KEY,
    parent TEXT NOT NULL REFERENCES samples(barcode),
    volume_ul INTEGER NOT NULL CHECK (volume_ul > 0)
);
CREATE TABLE racks (
    rack TEXT PRIMARY KEY,
    freezer TEXT
);
CREATE TABLE sample_locations (
    barcode TEXT PRIMARY KEY REFERENCES samples(barcode),
    rack TEXT NOT NULL REFERENCES racks(rack),
    freezer TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE chain_of_custody (
    id SERIAL PRIMARY KEY,
    barcode TEXT NOT NULL,
    handler TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE shipments (
    id SERIAL PRIMARY KEY,
    barcode TEXT NOT NULL,
    courier_ref TEXT NOT NULL,
    shipped_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE results (
    id SERIAL PRIMARY KEY,
    barcode TEXT NOT NULL,
    analyte TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL
);
CREATE TABLE audit (
    id SERIAL PRIMARY KEY,
    event TEXT NOT NULL
);
INSERT INTO samples VALUES
    ('S-0001', 'serum', 500, '2026-03-02 08:15+01', 'received'),
    ('S-0009', 'plasma', 400, '2026-03-02 09:40+01', 'received');
INSERT INTO racks VALUES ('R-1', 'F-80-A'), ('R-7', 'F-80-B');
