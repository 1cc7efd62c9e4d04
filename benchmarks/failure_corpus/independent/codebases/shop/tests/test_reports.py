import shutil

import pytest
from shop import reports


@pytest.fixture
def paid_orders(repo, customer):
    ids = [repo.add_order(f"FIN-{n}", customer, cents, [("SKU-2", 1, 450)], payment_id=f"ch_{n}")
           for n, cents in enumerate([450, 1299, 5000, 75])]
    return ids[0], ids[-1]


def test_summary_of_paid_orders(repo, paid_orders):
    summary = reports.summarize(repo, *paid_orders)
    assert (summary.orders, summary.revenue_cents, summary.average_cents) == (4, 6824, 1706)


def test_summary_largest_order(repo, paid_orders):
    assert reports.summarize(repo, *paid_orders).largest_ref == "FIN-2"


def test_summary_empty_range(repo):
    assert reports.summarize(repo, 10_000, 10_001).orders == 0


@pytest.fixture
def export_dir(settings):
    path = settings.export_dir / "finance"
    path.mkdir(parents=True, exist_ok=True)
    yield path
    shutil.rmtree(path)


def test_export_csv_writes_rows(repo, paid_orders, export_dir):
    target = reports.export_csv(repo, *paid_orders, export_dir / "sales.csv")
    assert target.read_text().count("FIN-") == 4


def test_export_csv_empty_range(repo, export_dir):
    target = reports.export_csv(repo, 10_000, 10_001, export_dir / "empty.csv")
    assert target.read_text().splitlines() == ["external_ref,total_cents"]


@pytest.mark.parametrize("count", [1, 3])
def test_render_invoices(tmp_path, count):
    refs = [f"INV-{n}" for n in range(count)]
    assert len(reports.render_pdf_batch(refs, tmp_path / "pdf")) == count
