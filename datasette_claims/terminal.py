"""Standard output and error that may go away during a load: ``load db dir | head -1``, a
terminal closed mid-load, ``2>&-``, a full disk under ``2>log``. A lost output costs only what
would have been printed: the load goes on, every error is still recorded in ``load_errors``, the
exit status still says whether everything loaded, and nothing prints a traceback.
"""
import io
import os
import sys


class Tolerant(io.TextIOBase):
    """A text stream that stops writing, quietly, the first time its reader is gone (or its
    disk full); its file descriptor then points at /dev/null, so that the interpreter's last
    flush of what was buffered, and any writer below Python, find nothing to fail on."""

    def __init__(self, stream, fd: int):
        self.stream, self.fd = stream, fd

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:
        return getattr(self.stream, "errors", None) or "strict"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._try(lambda stream: stream.isatty(), False)

    def fileno(self) -> int:
        return self.fd

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click asks whether a stream takes bytes by writing b""
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._try(lambda stream: stream.write(text))
        return len(text)

    def flush(self) -> None:
        self._try(lambda stream: stream.flush())

    def _try(self, action, default=None):
        if self.stream is None:
            return default
        try:
            return action(self.stream)
        except (OSError, ValueError):  # EPIPE, EBADF, ENOSPC; ValueError: the stream was closed
            self.stream = None
            _to_devnull(self.fd)
            return default


def _to_devnull(fd: int) -> None:
    devnull = os.open(os.devnull, os.O_RDWR)
    if devnull != fd:
        os.dup2(devnull, fd)
        os.close(devnull)


def make_outputs_tolerant() -> None:
    """Standard input, output and error open (on /dev/null when the caller closed them: else the
    database could be opened as descriptor 1 or 2 and written to by a stray print), and output
    and error wrapped in Tolerant."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            _to_devnull(fd)
    for name, fd in (("stdout", 1), ("stderr", 2)):
        stream = getattr(sys, name)
        if not isinstance(stream, Tolerant):
            setattr(sys, name, Tolerant(stream, fd))
