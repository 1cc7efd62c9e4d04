CREATE TABLE clinicians (
    code        text PRIMARY KEY,
    name        text NOT NULL,
    speciality  text NOT NULL
);

CREATE TABLE patients (
    id               serial PRIMARY KEY,
    mrn              text NOT NULL UNIQUE,
    name             text NOT NULL,
    birth_date       date NOT NULL,
    phone            text,
    insurer_number   text
);
