CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    meter_id INTEGER NOT NULL REFERENCES meters (id),
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    energy_kwh FLOAT NOT NULL,
    tariff_code TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    vat_cents INTEGER NOT NULL DEFAULT 0
);
