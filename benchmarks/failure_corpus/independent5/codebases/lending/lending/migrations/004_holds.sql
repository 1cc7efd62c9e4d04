CREATE TABLE holds (
    id serial PRIMARY KEY,
    copy_id integer NOT NULL REFERENCES copies (id),
    member_id integer NOT NULL REFERENCES members (id),
    placed_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (copy_id, member_id)
);
