CREATE TABLE appointments (
    id          serial PRIMARY KEY,
    ref         text NOT NULL UNIQUE,
    patient_id  integer NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    clinician   text NOT NULL REFERENCES clinicians (code),
    starts_at   timestamptz NOT NULL,
    minutes     integer NOT NULL CHECK (minutes > 0),
    procedure   text NOT NULL,
    status      text NOT NULL DEFAULT 'booked'
                CHECK (status IN ('booked', 'attended', 'no_show', 'cancelled'))
);
CREATE INDEX appointments_clinician_day ON appointments (clinician, starts_at);
