"""QAtron's pytest plugin for a test process whose interpreter need not have QAtron.

QAtron puts this package's folder (``qatron/plugin_path``) on the test process's
PYTHONPATH and loads ``-p qatron_plugin.pytest_plugin``. The package's modules are
QAtron's own files (``qatron/pytest_plugin.py`` and the standard-library-only modules
it imports relatively: ``redaction``, ``unstable_ids``, ``queue``, ``browser``: Selenium
only when a test asks for a browser), so the plugin is
kept in one place and ``qatron/__init__.py`` and QAtron's dependencies never load.
Only this file runs on Python 3.9 to 3.13 with nothing but the standard library.
"""

from __future__ import annotations

import os

__path__ = [os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))]
