"""Prefect Block types: QAtron environments and datasets kept in Prefect.

Register them with ``prefect block register -m blocks`` (the package is installed).
"""

from blocks.dataset import QatronDataset
from blocks.environment import QatronEnvironment

__all__ = ["QatronDataset", "QatronEnvironment"]
