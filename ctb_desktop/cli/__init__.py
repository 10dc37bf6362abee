"""The command line: `main` parses and dispatches (cli/main.py); the exchange commands
live in cli/exchange.py, what they share in cli/common.py."""

from ctb_desktop.cli.main import main

__all__ = ["main"]
