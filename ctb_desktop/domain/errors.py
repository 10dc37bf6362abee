"""Errors a user can act on. Their text is Ukrainian and is shown as it is, without a
traceback; anything else escaping is a bug and is reported as one."""


class UserError(Exception):
    """A problem with the user's input or environment: a wrong file, a bad value."""
