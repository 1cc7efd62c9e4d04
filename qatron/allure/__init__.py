"""A QAtron run as Allure 2 results, and the Allure report generated from them.

::

    from qatron.allure import export_run, generate_report

    export = export_run(Path("examples/shop"), 42)      # <run folder>/allure-results
    generate_report(export.path, export.path.with_name("allure-report"))

Modules: ``model`` (one test result's JSON), ``categories`` (categories.json from the failure
analysis), ``export`` (the folder), ``stored`` (a run of the results store),
``commandline`` (the ``allure`` program).
"""

from __future__ import annotations

from qatron.allure.commandline import AllureFailed, AllureNotFound, find_allure, generate_report
from qatron.allure.export import REPORT_DIR, RESULTS_DIR, AllureExport, AllureSource
from qatron.allure.stored import export_run, export_summary

__all__ = ["REPORT_DIR", "RESULTS_DIR", "AllureExport", "AllureFailed", "AllureNotFound",
           "AllureSource", "export_run", "export_summary", "find_allure", "generate_report"]
