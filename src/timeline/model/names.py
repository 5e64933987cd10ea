"""The one way two names are compared: Unicode compatibility forms, case, curly apostrophes and
runs of white space aside ("Xi  Jinping" is "xi jinping", "Xi’s" is "xi's")."""

from __future__ import annotations

import unicodedata


def normal_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().replace("’", "'").split())
