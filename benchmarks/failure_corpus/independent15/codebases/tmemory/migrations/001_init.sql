CREATE TABLE clients (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE projects (
    id SERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    client_id INTEGER REFERENCES clients(id)
);
CREATE TABLE segments (
    id SERIAL PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    checksum TEXT NOT NULL,
    word_count INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
    UNIQUE (project_id, checksum)
);
CREATE TABLE glossary (
    term TEXT NOT NULL,
    lang TEXT NOT NULL,
    translation TEXT NOT NULL,
    PRIMARY KEY (term, lang)
);
INSERT INTO clients (name) VALUES ('Acme'), ('Lexon'), ('Nordtext');
INSERT INTO projects (code, client_id) VALUES ('ACME-DE', 1), ('ACME-FR', 1), ('LEX-NL', 2), ('LEX-SV', 2);
