"""qatron.yml: loading, defaults and one clear message per mistake."""

from __future__ import annotations

import os
import textwrap
import time
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
        "smoke", "regression", "unit", "contract", "integration", "e2e", "full", "data", "bdd",
        "api-regression",
    }
    assert set(project.config.environments) == {"local", "seeded", "staging"}
    seeded = project.environment("seeded")
    assert set(seeded.services) == {"user-service", "payment-service", "web-frontend",
                                    "customers-db"}
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
    assert list(local.services) == ["user-service", "payment-service", "web-frontend"]
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


@pytest.mark.parametrize(("text", "line"), [
    ("- a\n- b\n", 1), ("", 1), ("# nothing yet\n\njust a string\n", 3)])
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, line: int) -> None:
    message = config_error(tmp_path, text)
    assert message == (
        f"qatron.yml:{line}: expected a mapping with 'project' and 'suites' at the top level")


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
        "api-regression, bdd, contract, data, e2e, full, integration, regression, smoke, unit. "
        "Did you mean 'smoke'?"
    )
    with pytest.raises(ConfigError) as info:
        project.suite("zzzzzz")
    assert "valid suites: api-regression, bdd, contract, data, e2e" in str(info.value)
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
        "'postgres', 'sqlite', 'docker', 's3', 'selenium-grid'; got 'mysql'")


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


# --- mistakes caught at load time (issue 11) -----------------------------------------


def service_config(services: str, extra: str = "") -> str:
    """A config with one environment whose services are the given YAML lines."""
    body = textwrap.indent(textwrap.dedent(services).rstrip("\n") + "\n", "      ")
    return (f"project: x\nenvironments:\n  local:\n{extra}    services:\n{body}"
            f"suites: {{all: {{}}}}\n")


def test_a_duplicate_key_names_the_line_of_the_second(tmp_path: Path) -> None:
    message = config_error(tmp_path, """\
        project: x
        suites:
          smoke: {shards: 1}
          nightly: {}
          smoke: {shards: 2}
        """)
    assert message == (
        "qatron.yml:5: suites.smoke: duplicate key 'smoke' (first on line 3); keep one")


def test_a_merged_key_may_be_overridden_but_not_repeated(tmp_path: Path) -> None:
    write_config(tmp_path, """\
        project: x
        suites:
          base: &base {shards: 2, retries: 1}
          more: {<<: *base, shards: 3}
        """)
    assert load_project(tmp_path).suite("more").shards == 3
    message = config_error(tmp_path, "project: x\nsuites: {a: {shards: 1, shards: 2}}\n")
    assert message.startswith("qatron.yml:2: suites.a.shards: duplicate key 'shards'")


def test_services_that_wait_on_each_other_are_a_cycle(tmp_path: Path) -> None:
    message = config_error(tmp_path, service_config("""\
        api: {command: "run --port {port}"}
        users: {command: "run --port {port} --orders {orders.url}"}
        orders: {command: "run --port {port} --users {users.url}"}
        """))
    assert message == (
        "qatron.yml:6: environments.local.services.users.command: services wait on each other "
        "in a cycle (users -> orders -> users); remove one of these references")


@pytest.mark.parametrize(("services", "extra", "line", "key", "placeholder"), [
    ('api: {command: "run {bogus}"}', "", 5, "services.api.command", "{bogus}"),
    ('api: {command: run}', "    base_url: '{nosuch.url}'\n", 4, "base_url", "{nosuch.url}"),
    ('api: {command: run, env: {DB: "{db.dsn}"}}', "", 5, "services.api.env.DB", "{db.dsn}"),
    ('db: {type: sqlite}\napi: {command: "run {db.port}"}', "", 6, "services.api.command",
     "{db.port}"),
    ('api: {type: docker, image: x, command: "serve {url}"}', "", 5, "services.api.command",
     "{url}"),
    ('api: {command: run, health_check: "{api.url}/health"}', "", 5,
     "services.api.health_check.url", "{api.url}"),
])
def test_an_unknown_placeholder_is_found_at_load(
        tmp_path: Path, services: str, extra: str, line: int, key: str, placeholder: str) -> None:
    message = config_error(tmp_path, service_config(services, extra))
    assert message.startswith(f"qatron.yml:{line}: environments.local.{key}: unknown placeholder "
                              f"{placeholder}"), message
    assert "known here: {python}, {run_dir}" in message


def test_own_values_and_shell_variables_get_a_hint(tmp_path: Path) -> None:
    message = config_error(tmp_path, service_config('api: {command: "run {api.port}"}'))
    assert "own values are written without its name ({url}, {host}, {port})" in message
    assert "did you mean {port}?" in message
    message = config_error(tmp_path, service_config('api: {command: "echo ${HOME}"}'))
    assert "unknown placeholder {HOME} (for the shell variable, write $HOME)" in message


def test_every_kind_of_service_value_is_a_known_placeholder(tmp_path: Path) -> None:
    write_config(tmp_path, service_config("""\
        pg: {type: postgres, server: "postgresql://u@h/postgres?app={run_dir}"}
        lite: {type: sqlite}
        bucket: {type: s3, endpoint_url: "http://{lite.path}:9000"}
        web:
          type: docker
          image: nginx
          ports: {80: auto}
          command: [serve, "{pg.dsn}", "{lite.path}", "{bucket.region}"]
          health_check: "{url}/health?c={container}&p={port.80}"
        api:
          command: "{python} -m api --port {port} --db {pg.url} {pg.user} {web.port.80}"
          env: {BUCKET: "{bucket.bucket}", WEB: "{web.url}"}
          health_check: {command: "curl {url} {host}"}
        """, "    base_url: '{api.url}'\n    api_url: '{web.url}'\n"))
    assert set(load_project(tmp_path).environment("local").services) == {
        "pg", "lite", "bucket", "web", "api"}


def test_a_dataset_url_names_a_service_value(tmp_path: Path) -> None:
    base = service_config('db: {type: sqlite}').replace(
        "suites:", "datasets:\n  d: {url: '%s', table: t, expectations: e.yml}\nsuites:")
    write_config(tmp_path, base % "{db.url}")
    assert load_project(tmp_path).config.datasets["d"].url == "{db.url}"
    message = config_error(tmp_path, base % "{db.dsn}")
    assert message.startswith("qatron.yml:7: datasets.d.url: unknown placeholder {db.dsn}")


@pytest.mark.parametrize(("text", "line", "key", "path"), [
    ("suites:\n  s: {paths: [tests, ../../../../etc]}\n", 3, "suites.s.paths.1",
     "../../../../etc"),
    ("suites:\n  s: {paths: [/etc/passwd]}\n", 3, "suites.s.paths.0", "/etc/passwd"),
    ("applications:\n  a: {path: ..}\nsuites: {s: {}}\n", 3, "applications.a.path", ".."),
    ("applications:\n  a: {path: app, tests: [../../x]}\nsuites: {s: {}}\n", 3,
     "applications.a.tests.0", "../../x"),
    ("applications:\n  a: {path: app}\nsuites:\n  s: {paths: ['../../x.py::test']}\n", 5,
     "suites.s.paths.0", "../../x.py::test"),
])
def test_a_path_outside_the_project_folder_is_refused(
        tmp_path: Path, text: str, line: int, key: str, path: str) -> None:
    message = config_error(tmp_path, f"project: x\n{text}")
    assert message == (f"qatron.yml:{line}: {key}: a relative path inside the project folder; "
                       f"got {path!r}")


def test_paths_that_stay_inside_are_fine(tmp_path: Path) -> None:
    write_config(tmp_path, """\
        project: x
        applications:
          a: {path: apps/a, tests: [../a/tests]}
        suites:
          s: {paths: [tests/../tests/unit, "tests/test_x.py::test_y[a/../../b]"]}
        """)
    assert load_project(tmp_path).suite("s").paths[0] == "tests/../tests/unit"


@pytest.mark.parametrize(("data", "expected"), [
    ("project: café\nsuites: {}\n".encode("latin-1"),
     "qatron.yml:1: not UTF-8 text (byte 0xe9 at column 13); save the file as UTF-8"),
    (b"project: x\nsuites:\n  \x89PNG\r\n\x1a\n",
     "qatron.yml:3: not UTF-8 text (byte 0x89 at column 3); save the file as UTF-8"),
    (b"project: x\x00\n", "qatron.yml: line 1: not valid YAML (character #x0000: "
                          "control characters are not allowed)"),
])
def test_binary_and_latin1_files_are_config_errors(
        tmp_path: Path, data: bytes, expected: str) -> None:
    (tmp_path / "qatron.yml").write_bytes(data)
    with pytest.raises(ConfigError) as info:
        load_project(tmp_path)
    assert str(info.value) == f"{tmp_path / expected}"


def test_a_utf8_bom_is_allowed(tmp_path: Path) -> None:
    (tmp_path / "qatron.yml").write_bytes(b"\xef\xbb\xbfproject: x\nsuites: {all: {}}\n")
    assert load_project(tmp_path).name == "x"


def test_an_impossible_quarantine_date_names_its_line(tmp_path: Path) -> None:
    message = config_error(tmp_path, """\
        project: x
        suites: {all: {}}
        quarantine:
          - {test: t.py::a, owner: me, reason: flaky, until: 2026-12-31}
          - {test: t.py::b, owner: me, reason: flaky, until: 2026-13-45}
        """)
    assert message.startswith("qatron.yml:5: quarantine.1.until: expected a valid date"), message
    assert message.endswith("got '2026-13-45'")
    write_config(tmp_path, "project: x\nsuites: {all: {}}\nquarantine:\n"
                           "  - {test: t.py::a, owner: me, reason: flaky, until: 2026-12-31}\n")
    until = load_project(tmp_path).config.quarantine[0].until
    assert until == __import__("datetime").date(2026, 12, 31)


@pytest.mark.parametrize("depth", [65, 100_000])
def test_deep_nesting_is_refused(tmp_path: Path, depth: int) -> None:
    message = config_error(tmp_path, "project: x\nsuites: {}\nx: " + "[" * depth + "]" * depth)
    assert message == "qatron.yml:3: x.0.0.0.….0.0: nested more than 64 levels deep"


def test_nesting_through_aliases_counts_too(tmp_path: Path) -> None:
    chain = "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 80))
    message = config_error(tmp_path, f"project: x\nsuites: {{}}\na0: &a0 [x]\n{chain}")
    assert "nested more than 64 levels deep (counting what aliases bring in)" in message


@pytest.mark.parametrize(("port", "expected"), [
    ("99999", "expected less than or equal to 65535 or 'auto'; got 99999"),
    ("0", "expected greater than or equal to 1 or 'auto'; got 0"),
])
def test_a_port_is_1_to_65535_or_auto(tmp_path: Path, port: str, expected: str) -> None:
    message = config_error(tmp_path, service_config(f"api: {{command: run, port: {port}}}"))
    assert message == f"qatron.yml:5: environments.local.services.api.port: {expected}"
    message = config_error(tmp_path, service_config(
        f"web: {{type: docker, image: x, ports: {{80: {port}}}}}"))
    assert message.startswith("qatron.yml:5: environments.local.services.web.ports.80: ")


def test_dates_in_variables_are_the_text_written(tmp_path: Path) -> None:
    from qatron.services import RunningEnvironment

    write_config(tmp_path, """\
        project: x
        environments:
          local:
            variables: {release: 2026-01-31, at: 2026-01-31 10:00:00, n: 3, on: true,
                        nested: {when: [2026-02-01]}}
        suites: {all: {}}
        """)
    variables = load_project(tmp_path).environment("local").variables
    assert variables == {"release": "2026-01-31", "at": "2026-01-31 10:00:00", "n": 3,
                         "on": True, "nested": {"when": ["2026-02-01"]}}
    environment = RunningEnvironment(name="local", run_dir=tmp_path, variables=variables)
    assert '"release": "2026-01-31"' in environment.write(tmp_path / "env.json").read_text()


@pytest.mark.parametrize(("value", "shown"), [
    ("!!binary aGk=", "bytes b'hi'"), ("!!set {a}", "set {'a'}"), (".nan", "float nan"),
])
def test_a_variable_that_is_not_json_is_refused(tmp_path: Path, value: str, shown: str) -> None:
    message = config_error(tmp_path, service_config(
        "api: {command: run}", f"    variables: {{v: {value}}}\n"))
    assert message.startswith("qatron.yml:4: environments.local.variables.v: expected "), message
    assert shown in message or "finite number" in message


def test_env_numbers_and_booleans_are_the_text_written(tmp_path: Path) -> None:
    write_config(tmp_path, service_config(
        "api: {command: run, env: {ZIP: 01234, V: 1.10, ON: yes, N: 8080, D: 2026-01-01}}"))
    env = load_project(tmp_path).environment("local").services["api"].env
    assert env == {"ZIP": "01234", "V": "1.10", "ON": "yes", "N": "8080", "D": "2026-01-01"}
    message = config_error(tmp_path, service_config("api: {command: run, env: {E: }}"))
    assert message == ("qatron.yml:5: environments.local.services.api.env.E: "
                       "expected a valid string; got None")


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    levels = "".join(f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))
    started = time.monotonic()
    message = config_error(tmp_path, f"project: x\nsuites: {{}}\nx:\n  l0: &l0 [lol]\n{levels}")
    assert time.monotonic() - started < 2
    assert "aliases expand to more than 100,000 values" in message
    assert "alias bomb" in message


def test_an_alias_inside_its_own_value_is_refused(tmp_path: Path) -> None:
    message = config_error(tmp_path, "project: x\nsuites: {}\nx: &a {y: [*a]}\n")
    assert message == "qatron.yml:3: x.y.0: alias *a is inside the value it names"


@pytest.mark.parametrize(("text", "expected"), [
    ("suites: {s: {shards: !!int many}}",
     "line 2, column 22: not valid YAML (cannot read 'many' as tag:yaml.org,2002:int"),
    ("suites: {s: {timeout: .inf}}", "2: suites.s.timeout: expected a finite number; got inf"),
    ("suites: {s: {timeout: 1e300}}", "2: suites.s.timeout: expected less than or equal to"),
    ("suites: {s: {}}\n---\nproject: y", "3: a second YAML document ('---')"),
    ("suites: {s: {}}\n? [a, b]\n: c", "3: (top level): a key must be text"),
    ("suites: {s: {}}\nx: *nowhere", "3: x: alias *nowhere names no anchor"),
    ("suites: {s: {}}\nx: !!python/object:os.system {}", "line 3, column 4: not valid YAML"),
])
def test_odd_yaml_is_a_config_error(tmp_path: Path, text: str, expected: str) -> None:
    message = config_error(tmp_path, f"project: x\n{text}\n")
    assert message.startswith(f"qatron.yml{':' if expected[0].isdigit() else ': '}{expected}"), \
        message


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    from qatron.config_yaml import MAX_BYTES

    (tmp_path / "qatron.yml").write_bytes(b"project: x\nsuites: {}\n#" + b"x" * MAX_BYTES)
    with pytest.raises(ConfigError, match="larger than 8 MiB, the most a qatron.yml may be"):
        load_project(tmp_path)


def test_many_quarantined_tests_are_checked_in_linear_time() -> None:
    from qatron.config import ProjectConfig

    entries = [{"test": f"t.py::test_{i}", "owner": "o", "reason": "r", "until": "2030-01-01"}
               for i in range(30_000)]
    started = time.monotonic()
    ProjectConfig.model_validate({"project": "x", "suites": {}, "quarantine": entries})
    assert time.monotonic() - started < 5


def test_an_unchanged_file_is_loaded_once(tmp_path: Path) -> None:
    path = write_config(tmp_path, "project: x\nsuites: {all: {}}\n")
    old = time.time() - 60
    os.utime(path, (old, old))
    first = load_project(tmp_path)
    assert load_project(path) is first
    path.write_text("project: y\nsuites: {all: {}}\n", encoding="utf-8")  # same size
    os.utime(path, (old + 1, old + 1))
    assert load_project(tmp_path).name == "y"


def test_a_file_just_written_is_read_again(tmp_path: Path) -> None:
    path = write_config(tmp_path, "project: x\nsuites: {all: {}}\n")
    assert load_project(tmp_path).name == "x"
    stat = path.stat()
    path.write_text("project: y\nsuites: {all: {}}\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # a rewrite within one clock tick
    assert load_project(tmp_path).name == "y"


@pytest.mark.parametrize("pattern", ["a{4294967296}", "(" * 5000 + ")" * 5000])
def test_a_regular_expression_too_large_to_compile_is_a_config_error(
        tmp_path: Path, pattern: str) -> None:
    message = config_error(tmp_path, f"""\
        project: x
        applications:
          a:
            selection:
              rules: [{{source_pattern: "{pattern}", test_pattern: t}}]
        suites: {{s: {{}}}}
        """)
    assert message.startswith("qatron.yml:5: applications.a.selection.rules.0.source_pattern: "
                              "expected a valid regular expression ("), message
    message = config_error(tmp_path, f"""\
        project: x
        suites: {{s: {{}}}}
        failure_analysis:
          categories: [{{name: c, patterns: ["{pattern}"]}}]
        """)
    assert message.startswith("qatron.yml:4: failure_analysis.categories.0.patterns: "
                              "expected pattern "), message


def test_applications_may_not_be_empty(tmp_path: Path) -> None:
    message = config_error(tmp_path, "project: x\napplications: {}\nsuites: {s: {}}\n")
    assert message.startswith("qatron.yml:2: applications: expected "), message


def test_a_path_may_not_hold_a_nul_character(tmp_path: Path) -> None:
    message = config_error(tmp_path, 'project: x\nsuites: {s: {paths: ["tests\\0x"]}}\n')
    assert message == ("qatron.yml:2: suites.s.paths.0: a relative path inside the project "
                       "folder, without NUL characters; got 'tests\\x00x'")


@pytest.mark.parametrize("key", ["\\r", "\\x1e", "\\u2028", "a\\nb"])
def test_a_key_with_a_line_break_stays_on_its_line(tmp_path: Path, key: str) -> None:
    message = config_error(tmp_path, f'project: x\nsuites: {{s: {{}}}}\n"{key}": 1\n')
    assert len(message.splitlines()) == 1, message
    shown = repr(key.encode().decode("unicode_escape"))
    assert message == f"qatron.yml:3: {shown}: unknown key (check its spelling)"
    message = config_error(tmp_path,
                           f'project: x\nsuites: {{s: {{}}}}\nx: {{"{key}": 1, "{key}": 2}}\n')
    assert len(message.splitlines()) == 1, message
