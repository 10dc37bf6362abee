"""ctb-desktop: reports on target programs against human trafficking, offline."""

__version__ = "0.1.0"
APP_NAME = "ctb-desktop"
