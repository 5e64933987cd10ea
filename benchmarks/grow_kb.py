"""Grow a knowledge base of N articles of the seed's shape, for the benchmark (TEST DATA).

Article 1 is the seed itself (`timeline init`). Articles 2..N are synthetic copies of the seed
article, each its own source: the text byte for byte under a new id, its events, concepts and
claims renamed with a `-copy-K` suffix, and every date moved K years later (the reference date
too, so that relative dates and planned events stay consistent). Titles and publishers say
"test data": none of this is a fact, and none of it enters the seed knowledge base.

    python benchmarks/grow_kb.py DIR N      # DIR is made (it must not exist)
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib
from pathlib import Path

SEED_SOURCE = "xi-putin-beijing-2024-05"
_DATE = re.compile(r'^(\s*(?:begin|end|reference-date) = ")(\d{4})((?:-\d{2}){0,2}")', re.MULTILINE)


def _shift_years(text: str, years: int) -> str:
    return _DATE.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + years:04d}{m.group(3)}", text)


_NAMING_FIELD = re.compile(r"^\s*(id|part-of|same-as|triple|about|cooperation-areas|when) = ")


def _rename(text: str, local_ids: list[str], suffix: str) -> str:
    """Suffix every id of the file where a field names one (never inside a quote of evidence)."""
    pattern = re.compile(r'(?<=["\s])(' + "|".join(re.escape(i) for i in sorted(local_ids, key=len, reverse=True)) + r')(?=")')
    lines, in_list = [], False
    for line in text.splitlines(keepends=True):
        naming = in_list or bool(_NAMING_FIELD.match(line))
        if _NAMING_FIELD.match(line) and line.rstrip().endswith("["):
            in_list = True
        elif in_list and line.strip().startswith("]"):
            in_list = False
        lines.append(pattern.sub(lambda m: m.group(1) + suffix, line) if naming else line)
    return "".join(lines)


def copy_article(kb_dir: Path, number: int) -> None:
    """Add synthetic article `number` (2 or more) to a knowledge base grown from the seed."""
    source_id = f"{SEED_SOURCE}-copy-{number}"
    seed_events = (kb_dir / "events" / f"{SEED_SOURCE}.toml").read_text(encoding="utf-8")
    data = tomllib.loads(seed_events)
    local_ids = [table["id"] for key in ("event", "concept", "claim") for table in data.get(key, []) if "id" in table]
    text = _rename(seed_events.replace(f'source = "{SEED_SOURCE}"', f'source = "{source_id}"'), local_ids, f"-copy-{number}")
    years = number % 50 + 1
    (kb_dir / "events" / f"{source_id}.toml").write_text(_shift_years(text, years), encoding="utf-8")
    (kb_dir / "sources" / f"{source_id}.txt").write_bytes((kb_dir / "sources" / f"{SEED_SOURCE}.txt").read_bytes())
    sources = (kb_dir / "sources.toml").read_text(encoding="utf-8")
    reference = _shift_years('reference-date = "2024-05-16"', years)
    entry = (
        f'\n[[source]]\nid = "{source_id}"\nfile = "{source_id}.txt"\n'
        f'title = "Synthetic copy {number} of the seed article (test data, dates moved {years} years)"\n'
        f'{reference}\nreference-date-basis = "Test data: the seed article\'s date moved {years} years."\n'
        f'publisher = "test data"\n'
    )
    (kb_dir / "sources.toml").write_text(sources + entry, encoding="utf-8")


def timeline_command() -> list[str]:
    """The `timeline` console script beside this Python, as users run it (`python -m timeline`
    adds runpy's imports to every start); the module where there is no script."""
    script = Path(sys.executable).parent / "timeline"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "timeline"]


def grow(kb_dir: Path, articles: int, timeline: list[str] | None = None) -> None:
    """A knowledge base folder of `articles` articles, built (its RDF compiled)."""
    command = timeline or timeline_command()
    subprocess.run([*command, "init", str(kb_dir)], check=True, capture_output=True)
    for number in range(2, articles + 1):
        copy_article(kb_dir, number)
    subprocess.run([*command, "--kb", str(kb_dir), "build"], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kb_dir", type=Path, help="the knowledge base to make (it must not exist)")
    parser.add_argument("articles", type=int, help="how many articles, the seed's first")
    arguments = parser.parse_args()
    if arguments.kb_dir.exists():
        parser.error(f"{arguments.kb_dir} exists; name a folder that does not")
    if arguments.articles < 1:
        parser.error("the number of articles is at least 1 (the seed itself)")
    grow(arguments.kb_dir, arguments.articles)


if __name__ == "__main__":
    main()
