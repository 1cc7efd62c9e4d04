"""``selection:`` of an application in qatron.yml: how its changes map to its tests.

    applications:
      web:
        selection:
          rules:
            - {source_pattern: 'src/(.*)\\.py', test_pattern: 'tests/test_{1}.py'}
          always_run: [tests/smoke]
          run_all_on: [conftest.py, pyproject.toml]
          ignore: ['*.md']

These models validate the file; the selection engine reads any object of their shape
(:mod:`qatron.selection.settings`, which holds the defaults) and never imports pydantic.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from qatron.selection.settings import DEFAULT_IGNORE, DEFAULT_RUN_ALL_ON

__all__ = ["DEFAULT_IGNORE", "DEFAULT_RUN_ALL_ON", "SelectionRule", "SelectionRules",
           "regex_problem"]


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` does not compile, or None."""
    try:
        re.compile(pattern)
    except (re.error, OverflowError) as exc:
        return str(exc)
    except RecursionError:
        return "groups nested too deeply"
    return None


class SelectionRule(BaseModel):
    """A changed path matching ``source_pattern`` selects the tests ``test_pattern`` names.

    ``test_pattern`` may use the pattern's groups as ``{1}``, ``{2}``, …
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    source_pattern: str
    test_pattern: str

    @field_validator("source_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        problem = regex_problem(value)
        if problem:
            raise ValueError(f"a valid regular expression ({problem})")
        return value

    @field_validator("test_pattern")
    @classmethod
    def _known_groups(cls, value: str, info: ValidationInfo) -> str:
        source = info.data.get("source_pattern")
        groups = re.compile(source).groups if source is not None else 0
        used = sorted({int(n) for n in re.findall(r"\{(\d+)\}", value)})
        if source is not None and any(n < 1 or n > groups for n in used):
            have = f"groups {{1}}..{{{groups}}}" if groups > 1 else "group {1}" if groups else \
                "no groups"
            raise ValueError(f"only groups that source_pattern has ({have})")
        return value


class SelectionRules(BaseModel):
    """How an application's changes map to its tests (``qatron select``).

    Globs are matched against paths relative to the application folder (and
    to the repository); a glob without ``/`` matches a file name anywhere.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    rules: list[SelectionRule] = Field(default_factory=list)
    always_run: list[str] = Field(default_factory=list)
    run_all_on: list[str] = Field(default_factory=lambda: list(DEFAULT_RUN_ALL_ON))
    ignore: list[str] = Field(default_factory=lambda: list(DEFAULT_IGNORE))
    source_roots: list[str] = Field(default_factory=lambda: ["."])
    test_roots: list[str] = Field(default_factory=list)
