INSERT INTO courtrooms (code, building, capacity) VALUES
    ('A1', 'Annex', 40),
    ('A2', 'Annex', 25),
    ('B1', 'Main', 120)
ON CONFLICT (code) DO NOTHING;
