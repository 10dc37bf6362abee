"""`python -m ctb_desktop`: the same as the `ctb-desktop` command."""

import sys

from ctb_desktop.cli import main

sys.exit(main())
