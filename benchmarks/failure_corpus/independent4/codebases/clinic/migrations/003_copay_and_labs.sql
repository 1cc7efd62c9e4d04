ALTER TABLE appointments ADD COLUMN copay_cents integer NOT NULL DEFAULT 0;

CREATE TABLE lab_results (
    id          serial PRIMARY KEY,
    patient_id  integer NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    analyte     text NOT NULL,
    value       numeric NOT NULL,
    unit        text NOT NULL,
    taken_at    timestamptz NOT NULL
);
