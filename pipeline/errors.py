"""The exceptions litmine raises; the CLI turns each into one line on stderr and a non-zero exit."""


class LitmineError(Exception):
    """Base class: every error the user can cause (bad input, bad arguments)."""

    exit_code = 1


class InputError(LitmineError):
    """The input file is missing, empty, binary, mis-encoded, of an unknown kind or holds no text."""

    exit_code = 2


class PdfError(InputError):
    """A PDF that cannot be read: encrypted, corrupt, truncated or without a text layer."""


class DataError(LitmineError):
    """A stage's input table is missing or malformed (e.g. a previous stage was not run)."""

    exit_code = 3
