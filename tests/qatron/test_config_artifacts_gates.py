"""qatron.yml's results.artifacts and quality_gates: what is accepted, and errors naming the
file, the line, the key and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.config import load_project
from qatron.config_gates import QualityGates
from qatron.errors import ConfigError


def project(tmp_path: Path, extra: str) -> Path:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "qatron.yml").write_text(f"project: shop\nsuites: {{smoke: {{}}}}\n{extra}")
    return tmp_path


def test_an_s3_url_alone_or_with_its_endpoint(tmp_path: Path) -> None:
    alone = load_project(project(tmp_path / "a", "results: {artifacts: 's3://qa-runs/nightly/'}"))
    storage = alone.config.results.artifacts
    assert storage is not None
    assert (storage.bucket, storage.prefix, storage.endpoint_url) == ("qa-runs", "nightly", None)
    full = load_project(project(tmp_path / "b", """results:
  artifacts:
    url: s3://qa-runs
    endpoint_url: http://127.0.0.1:9000
    region: eu-west-1
    presign_expiry: 3600
"""))
    storage = full.config.results.artifacts
    assert storage is not None
    assert (storage.bucket, storage.prefix, storage.region, storage.presign_expiry) == (
        "qa-runs", "", "eu-west-1", 3600)


@pytest.mark.parametrize(("yml", "expected"), [
    ("results: {artifacts: 'https://qa-runs/x'}",
     "qatron.yml:3: results.artifacts.url: expected an S3 URL such as 's3://my-bucket/qatron'; "
     "got 'https://qa-runs/x'"),
    ("results: {artifacts: 's3://QA_Runs/x'}",
     "qatron.yml:3: results.artifacts.url: expected an S3 URL whose bucket is 3 to 63 "
     "lowercase letters, digits, '.' or '-', such as 's3://my-bucket/qatron'; got "
     "'s3://QA_Runs/x'"),
    ("results: {artifacts: {url: 's3://qa-runs', endpoint_url: 'localhost:9000'}}",
     "qatron.yml:3: results.artifacts.endpoint_url: expected an http:// or https:// URL such "
     "as 'http://127.0.0.1:9000'; got 'localhost:9000'"),
    ("results: {artifacts: {url: 's3://qa-runs', presign_expiry: 9999999}}",
     "qatron.yml:3: results.artifacts.presign_expiry: expected less than or equal to 604800; "
     "got 9999999"),
])
def test_a_bad_artifacts_setting_names_the_file_key_and_expectation(
        tmp_path: Path, yml: str, expected: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_project(project(tmp_path, yml))
    assert str(raised.value).endswith(expected)
    assert str(tmp_path / "qatron.yml") in str(raised.value)


def test_quality_gates_at_project_and_suite_level(tmp_path: Path) -> None:
    (tmp_path / "qatron.yml").write_text("""project: shop
quality_gates: {min_pass_rate: 0.95, max_flaky: 3}
suites:
  smoke: {quality_gates: {max_flaky: null, max_new_failures: 0}}
""")
    loaded = load_project(tmp_path)
    assert loaded.config.quality_gates == QualityGates(min_pass_rate=0.95, max_flaky=3)
    assert loaded.config.suites["smoke"].quality_gates == QualityGates(max_new_failures=0)


def test_a_bad_gate_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"qatron.yml:3: quality_gates.min_pass_rate: expected "
                                          r"less than or equal to 1; got 95"):
        load_project(project(tmp_path, "quality_gates: {min_pass_rate: 95}"))
    with pytest.raises(ConfigError, match=r"quality_gates.max_flaky_tests: unknown key"):
        load_project(project(tmp_path, "quality_gates: {max_flaky_tests: 1}"))
