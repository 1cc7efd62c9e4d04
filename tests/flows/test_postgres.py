"""The whole pipeline on PostgreSQL: results store and Prefect server both on a real server."""

from __future__ import annotations

import json
from pathlib import Path

from qatron.store import ResultsStore
from tests.projects import copy_shop, qatron


def test_shop_smoke_on_a_postgres_backed_prefect_server_and_results_store(
    prefect_pg_api_url: str, fresh_postgres_url: str, tmp_path: Path
) -> None:
    shop = copy_shop(tmp_path / "shop")
    # The README's URL: psycopg 3, as SQLAlchemy's docs write it.
    results_url = fresh_postgres_url.replace("postgresql+psycopg2://", "postgresql+psycopg://")
    env = {"PREFECT_API_URL": prefect_pg_api_url, "QATRON_DATABASE_URL": results_url}
    done = qatron("run", "--project", str(shop), "--suite", "smoke", "--json", env=env)

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    with ResultsStore(fresh_postgres_url) as store:
        summary = store.load_summary(result["id"])
        assert store.get_run(result["id"]).flow_run_id == result["flow_run_id"]
    assert summary.status.value == "completed"
    assert len(summary.results) == result["counts"]["total"] >= 5
    assert not (shop / ".qatron" / "results.db").exists()

    listed = json.loads(qatron("runs", "list", "--project", str(shop), "--json", env=env).stdout)
    assert [r["id"] for r in listed] == [result["id"]]
