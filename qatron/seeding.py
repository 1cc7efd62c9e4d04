"""Seed a run's environment with generated test data (``data:`` of an environment).

The data is generated from the schema file for the seed, written to the
run folder as CSV or Parquet, loaded into the service ``load_into`` names,
and versioned by content hash in the results store. The files go with the
environment; the same seed and schema regenerate the same version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qatron.errors import ConfigError

if TYPE_CHECKING:
    from qatron.config import Project
    from qatron.run import RunContext
    from qatron.services import RunningEnvironment


def seed_environment(ctx: RunContext, env: RunningEnvironment) -> dict[str, Any]:
    """Seed the run's environment; the version is stored with the run."""
    data = seed(ctx.project, ctx.environment, env, run_id=ctx.run_id)
    env.write(ctx.run_dir / "environment.json")
    return data


def seed(project: Project, env_name: str, env: RunningEnvironment,
         run_id: int | None = None) -> dict[str, Any]:
    """Generate, write, load and version the environment's data; return what tests see."""
    from qatron.store import ResultsStore, database_url
    from qatron.testdata import generate_from_spec, load_into

    spec = project.environment(env_name).data
    if spec is None:
        return {}
    data = generate_from_spec(project, spec)
    folder = env.run_dir / "data"
    files = data.write(folder, spec.format)
    env.scratch.append(folder)
    loaded: dict[str, int] = {}
    if spec.load_into is not None:
        url = env.services[spec.load_into].values.get("url")
        if not isinstance(url, str) or not url.startswith(("sqlite", "postgresql")):
            raise ConfigError(f"environments.{env_name}.data.load_into: expected a "
                              f"postgres or sqlite service; {spec.load_into!r} is not one")
        loaded = load_into(data, url)
    with ResultsStore(database_url(project)) as store:
        store.save_data_version(project.name, env_name, data, files, run_id=run_id)
    env.data = {"version": data.content_hash, "seed": spec.seed, "rows": dict(data.rows),
                "tables": {table: str(path) for table, path in files.items()},
                "loaded_into": spec.load_into, "loaded": loaded}
    return env.data
