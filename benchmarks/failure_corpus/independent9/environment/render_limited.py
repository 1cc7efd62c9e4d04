"""Runs the payslip renderer the way the render hosts do: under a memory ceiling.

``python render_limited.py MEGABYTES IN OUT``.
"""

from __future__ import annotations

import os
import resource
import runpy
import sys


def main(argv: list[str]) -> None:
    sys.path.insert(0, os.getcwd())
    limit = int(argv[0]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sys.argv = ["payrun.render", *argv[1:]]
    runpy.run_module("payrun.render", run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])
