"""Word lists (cue verbs, titles, anonymous-source phrases, units, boilerplate) from data files.

Each list is a UTF-8 file in ``datasette_claims/data/``: one entry per line, ``#`` starts a
comment, blank lines are ignored; tab-separated columns where a list needs them. Users extend a
list without forking by putting a file of the same name in a folder named by the environment
variable ``DATASETTE_CLAIMS_WORDLISTS`` (several folders separated by ``os.pathsep``): its
entries are added to the built-in ones.
"""
import functools
import os
import re
from pathlib import Path

DATA = Path(__file__).parent / "data"


def _files(name: str) -> list[Path]:
    extra = [Path(d) / name for d in os.environ.get("DATASETTE_CLAIMS_WORDLISTS", "").split(os.pathsep) if d]
    return [p for p in [DATA / name, *extra] if p.is_file()]


@functools.cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Every entry of list NAME as a tuple of its tab-separated columns."""
    entries = []
    for path in _files(name):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0]
            if line.strip():
                entries.append(tuple(column.strip() for column in line.split("\t")))
    return tuple(entries)


@functools.cache
def words(name: str) -> tuple[str, ...]:
    """The first column of every entry of list NAME."""
    return tuple(row[0] for row in rows(name))


@functools.cache
def whole_line_pattern(name: str) -> re.Pattern:
    """List NAME of regular expressions as one case-insensitive pattern for ``fullmatch``."""
    return re.compile("|".join(f"(?:{p})" for p in words(name)) or "(?!)", re.IGNORECASE)
