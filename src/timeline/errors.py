"""The errors a user can cause, and the exit codes the command line gives them.

Exit codes (documented in the README and in `timeline --help`):

    0  success
    1  the command ran and found problems (validation violations, failed checks)
    2  the command could not run: bad input, a broken file, an unknown query, a refused update
  130  interrupted (Ctrl-C)
"""

EXIT_OK = 0
EXIT_PROBLEMS_FOUND = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130  # as a shell reports a process ended by SIGINT


class TimelineError(Exception):
    """An error the user can fix. Its message says what happened and what to do next."""

    exit_code = EXIT_ERROR


class DataFileError(TimelineError):
    """A knowledge-base file that cannot be read: broken Turtle, TOML or a missing file."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        self.path = path
        self.message = message
        self.line = line
        self.column = column
        where = path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class StoreWriteError(DataFileError):
    """The disk refused a write to a store folder (full, or a file too large)."""


class QueryError(TimelineError):
    """A query that cannot run: syntax errors, unknown names, missing parameters."""


class ReadOnlyError(TimelineError):
    """An attempt to change the knowledge base through a read-only path."""
