"""Test data generation: a YAML schema in, deterministic tables out, versioned and loadable.

::

    schema = load_schema(Path("data/schema.yml"))            # ConfigError: file:line: key: …
    data = generate(schema, rows={"users": 1000}, seed=42)   # GeneratedData
    data.tables["users"]                                     # pandas.DataFrame
    data.content_hash                                        # same seed + schema + rows, same hash
    files = data.write("out", format="parquet")             # {"users": Path("out/users.parquet")}
    load_into(data, "sqlite:///shop.db")                     # {"users": 1000, ...}
    data = generate_from_spec(project, spec)                 # a qatron.yml TestDataSpec

Column types: uuid, serial, name, email, timestamp, int, float, enum, bool,
ref:<table>.<column>, json, text; options ``nullable`` (share of NULLs) and
``unique``. The engine is plain Python (numpy, pyarrow, pandas, SQLAlchemy).
"""

from __future__ import annotations

from qatron.testdata.generation import GeneratedData, generate, generate_from_spec
from qatron.testdata.load import load_into
from qatron.testdata.schema import DataSchema, load_schema

__all__ = ["DataSchema", "GeneratedData", "generate", "generate_from_spec", "load_into",
           "load_schema"]
