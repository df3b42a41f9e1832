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


class OutputError(LitmineError):
    """The output folder cannot be used: it holds an input or files litmine did not write, or it
    is not writable."""

    exit_code = 4


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived; raised by the handlers of :func:`pipeline.outdir.on_signals` so
    that every ``finally`` removes its temporary files. Not a :class:`LitmineError`: code that
    isolates one document's failure must let it through."""

    def __init__(self, signum: int, detail: str = "", completed: bool = False) -> None:
        super().__init__(signum, detail, completed)
        self.signum = signum
        self.detail = detail
        self.completed = completed  # the signal came after the output was installed

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    def __str__(self) -> str:
        import signal

        what = f"interrupted ({signal.Signals(self.signum).name})"
        return f"{what}: {self.detail}" if self.detail else f"{what}; nothing written"
