"""Failure analysis: categorise, cluster, explain and route failed tests.

    >>> from qatron.failures import Analyser, Failure
    >>> analysis = Analyser(project.config.failure_analysis, project.root).analyse(failures)
    >>> for cluster in analysis.clusters: print(cluster.category, cluster.team, cluster.suggestion)

Prefect-free; the ``analyse-failures`` task runs it after a run's shards, and
``qatron failures analyze FILE.xml`` on any runner's JUnit XML.
"""

from qatron.failures.analyse import Analyser, analyse, analyse_files
from qatron.failures.model import Analysed, Analysis, Cluster, Failure, read_failures

__all__ = ["Analysed", "Analyser", "Analysis", "Cluster", "Failure", "analyse", "analyse_files",
           "read_failures"]
