"""Words in messages: a count with its noun in the right number."""


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """"1 event", "5 events", "1 events file" -> counted(1, "events file", "events files")."""
    if number == 1:
        return f"{number:,} {noun}"
    return f"{number:,} {plural or noun + 's'}"
