"""The errors of an engine's parsers and evaluator, as user errors: one line, and for a file,
where in it."""

from __future__ import annotations

from timeline.errors import DataFileError


def first_line(message: str, limit: int = 240) -> str:
    line = message.strip().splitlines()[0] if message.strip() else "no details given"
    return line if len(line) <= limit else line[: limit - 1] + "…"


def turtle_error(path: str, error: SyntaxError) -> DataFileError:
    from pathlib import Path

    from timeline.rdf.files import not_utf8

    try:
        data = Path(path).read_bytes()
        data.decode("utf-8")
    except UnicodeDecodeError as decoding:
        return DataFileError(path, f"not valid Turtle: the file is {not_utf8(data, decoding)}; Turtle is UTF-8")
    except OSError:
        pass
    return DataFileError(path, f"not valid Turtle: {first_line(str(error))}", line=error.lineno, column=error.offset)


# Oxigraph's Turtle reader holds one token at a time in a buffer of at most 16 MiB: a literal
# longer than that cannot be read (it raises MemoryError).
MAX_TOKEN_BYTES = 16 * 1024 * 1024


def too_large_error(path: str) -> DataFileError:
    return DataFileError(
        path, f"a term in this file is longer than the {MAX_TOKEN_BYTES // (1024 * 1024)} MiB that Oxigraph reads in one piece; "
        "split the text, or keep a large text outside the knowledge base"
    )
