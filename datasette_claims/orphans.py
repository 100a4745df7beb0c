"""Worker processes that die with their parent: a loader killed with ``kill -9`` must not leave
its workers (hundreds of MB each, the model's copy-on-write pages) adopted by init.

On Linux the kernel sends SIGKILL to a worker the moment its parent dies (``PR_SET_PDEATHSIG``);
elsewhere, or should prctl be unavailable, a thread in the worker sees its parent change and
exits within ``WATCH_SECONDS``.
"""
import ctypes
import os
import signal
import sys
import threading

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def die_with_parent(parent: int) -> None:
    """A worker's initializer: end this process when PARENT (the loader's pid) is gone.

    The loader's signal handlers (one line, "stopped by SIGTERM") are not the worker's: the pool
    ends its workers with SIGTERM after one dies, and that is no stop of the load. A worker dies
    of SIGTERM or SIGHUP quietly (the loader extracts its articles again) and leaves SIGINT, which
    Ctrl-C sends the whole group, to the loader, which then kills it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="parent-watcher").start()


def _watch(parent: int) -> None:
    stopped = threading.Event()
    while not stopped.wait(WATCH_SECONDS):
        if os.getppid() != parent:
            os._exit(1)
