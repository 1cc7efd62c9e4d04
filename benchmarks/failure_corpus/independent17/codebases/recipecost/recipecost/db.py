"""PostgreSQL connections and the schema with its reference data."""

from __future__ import annotations

import psycopg

SCHEMA = """
CREATE TABLE units (
    code text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('mass', 'volume'))
);
CREATE TABLE ingredients (
    id serial PRIMARY KEY,
    sku text NOT NULL UNIQUE,
    name text NOT NULL,
    unit text NOT NULL REFERENCES units (code),
    price_per_kg numeric(10, 4) NOT NULL,
    density numeric(6, 3)
);
CREATE TABLE supplier_quotes (
    id serial PRIMARY KEY,
    sku text NOT NULL,
    supplier text NOT NULL,
    price_per_kg numeric(10, 4) NOT NULL,
    quoted_on date NOT NULL
);
CREATE TABLE recipes (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    portions integer NOT NULL CHECK (portions > 0),
    allergens text NOT NULL DEFAULT ''
);
CREATE TABLE recipe_lines (
    recipe_id integer NOT NULL REFERENCES recipes (id),
    ingredient_id integer NOT NULL REFERENCES ingredients (id),
    quantity numeric(10, 3) NOT NULL,
    unit text NOT NULL REFERENCES units (code)
);
CREATE TABLE production_batches (
    id serial PRIMARY KEY,
    recipe_id integer NOT NULL REFERENCES recipes (id),
    status text NOT NULL DEFAULT 'planned',
    unit_cost numeric(10, 4),
    reserved_by text
);
"""

REFERENCE = """
INSERT INTO units VALUES ('g', 'mass'), ('kg', 'mass'), ('pinch', 'mass'), ('ml', 'volume'),
    ('l', 'volume'), ('tsp', 'volume'), ('tbsp', 'volume'), ('cup', 'volume');
INSERT INTO ingredients (sku, name, unit, price_per_kg, density) VALUES
    ('FLR-001', 'wheat flour', 'g', 1.20, 0.53),
    ('SUG-001', 'caster sugar', 'g', 0.95, 0.85),
    ('BTR-001', 'salted butter', 'g', 8.40, 0.91),
    ('MLK-001', 'whole milk', 'ml', 1.10, 1.03),
    ('EGG-001', 'free-range egg', 'g', 5.00, NULL);
INSERT INTO supplier_quotes (sku, supplier, price_per_kg, quoted_on) VALUES
    ('BTR-001', 'Dairy Lane', 8.10, '2026-04-01'),
    ('BTR-001', 'Hill Farm', 8.65, '2026-04-02'),
    ('FLR-001', 'Mill & Sons', 1.15, '2026-04-01');
INSERT INTO recipes (name, portions, allergens) VALUES
    ('shortbread', 12, 'gluten,milk'), ('pancakes', 8, 'gluten,milk,egg');
INSERT INTO recipe_lines VALUES
    (1, 1, 300, 'g'), (1, 2, 100, 'g'), (1, 3, 200, 'g'),
    (2, 1, 2, 'cup'), (2, 4, 1.5, 'cup'), (2, 5, 100, 'g'), (2, 2, 1, 'tsp');
INSERT INTO production_batches (recipe_id, status) VALUES
    (1, 'planned'), (2, 'planned'), (1, 'planned'), (2, 'on_hold');
"""


def connect(dsn: str) -> psycopg.Connection:
    """A connection that gives up after two seconds."""
    return psycopg.connect(dsn, connect_timeout=2)


def migrate(dsn: str) -> None:
    with connect(dsn) as conn:
        conn.execute(SCHEMA)
        conn.execute(REFERENCE)
        conn.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC")
        conn.execute("GRANT UPDATE ON production_batches TO PUBLIC")
