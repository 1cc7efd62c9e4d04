"""The locustfile of a load test: a fixed template plus the test as JSON beside it.

    >>> path = write_locustfile(spec, folder, cwd=project)   # folder/locustfile.py
    >>> # locust -f path ...; the template reads folder/qatron_load.json

Nothing from qatron.yml is turned into code, so no value in it can run as Python.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from qatron.errors import ConfigError
from qatron.load.config import LoadTest

TEMPLATE = Path(__file__).with_name("locust_template.py")
SPEC_FILE = "qatron_load.json"
STATUS_FILE = "locust_status.json"
#: The final failures grouped by endpoint and error.
ERRORS_FILE = "locust_errors.json"
#: Written by the locustfile when ``max_requests`` stopped the test.
MAX_REQUESTS_FILE = "max_requests_reached"


def write_locustfile(spec: LoadTest, folder: Path, cwd: Path | None = None) -> Path:
    """Write ``locustfile.py`` and ``qatron_load.json`` into ``folder``; return the former.

    A user's own ``spec.locustfile`` is relative to ``cwd`` (the project folder).
    """
    folder.mkdir(parents=True, exist_ok=True)
    data = locust_spec(spec, folder, cwd or Path.cwd())
    (folder / SPEC_FILE).write_text(json.dumps(data, indent=2), encoding="utf-8")
    target = folder / "locustfile.py"
    shutil.copyfile(TEMPLATE, target)
    return target


def locust_spec(spec: LoadTest, folder: Path, cwd: Path) -> dict[str, Any]:
    """What the template reads: the behaviour (endpoints with their labels), the user's
    locustfile (an absolute path), the shape and the limits."""
    behaviour = None
    if spec.behaviour is not None:
        behaviour = spec.behaviour.model_dump(mode="json")
        behaviour["endpoints"] = [{**e.model_dump(mode="json"), "label": e.label}
                                  for e in spec.behaviour.endpoints]
    return {"behaviour": behaviour, "locustfile": _user_locustfile(spec, cwd),
            "shape": spec.shape.model_dump(mode="json"), "max_requests": spec.max_requests,
            "status_file": str((folder / STATUS_FILE).resolve()),
            "errors_file": str((folder / ERRORS_FILE).resolve())}


def _user_locustfile(spec: LoadTest, cwd: Path) -> str | None:
    if spec.locustfile is None:
        return None
    path = (cwd / spec.locustfile).resolve()
    if not path.is_file():
        raise ConfigError(f"the load test's locustfile {spec.locustfile!r} is not a file in "
                          f"{cwd}; give its path relative to the project folder")
    return str(path)
