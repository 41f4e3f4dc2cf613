"""The sampled mutation score: its interval, its sample, and what `make bench` reports from it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bench import bench_mutation
from bench.bench_mutation import rows_from_mutants, rows_from_summary, state_of, wilson_interval
from bench.mutation_sample import SampleError, draw_sample, package_result, parse_sizes


def test_wilson_interval_matches_the_textbook_values() -> None:
    # 81 of 100: 72.2% to 87.5% (Wilson 1927; Newcombe 1998, method 3)
    assert wilson_interval(81, 100) == (72.2, 87.5)
    # all killed still leaves room below 100%, unlike the normal approximation
    assert wilson_interval(100, 100) == (96.3, 100.0)


def test_wilson_interval_refuses_impossible_counts() -> None:
    with pytest.raises(ValueError, match="at least one tested"):
        wilson_interval(0, 0)
    with pytest.raises(ValueError, match="between 0 and tested"):
        wilson_interval(11, 10)


def test_exit_codes_are_read_as_mutmut_means_them() -> None:
    assert [state_of(code) for code in (1, 3, 36, -24, 0, 33, None)] == [
        "killed", "killed", "killed", "killed", "survived", "survived", "pending",
    ]  # fmt: skip


def test_the_sample_is_fixed_by_the_seed_and_each_package_draws_its_own() -> None:
    names = {
        "scrapers/": [f"s.x_f__mutmut_{i}" for i in range(100)],
        "monitor/alerts/": ["a.x__mutmut_1"],
    }
    first = draw_sample(names, {"scrapers/": 10, "monitor/alerts/": 5}, seed=7)
    assert first == draw_sample(names, {"scrapers/": 10, "monitor/alerts/": 5}, seed=7)
    assert len(first["scrapers/"]) == 10
    # a package smaller than its size gives all of it
    assert first["monitor/alerts/"] == ["a.x__mutmut_1"]
    assert (
        draw_sample(names, {"scrapers/": 10, "monitor/alerts/": 0}, seed=7)["scrapers/"]
        == first["scrapers/"]
    )
    assert draw_sample(names, {"scrapers/": 10}, seed=8)["scrapers/"] != first["scrapers/"]


def test_sizes_name_a_known_package() -> None:
    assert parse_sizes(["scrapers/=20"])["scrapers/"] == 20
    with pytest.raises(SampleError, match="PACKAGE=N"):
        parse_sizes(["scraper=20"])


def test_package_result_counts_untested_mutants_against_the_score() -> None:
    codes = {"m1": 1, "m2": 1, "m3": 0, "m4": 33, "other": None}
    result = package_result(codes, ["m1", "m2", "m3", "m4"])
    counts = (result["population"], result["killed"], result["survived"], result["no_tests"])
    assert counts == (5, 2, 2, 1)
    assert result["score"] == 50.0
    assert result["survivors"] == ["m3", "m4"]
    with pytest.raises(SampleError, match="no result"):
        package_result(codes, ["m1", "other"])


def test_bench_reports_the_committed_summary_and_says_so() -> None:
    summary = {
        "date": "2026-12-04",
        "git_commit": "abc123",
        "seed": 5,
        "validation": {
            "seed": 6,
            "date": "2026-12-05",
            "git_commit": "def456",
            "packages": {"monitor/alerts/": {"sampled": 50, "killed": 46, "survived": 4}},
        },
        "packages": {
            "scrapers/": {
                "population": 900,
                "killed": 90,
                "survived": 10,
                "first_run": {"killed": 80, "survived": 20, "score": 80.0},
            }
        },
    }
    scrapers, alerts, registry = rows_from_summary(summary)
    assert scrapers["value"] == 90.0
    assert scrapers["interval_95"] == list(wilson_interval(90, 100))
    assert "bench/mutation_results.json" in scrapers["name"] and "2026-12-04" in scrapers["name"]
    assert scrapers["ok"] is True
    assert "82.6-94.5%" in scrapers["unit"]  # the interval is shown beside the share
    assert scrapers["first_run"]["score"] == 80.0  # before tests were added for its survivors
    # a package with a fresh validation sample is headed by it, not by the targeted sample
    assert alerts["value"] == 92.0 and "2026-12-05" in alerts["name"] and "seed 6" in alerts["name"]
    assert registry["value"] is None and "nothing tested" in registry["name"]


def test_bench_prefers_a_local_mutants_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meta = tmp_path / "mutants" / "monitor" / "alerts" / "rules.py.meta"
    meta.parent.mkdir(parents=True)
    meta.write_text(
        json.dumps({"exit_code_by_key": {f"k{i}": 1 for i in range(199)} | {"s": 0, "p": None}})
    )
    monkeypatch.setattr(bench_mutation, "MUTANTS", tmp_path / "mutants")
    rows = bench_mutation.run(None)  # type: ignore[arg-type]  # the context is not used
    alerts = next(row for row in rows if "alerts" in row["name"])
    assert "from mutants/" in alerts["name"]
    assert (alerts["value"], alerts["not_yet_tested"], alerts["ok"]) == (99.5, 1, True)
    assert rows == rows_from_mutants(tmp_path / "mutants")
    # the other packages: nothing tested
    assert Counter(row["value"] is None for row in rows)[True] == 2


def test_validation_scores_only_the_packages_it_sampled() -> None:
    from bench.mutation_sample import validation

    codes = {"scrapers/": {"m1": 1, "m2": 0, "m3": None}, "monitor/alerts/": {"a1": 1}}
    checked = validation(codes, {"scrapers/": ["m1", "m2"], "monitor/alerts/": []}, seed=9)
    assert checked["seed"] == 9 and list(checked["packages"]) == ["scrapers/"]
    scrapers = checked["packages"]["scrapers/"]
    assert (scrapers["killed"], scrapers["survived"], scrapers["score"]) == (1, 1, 50.0)
    assert scrapers["survivors"] == ["m2"]
