"""Input files as byte streams, read with a cap: a decompression bomb or a runaway file costs one
error, never the machine's memory.

``.gz``, ``.bz2`` and ``.xz`` files are decompressed as they are read, never whole. Two limits
hold (docs/hostile.md):

- an input (a whole .txt/.md/.html/.json file, or one JSONL or CSV line) may be at most
  ``max_input_bytes()`` bytes once decompressed (32 MiB; ``DATASETTE_CLAIMS_MAX_INPUT_BYTES``
  changes it). Only that many bytes (plus one) are ever read into memory; a bigger one is one
  error and the rest of the load goes on;
- past the first MiB, a compressed file may not expand more than ``MAX_RATIO`` times: news
  text compresses 3-10x, a bomb of zeros a thousand times or more.
"""
import bz2
import gzip
import io
import lzma
import os
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import BadInput

DEFAULT_MAX_INPUT_BYTES = 32 * 2**20
MAX_RATIO = 200
RATIO_FROM_BYTES = 2**20  # a small file's header and dictionary make any ratio meaningless
READ_BLOCK = 2**16
DECOMPRESSORS = {  # suffix -> (name, a reader of a compressed file object)
    ".gz": ("gzip", lambda compressed: gzip.GzipFile(fileobj=compressed, mode="rb")),
    ".bz2": ("bz2", bz2.BZ2File),
    ".xz": ("xz", lzma.LZMAFile),
}
_DECOMPRESSION_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError)


def max_input_bytes() -> int:
    """The cap on one article's decompressed bytes (the environment variable overrides it)."""
    value = os.environ.get("DATASETTE_CLAIMS_MAX_INPUT_BYTES", "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_INPUT_BYTES


def mebibytes(size: int) -> str:
    return f"{size / 2**20:.3g} MiB"


def over_cap(what: str) -> BadInput:
    cap = max_input_bytes()
    return BadInput(f"{what} is over the maximum input size of {mebibytes(cap)} ({cap} bytes); skipped")


class _Decompressing(io.RawIOBase):
    """A decompressor's output, checked for a bomb's expansion ratio as it is read."""

    def __init__(self, compressed: BinaryIO, kind: str, decompressor):
        self.compressed, self.kind, self.stream, self.out = compressed, kind, decompressor(compressed), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            n = self.stream.readinto(buffer)
        except _DECOMPRESSION_ERRORS as error:
            raise BadInput(f"not valid {self.kind} data: {error}") from None
        self.out += n
        consumed = max(self.compressed.tell(), 1)
        if self.out > RATIO_FROM_BYTES and self.out > MAX_RATIO * consumed:
            raise BadInput(f"{self.kind} data expanding more than {MAX_RATIO} times ({mebibytes(self.out)} from "
                           f"{consumed} bytes): a decompression bomb, not an article; skipped")
        return n

    def close(self) -> None:
        self.stream.close()
        self.compressed.close()
        super().close()


class _UpTo(io.RawIOBase):
    """A file read no further than the size it had when it was opened: a file being appended to
    as it is read (``yes '{}' >> f.jsonl``) would otherwise keep a load going for ever."""

    def __init__(self, raw: io.FileIO, size: int):
        self.raw, self.left = raw, size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.left <= 0:
            return 0
        n = self.raw.readinto(memoryview(buffer)[:self.left])
        self.left -= n
        return n

    def tell(self) -> int:
        return self.raw.tell()

    def close(self) -> None:
        self.raw.close()
        super().close()


def open_input(path: Path) -> BinaryIO:
    """PATH's bytes as a buffered stream, decompressed by its suffix. Only a regular file is
    read: a FIFO would block the load for ever, a device could stream without end. The file is
    opened without blocking and checked as opened, so a FIFO put in its place after the walk
    looked at it cannot block the load either. It is read up to the size it had when opened."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as error:
        raise BadInput(f"cannot read the file: {error.strerror}") from None
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        raise BadInput("not a regular file (a FIFO, socket or device); skipped")
    os.set_blocking(fd, True)
    raw = io.BufferedReader(_UpTo(open(fd, "rb", buffering=0), status.st_size), READ_BLOCK)
    decompressor = DECOMPRESSORS.get(path.suffix.lower())
    if decompressor is None:
        return raw
    return io.BufferedReader(_Decompressing(raw, *decompressor), READ_BLOCK)


def read_capped(stream: BinaryIO, what: str) -> bytes:
    """All of STREAM, or BadInput once it passes the cap (having read one byte more than it)."""
    cap = max_input_bytes()
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise over_cap(what)
    return data


def read_file(path: Path) -> bytes:
    """A whole (decompressed) file holding one article or one JSON document, capped."""
    with open_input(path) as stream:
        return read_capped(stream, "the file")


def capped_lines(stream: BinaryIO) -> Iterator[bytes | BadInput]:
    """Each line of STREAM (ending at b"\\n"), or a BadInput in place of one over the cap, whose
    rest is skipped a block at a time: memory stays at the cap, however long the line."""
    cap = max_input_bytes()
    while line := stream.readline(cap + 1):
        if len(line) <= cap or line.endswith(b"\n"):
            yield line
            continue
        while (block := stream.readline(READ_BLOCK)) and not block.endswith(b"\n"):
            pass
        yield over_cap("the line")

