"""Prefect Block types: QAtron environments, datasets and Selenium Grids kept in Prefect.

Register them with ``prefect block register -m blocks`` (the package is installed).
"""

from blocks.dataset import QatronDataset
from blocks.environment import QatronEnvironment
from blocks.selenium_grid import SeleniumGrid

__all__ = ["QatronDataset", "QatronEnvironment", "SeleniumGrid"]
