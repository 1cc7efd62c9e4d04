from meterhub.collector import collect_feeds


def test_collect_two_feeds(inbox):
    totals = collect_feeds([inbox / "headend-south.jsonl", inbox / "headend-north.jsonl"])
    assert set(totals) == {"HE-100", "HE-101", "HE-200", "HE-999"}


def test_collect_totals(inbox):
    totals = collect_feeds([inbox / "headend-north.jsonl"])
    assert totals == {"HE-200": 91.5, "HE-100": 5.0}


def test_collect_nothing(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert collect_feeds([empty]) == {}
