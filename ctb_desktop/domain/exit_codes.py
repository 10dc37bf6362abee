"""How the program ends, as a number for the shell or the caller: one list for the
command line (cli/failure.py) and the window (gui/app.py), so both say the same thing
with the same code.

    0    done
    1    the user's mistake or the environment's fault (UserError), a damaged database
    70   a bug (EX_SOFTWARE): its traceback goes to the log file
    130  Ctrl+C (128 + SIGINT, as shells report it)
"""

from __future__ import annotations

EXIT_USER_ERROR = 1
EXIT_BUG = 70
EXIT_INTERRUPTED = 130
