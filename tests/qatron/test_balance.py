"""plan_shards: longest-processing-time balancing on plain data."""

from __future__ import annotations

import random
import statistics
from collections.abc import Mapping

import pytest

from qatron.balance import DEFAULT_DURATION, expected_duration, plan_shards


def loads(shards: list[list[str]], durations: Mapping[str, float], default: float) -> list[float]:
    return [sum(durations.get(n, default) for n in shard) for shard in shards]


def assert_partition(shards: list[list[str]], nodeids: list[str]) -> None:
    """Every test exactly once, no empty shard, collection order inside each shard."""
    flat = [n for shard in shards for n in shard]
    assert sorted(flat) == sorted(nodeids)
    assert len(flat) == len(set(flat))
    assert all(shards), "an empty shard"
    position = {n: i for i, n in enumerate(nodeids)}
    for shard in shards:
        assert [position[n] for n in shard] == sorted(position[n] for n in shard)


def test_docstring_example() -> None:
    assert plan_shards(["a", "b", "c"], {"a": 3.0, "b": 1.0, "c": 2.0}, 2) == [["a"], ["b", "c"]]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("count", [2, 3, 4, 7, 16])
def test_lpt_is_within_four_thirds_of_optimal(seed: int, count: int) -> None:
    rng = random.Random(seed * 1000 + count)
    nodeids = [f"tests/test_{i // 10}.py::test_{i}" for i in range(500)]
    durations = {n: rng.lognormvariate(0.0, 1.5) for n in nodeids}
    shards = plan_shards(nodeids, durations, count)
    assert len(shards) == count
    assert_partition(shards, nodeids)
    total = sum(durations.values())
    lower_bound = max(total / count, max(durations.values()))
    assert max(loads(shards, durations, 0.0)) <= 4 / 3 * lower_bound


def test_lpt_balance_with_a_few_long_tests() -> None:
    # One very long test: it gets a shard of its own, the rest share the others.
    nodeids = ["long"] + [f"t{i}" for i in range(30)]
    durations = {"long": 100.0, **{f"t{i}": 1.0 for i in range(30)}}
    shards = plan_shards(nodeids, durations, 3)
    assert ["long"] in shards
    assert sorted(len(s) for s in shards) == [1, 15, 15]


def test_unknown_tests_count_as_the_median_of_known_ones() -> None:
    known = {"k1": 1.0, "k2": 2.0, "k3": 9.0}  # median 2.0
    nodeids = ["k1", "k2", "k3", "u1", "u2", "u3", "u4"]
    shards = plan_shards(nodeids, known, 2)
    assert_partition(shards, nodeids)
    # Total with unknowns at 2.0: 1 + 2 + 9 + 4 * 2 = 20, so LPT reaches 10/10 exactly:
    # k3 (9) + k1 (1) on one shard, k2 and the four unknowns (2 each) on the other.
    assert sorted(loads(shards, known, 2.0)) == [10.0, 10.0]
    assert sorted(shards) == [["k1", "k3"], ["k2", "u1", "u2", "u3", "u4"]]
    assert expected_duration(nodeids, known) == 20.0


def test_unknown_tests_at_median_would_unbalance_if_counted_as_zero() -> None:
    # If unknown tests counted as 0 s they would all pile onto one shard.
    known = {f"k{i}": 10.0 for i in range(4)}
    nodeids = [*known, *(f"u{i}" for i in range(4))]
    shards = plan_shards(nodeids, known, 2)
    assert sorted(len(s) for s in shards) == [4, 4]
    assert sorted(loads(shards, known, 10.0)) == [40.0, 40.0]


def test_no_history_splits_equally() -> None:
    nodeids = [f"t{i}" for i in range(10)]
    shards = plan_shards(nodeids, {}, 3)
    assert_partition(shards, nodeids)
    assert sorted(len(s) for s in shards) == [3, 3, 4]
    assert expected_duration(nodeids, {}) == 10 * DEFAULT_DURATION


def test_durations_of_tests_not_selected_are_ignored() -> None:
    # History of other tests must not shift the median used for these ones.
    durations = {"a": 4.0, "gone1": 100.0, "gone2": 100.0, "gone3": 100.0}
    assert expected_duration(["a", "b"], durations) == 8.0


def test_groups_stay_together() -> None:
    nodeids = [f"t{i}" for i in range(12)]
    groups = {"t0": "db", "t5": "db", "t11": "db", "t3": "browser", "t4": "browser"}
    for count in (2, 3, 4, 12):
        shards = plan_shards(nodeids, {}, count, groups)
        assert_partition(shards, nodeids)
        for name in ("db", "browser"):
            members = {n for n, g in groups.items() if g == name}
            holding = [s for s in shards if members & set(s)]
            assert len(holding) == 1
            assert members <= set(holding[0])


def test_groups_count_as_one_unit_for_the_shard_count() -> None:
    nodeids = ["a", "b", "c", "d"]
    shards = plan_shards(nodeids, {}, 4, {n: "same" for n in nodeids})
    assert shards == [["a", "b", "c", "d"]]


def test_group_weight_is_the_sum_of_its_members() -> None:
    # The 3-test group (3 s) outweighs the 2.5 s single test.
    nodeids = ["g1", "g2", "g3", "big", "x"]
    durations = {"g1": 1.0, "g2": 1.0, "g3": 1.0, "big": 2.5, "x": 0.5}
    shards = plan_shards(nodeids, durations, 2, {"g1": "G", "g2": "G", "g3": "G"})
    assert sorted(shards) == [["big", "x"], ["g1", "g2", "g3"]]


@pytest.mark.parametrize(("tests", "count"), [(1, 5), (3, 4), (5, 64), (0, 3)])
def test_never_an_empty_shard(tests: int, count: int) -> None:
    nodeids = [f"t{i}" for i in range(tests)]
    shards = plan_shards(nodeids, {}, count)
    assert len(shards) == min(tests, count)
    assert_partition(shards, nodeids)


def test_collection_order_is_kept_within_each_shard() -> None:
    rng = random.Random(7)
    nodeids = [f"tests/test_{rng.randrange(10**6)}.py::test_{i}" for i in range(200)]
    durations = {n: rng.uniform(0.01, 30) for n in nodeids}
    shards = plan_shards(nodeids, durations, 5)
    assert_partition(shards, nodeids)


@pytest.mark.parametrize("seed", range(20))
def test_random_plans_are_partitions(seed: int) -> None:
    rng = random.Random(seed)
    nodeids = [f"t{i}" for i in range(rng.randrange(0, 80))]
    rng.shuffle(nodeids)
    durations = {n: rng.expovariate(1.0) for n in nodeids if rng.random() < 0.7}
    groups = {n: f"g{rng.randrange(4)}" for n in nodeids if rng.random() < 0.2}
    count = rng.randrange(1, 10)
    shards = plan_shards(nodeids, durations, count, groups)
    assert_partition(shards, nodeids)
    assert len(shards) <= count
    for name in set(groups.values()):
        assert sum(1 for s in shards if any(groups.get(n) == name for n in s)) == 1
    # Deterministic: the same input gives the same plan.
    assert plan_shards(nodeids, durations, count, groups) == shards


def test_one_shard_is_everything_in_order() -> None:
    nodeids = ["c", "a", "b"]
    assert plan_shards(nodeids, {"a": 5.0}, 1) == [["c", "a", "b"]]


@pytest.mark.parametrize("count", [0, -1])
def test_count_below_one_raises(count: int) -> None:
    with pytest.raises(ValueError, match=f"shard count must be at least 1, got {count}"):
        plan_shards(["a"], {}, count)


def test_median_matches_statistics() -> None:
    durations = {"a": 1.0, "b": 3.0, "c": 10.0, "d": 4.0}
    nodeids = [*durations, "unknown"]
    assert expected_duration(nodeids, durations) == sum(durations.values()) + statistics.median(
        durations.values()
    )
