CREATE TABLE loans (
    id serial PRIMARY KEY,
    copy_id integer NOT NULL REFERENCES copies (id),
    member_id integer NOT NULL REFERENCES members (id),
    lent_on date NOT NULL,
    due_on date NOT NULL,
    returned_on date,
    renewals integer NOT NULL DEFAULT 0,
    CHECK (due_on > lent_on)
);
