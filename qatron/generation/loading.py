"""Finding and importing the module to generate tests for, with errors that say what to do."""

from __future__ import annotations

import importlib
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from qatron.errors import QatronError

__all__ = ["GenerationError", "Target", "load_target"]


class GenerationError(QatronError):
    """Tests cannot be generated: the module cannot be found or imported, or a file a
    person edited stands where the generated one would be written."""


@dataclass(frozen=True)
class Target:
    """An imported module: ``root`` is the folder its dotted ``name`` is imported from."""

    root: Path
    name: str
    module: ModuleType
    file: Path
    source: str


def module_name(path: Path) -> tuple[Path, str]:
    """The import root and dotted name of a ``.py`` file (packages walked up by their
    ``__init__.py``)."""
    path = path.resolve()
    parts = [] if path.name == "__init__.py" else [path.stem]
    folder = path.parent
    while (folder / "__init__.py").exists():
        parts.insert(0, folder.name)
        folder = folder.parent
    return folder, ".".join(parts)


def load_target(path: str | Path, module: str | None = None) -> Target:
    """Import ``module`` from the folder ``path`` (or the module file ``path`` itself)."""
    location = Path(path)
    if not location.exists():
        raise GenerationError(f"{location} does not exist: give a module file (.py) or a "
                              "folder with --module NAME")
    if module:
        if not location.is_dir():
            raise GenerationError(f"--module {module} needs PATH to be the folder it is "
                                  f"imported from; {location} is a file")
        root, name = location.resolve(), module
    elif location.is_dir():
        raise GenerationError(f"{location} is a folder: pass --module NAME (the dotted module "
                              "to import from it) or the module's .py file")
    elif location.suffix != ".py":
        raise GenerationError(f"{location} is not a Python module (.py)")
    else:
        root, name = module_name(location)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    try:
        loaded = importlib.import_module(name)
    except BaseException as error:  # noqa: BLE001 - SystemExit at import is an error too
        if isinstance(error, KeyboardInterrupt):
            raise
        last = traceback.extract_tb(error.__traceback__)[-1:]
        where = f" ({last[0].filename}:{last[0].lineno})" if last else ""
        raise GenerationError(
            f"cannot import {name} from {root}: {type(error).__name__}: {error}{where}. "
            "Install what it imports into this interpreter, or pass the folder it is "
            "imported from as PATH with --module") from None
    file = Path(getattr(loaded, "__file__", "") or "")
    if file.suffix != ".py":
        raise GenerationError(f"{name} has no Python source ({file or 'a built-in module'}); "
                              "tests are generated from source")
    return Target(root, name, loaded, file.resolve(), file.read_text(encoding="utf-8"))
