"""Property-based tests of every parser of user data: whatever it is given, a parser
returns a value or raises the project's error (a UserError, which the window and the
command line show as one Ukrainian line), never anything else.

The default profile is quick and repeatable (the same examples every run, no example
database written); HYPOTHESIS_PROFILE=thorough runs many more, randomly.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ctb",
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "thorough",
    max_examples=2000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ctb"))
