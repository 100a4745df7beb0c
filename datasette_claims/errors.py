"""Bad input and how it is named: one failure is always one line, and every path can be stored.

A file name on Linux is bytes: it may hold a newline, a terminal escape, or bytes that are not
UTF-8 (Python carries those as lone surrogates, which neither SQLite nor a terminal takes).
``escape_path`` writes such a name with backslash escapes, and ``unescape_path`` gives the name
back exactly (``os.fsencode`` of it opens the file), so the stored form survives a round trip.
"""
import re
from dataclasses import dataclass

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C0 and C1 controls, DEL, line and paragraph separators, and lone surrogates
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_ESCAPE = re.compile(r"\\(?:\\|x[0-9a-f]{2}|u[0-9a-f]{4}|[nrt])")


def _escaped(char: str) -> str:
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def escape_path(path: str) -> str:
    """PATH printable on one line and storable as UTF-8; a backslash is doubled so that
    ``unescape_path`` can tell an escape from a name's own backslash."""
    return _UNPRINTABLE.sub(lambda m: _escaped(m.group()), path.replace("\\", "\\\\"))


def unescape_path(escaped: str) -> str:
    """The name ``escape_path`` was given: ``os.fsencode`` of it is the file name's bytes."""
    def one(match: re.Match) -> str:
        code = match.group()[1:]
        if code == "\\":
            return "\\"
        if code[0] == "x":
            return chr(0xDC00 + int(code[1:], 16))
        if code[0] == "u":
            return chr(int(code[1:], 16))
        return {"n": "\n", "r": "\r", "t": "\t"}[code]

    return _ESCAPE.sub(one, escaped)


def one_line(text: str | None) -> str | None:
    """TEXT with unprintable characters escaped (backslashes kept as they are): a message that
    quotes a path or an input's bytes stays one line and storable."""
    return None if text is None else _UNPRINTABLE.sub(lambda m: _escaped(m.group()), text)


class BadInput(Exception):
    """A file or record that cannot become an article; the message says why."""


@dataclass
class LoadError:
    path: str
    record: str | None
    error: str
    count: int = 1  # errors this one stands for (the loader folds a file's repeats into one)

    def __post_init__(self):  # PATH is escaped by whoever names the file (walk.py, readers.read_found)
        self.record, self.error = one_line(self.record), one_line(self.error)

    def __str__(self) -> str:
        where = self.path if self.record is None else f"{self.path}: record {self.record}"
        return f"{where}: {self.error}"
