"""qatron.yml: loading, defaults and one clear message per mistake."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from qatron.config import ProcessService, load_project
from qatron.errors import ConfigError
from tests.projects import SHOP


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "qatron.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def config_error(tmp_path: Path, text: str) -> str:
    path = write_config(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_project(tmp_path)
    message = str(info.value)
    assert "Traceback" not in message
    assert "pydantic" not in message.lower()
    assert message.startswith(str(path)), message
    return message.removeprefix(str(path.parent) + "/")


# --- the example project ------------------------------------------------------------


def test_loads_the_shop_example() -> None:
    project = load_project(SHOP)
    assert project.name == "shop"
    assert project.path == (SHOP / "qatron.yml").resolve()
    assert project.root == SHOP.resolve()
    assert project.state_dir == SHOP.resolve() / ".qatron"
    assert set(project.config.suites) == {
        "smoke", "regression", "unit", "contract", "integration", "e2e", "full", "data",
    }
    assert set(project.config.environments) == {"local", "seeded", "staging"}
    seeded = project.environment("seeded")
    assert set(seeded.services) == {"user-service", "payment-service", "customers-db"}
    assert seeded.services["user-service"] == project.environment("local").services[
        "user-service"]  # the YAML merge key shares the shop's services
    assert project.suite("data").require_dataset_health
    smoke = project.suite("smoke")
    assert (smoke.layer, smoke.tags, smoke.shards, smoke.retries, smoke.timeout) == (
        "e2e", ["smoke"], 1, 0, 300.0,
    )
    assert project.suite("unit").paths == ["tests/unit"]
    assert project.suite("regression").shards == 2
    assert project.suite("full").marker_expression() is None


def test_shop_environment_and_application() -> None:
    project = load_project(SHOP / "qatron.yml")  # the file itself works as well as its folder
    local = project.environment("local")
    assert list(local.services) == ["user-service", "payment-service"]
    assert local.base_url == "{user-service.url}"
    assert local.variables == {"currency": "EUR"}
    user = local.services["user-service"]
    assert isinstance(user, ProcessService)
    assert user.port == "auto"
    assert user.health_check is not None and user.health_check.url == "{url}/health"
    assert user.health_check.command is None
    assert "{user-service.url}" in local.services["payment-service"].command
    name, application = project.application_of(project.suite("unit"))
    assert name == "shop"
    assert application.tests == ["tests"]
    assert application.uses_pytest
    assert project.application_dir(project.suite("unit")) == SHOP.resolve()


@pytest.mark.parametrize(
    ("suite", "expression"),
    [
        ("{}", None),
        ("{tags: [smoke]}", "smoke"),
        ("{tags: [smoke, critical]}", "smoke or critical"),
        ("{markers: 'not slow'}", "not slow"),
        ("{tags: [smoke, critical], markers: 'not slow'}", "(smoke or critical) and (not slow)"),
        ("{tags: [smoke], markers: 'a or b'}", "(smoke) and (a or b)"),
    ],
)
def test_marker_expression_ors_tags_and_ands_markers(
    tmp_path: Path, suite: str, expression: str | None
) -> None:
    write_config(tmp_path, f"project: x\nsuites:\n  s: {suite}\n")
    assert load_project(tmp_path).suite("s").marker_expression() == expression


def test_defaults_of_a_minimal_config(tmp_path: Path) -> None:
    write_config(tmp_path, "project: x\nsuites: {all: {}}\n")
    project = load_project(tmp_path)
    config = project.config
    assert list(config.applications) == ["default"]
    default = config.applications["default"]
    assert (default.path, default.tests, default.command, default.pytest_args) == (
        ".", [], "pytest", [],
    )
    assert list(config.environments) == ["local"]
    local = project.environment("local")
    assert (local.base_url, local.api_url, local.services, local.variables) == (
        None, None, {}, {},
    )
    suite = project.suite("all")
    assert (suite.application, suite.tags, suite.paths, suite.markers) == (None, [], [], None)
    assert (suite.shards, suite.retries, suite.timeout) == (1, 0, 3600.0)
    assert suite.require_dataset_health is False
    assert project.application_of(suite)[0] == "default"
    assert project.application_dir(suite) == tmp_path.resolve()
    assert config.coverage.thresholds == {} and config.coverage.fail_below_threshold is False
    assert config.results.database_url is None


def test_service_defaults_and_health_check_shorthand(tmp_path: Path) -> None:
    write_config(tmp_path, """\
        project: x
        environments:
          local:
            services:
              api: {command: "run --port {port}", health_check: "{url}/health"}
              worker: {command: run, port: 8123, health_check: {command: "true", interval: 0.5}}
        suites: {all: {}}
        """)
    services = load_project(tmp_path).environment("local").services
    api = services["api"]
    assert (api.type, api.cwd, api.port, api.host, api.env) == ("process", ".", "auto",
                                                                 "127.0.0.1", {})
    assert (api.startup_timeout, api.stop_timeout) == (30.0, 5.0)
    assert api.health_check is not None
    assert (api.health_check.url, api.health_check.interval) == ("{url}/health", 0.1)
    worker = services["worker"]
    assert worker.port == 8123
    assert worker.health_check is not None
    assert (worker.health_check.command, worker.health_check.interval) == ("true", 0.5)


# --- one clear message per mistake --------------------------------------------------


def test_wrong_type_names_file_line_key_and_expectation(tmp_path: Path) -> None:
    message = config_error(tmp_path, """\
        project: x
        suites:
          smoke:
            tags: [smoke]
            shards: four
        """)
    assert message == "qatron.yml:5: suites.smoke.shards: expected a valid integer; got 'four'"


def test_out_of_range_value(tmp_path: Path) -> None:
    message = config_error(tmp_path, "project: x\nsuites:\n  s:\n    shards: 0\n")
    assert message == (
        "qatron.yml:4: suites.s.shards: expected greater than or equal to 1; got 0"
    )


def test_unknown_key(tmp_path: Path) -> None:
    message = config_error(tmp_path, """\
        project: x
        suites:
          smoke:
            tagz: [smoke]
        """)
    assert message == "qatron.yml:4: suites.smoke.tagz: unknown key (check its spelling)"


def test_missing_required_key(tmp_path: Path) -> None:
    message = config_error(tmp_path, "project: x\n")
    assert message == "qatron.yml:1: suites: this key is required"


def test_bad_name(tmp_path: Path) -> None:
    message = config_error(tmp_path, "project: 'my project'\nsuites: {all: {}}\n")
    assert message == (
        "qatron.yml:1: project: a name of letters, digits, '.', '_' or '-'; got 'my project'"
    )


def test_union_lists_every_alternative_once(tmp_path: Path) -> None:
    message = config_error(tmp_path, """\
        project: x
        environments:
          local:
            services:
              api:
                command: run
                port: nope
        suites: {all: {}}
        """)
    assert message == (
        "qatron.yml:7: environments.local.services.api.port: "
        "expected a valid integer or 'auto'; got 'nope'"
    )
    assert "literal" not in message and "int" not in message.split(":")[-1].split()[0]


def test_health_check_needs_exactly_one_probe(tmp_path: Path) -> None:
    message = config_error(tmp_path, """\
        project: x
        environments:
          local:
            services:
              api:
                command: run
                health_check: {url: "http://x", command: "true"}
        suites: {all: {}}
        """)
    assert message.startswith("qatron.yml:7: environments.local.services.api.health_check: ")
    assert "exactly one of 'url' or 'command'" in message
    assert "Value error" not in message


def test_several_mistakes_each_get_one_line(tmp_path: Path) -> None:
    message = config_error(tmp_path, """\
        project: x
        suites:
          a: {shards: 0}
          b: {retries: lots}
        """)
    lines = message.splitlines()
    assert len(lines) == 2
    assert lines == [
        "qatron.yml:3: suites.a.shards: expected greater than or equal to 1; got 0",
        f"{tmp_path / 'qatron.yml'}:4: suites.b.retries: expected a valid integer; got 'lots'",
    ]


def test_invalid_yaml_gives_line_and_column(tmp_path: Path) -> None:
    message = config_error(tmp_path, "project: x\nsuites: [a\n  b: c\n")
    assert message.startswith("qatron.yml: line 3, column 4: not valid YAML (")
    assert len(message.splitlines()) == 1


@pytest.mark.parametrize("text", ["- a\n- b\n", "", "just a string\n"])
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str) -> None:
    message = config_error(tmp_path, text)
    assert message == "qatron.yml: expected a mapping with 'project' and 'suites' at the top level"


def test_missing_file_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_project(tmp_path)
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'qatron.yml'}: no such file.")
    assert "--project" in message
    assert "qatron init NAME" in message


def test_unknown_suite_lists_valid_ones_and_suggests() -> None:
    project = load_project(SHOP)
    with pytest.raises(ConfigError) as info:
        project.suite("smok")
    assert str(info.value) == (
        f"{project.path}: no suite 'smok'; valid suites: "
        "contract, data, e2e, full, integration, regression, smoke, unit. Did you mean 'smoke'?"
    )
    with pytest.raises(ConfigError) as info:
        project.suite("zzzzzz")
    assert "valid suites: contract, data, e2e" in str(info.value)
    assert "Did you mean" not in str(info.value)


def test_unknown_environment_lists_valid_ones_and_suggests() -> None:
    project = load_project(SHOP)
    with pytest.raises(ConfigError) as info:
        project.environment("locl")
    assert str(info.value) == (
        f"{project.path}: no environment 'locl'; valid environments: local, seeded, staging. "
        "Did you mean 'local'?"
    )


def test_suite_referencing_an_unknown_application(tmp_path: Path) -> None:
    message = config_error(tmp_path, """\
        project: x
        applications:
          web: {path: web}
        suites:
          s:
            application: mobile
        """)
    assert len(message.splitlines()) == 1, message
    assert message.startswith("qatron.yml:6: suites.s.application: "), message
    assert "one of the applications web" in message
    assert "got 'mobile'" in message
    assert "{" not in message  # not a dump of the whole file


def test_two_applications_need_a_suite_application(tmp_path: Path) -> None:
    message = config_error(tmp_path, """\
        project: x
        applications:
          web: {path: web}
          api: {path: api}
        suites:
          s: {tags: [smoke]}
        """)
    assert len(message.splitlines()) == 1, message
    assert message.startswith("qatron.yml:6: suites.s.application: "), message
    assert "which application to test; one of: web, api" in message
    assert "{" not in message


def test_two_applications_with_explicit_application(tmp_path: Path) -> None:
    write_config(tmp_path, """\
        project: x
        applications:
          web: {path: web}
          api: {path: api, pytest_args: [-x]}
        suites:
          s: {application: api}
        """)
    project = load_project(tmp_path)
    name, application = project.application_of(project.suite("s"))
    assert name == "api"
    assert application.pytest_args == ["-x"]
    assert project.application_dir(project.suite("s")) == (tmp_path / "api").resolve()


def test_an_unknown_service_type_lists_the_known_ones(tmp_path: Path) -> None:
    message = config_error(tmp_path, """\
        project: x
        environments:
          local:
            services:
              db: {type: mysql}
        suites: {all: {}}
        """)
    assert message == (
        "qatron.yml:5: environments.local.services.db.type: expected one of 'process', "
        "'postgres', 'sqlite', 'docker', 's3'; got 'mysql'")


def test_a_docker_service_needs_an_image_and_whole_ports(tmp_path: Path) -> None:
    message = config_error(tmp_path, """\
        project: x
        environments:
          local:
            services:
              cache: {type: docker, ports: {six: auto}}
        suites: {all: {}}
        """)
    assert "qatron.yml:5: environments.local.services.cache.image: this key is required" \
        in message
    assert "environments.local.services.cache.ports.six" in message
