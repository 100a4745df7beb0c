"""The ``datasette-claims`` command's first lines. Importing click, the readers and the rest
takes up to a second on a busy machine, and a Ctrl-C in that time printed a KeyboardInterrupt
traceback (a SIGTERM ended the command silently): the stop signals are handled before anything
else is imported, as they are during the load (cli.stopped_by_signals)."""
import os
import signal
import sys

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def stop_line(signum: int) -> str:
    return f"error: stopped by {signal.Signals(signum).name}; the articles written so far are kept"


def _stopped_while_starting(signum, frame):
    try:
        sys.stderr.write(stop_line(signum) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # no stderr, or nobody reading it
        pass
    os._exit(128 + signum)


def main():
    for signum in STOP_SIGNALS:
        signal.signal(signum, _stopped_while_starting)
    from .cli import claims

    return claims()
