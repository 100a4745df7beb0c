"""Files in, rows out: stream articles, skip unchanged ones, extract in worker processes, write.

The main process reads, decides what needs extracting and is the database's single writer;
workers (``--processes`` of them, one included; forked after the pipeline is loaded, so the
model is loaded once) run spaCy and turn each Doc into plain record dicts (``extract``: articles
in, rows out, nothing shared), so reading and writing never hold up a parse. Articles are read
in rounds of a batch per worker, each round dealt out by text length so the workers finish it
together; batches are written in input order, so ids, rows and their order are the same whatever
the number of processes. At most two rounds are in flight, so memory does not grow with the
corpus. A worker that dies (killed for memory, a crash in native code) costs only the article it
died on.
"""
import gc
import multiprocessing
import os
import time
from bisect import bisect_left
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, chain, islice
from typing import TYPE_CHECKING

from . import chunks, matchstore, orphans, readers, store
from .matching import Matcher
from .records import ArticleRecords, article_records

if TYPE_CHECKING:
    from spacy.language import Language

ERRORS_SHOWN_PER_FILE = 10
ERRORS_WRITTEN_TOGETHER = 500  # and whenever a batch of articles is written
_worker_nlp = None  # the pipeline a forked worker inherited from its parent
_worker_settings = None


class EngineError(Exception):
    """Where the parsing runs cannot be used (an unreachable cluster); the message says why."""


class EngineLost(EngineError):
    """Where the parsing ran went away mid-load (a Dask scheduler killed): the batches written
    stay, and running the load again skips them and extracts the rest."""


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
    started: float = field(default_factory=time.monotonic)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def rate(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return (
            f"articles read: {self.read}, new: {self.new}, updated: {self.updated}, "
            f"unchanged: {self.unchanged}, failed: {self.failed}; written: {self.claims} claims, "
            f"{self.numbers} numbers, {len(self.source_ids)} sources; "
            f"{self.seconds:.1f}s, {self.rate():.3g} articles/s"
        )


def extract(nlp, articles: list[readers.Article], extracted_with: str, batch_size: int) -> list:
    """ArticleRecords for each article, or a LoadError for one that the pipeline cannot take.

    The batch goes through ``nlp.pipe`` once (a long article as several chunks, see chunks.py);
    only if that fails is each article retried alone, so one bad article is reported and the
    others still load.
    """
    loaded = store.now()
    try:
        docs = chunks.pipe(nlp, [a.text for a in articles], batch_size)
        return [article_records(a, parts, extracted_with, loaded) for a, parts in zip(articles, docs, strict=True)]
    except Exception as error:
        if len(articles) == 1:
            article = articles[0]
            return [readers.LoadError(article.path, article.id, f"extraction failed: {type(error).__name__}: {error}")]
        return [result for article in articles for result in extract(nlp, [article], extracted_with, batch_size)]


def dealt(batch: list[readers.Article], tasks: int) -> list[list[readers.Article]]:
    """BATCH cut into at most TASKS contiguous slices of nearly equal text length: a parse takes
    time in proportion to it, and news articles run from a paragraph to pages."""
    ends = list(accumulate(len(article.text) + 1 for article in batch))
    cuts = set()
    for k in range(1, tasks + 1):
        target = ends[-1] * k / tasks
        i = bisect_left(ends, target)  # the article that reaches the target: cut after it or before it
        cuts.add(i if i > 0 and target - ends[i - 1] < ends[i] - target else i + 1)
    cuts = sorted(cuts)
    return [batch[start:end] for start, end in zip([0, *cuts], cuts) if end > start]


class FoldedErrors:
    """Errors as they come, one line and one load_errors row each, up to ERRORS_SHOWN_PER_FILE
    per file; a file's further errors are folded into one line and one row holding their count,
    so a CSV of a million bad rows prints eleven lines, not a million."""

    def __init__(self, db, on_error: Callable[[readers.LoadError], None]):
        self.db, self.on_error = db, on_error
        self.per_file = Counter()
        self.folded = {}  # path -> (errors not shown, the last of them)
        self.unwritten = []  # rows are written together (write()): 20,000 empty files, one commit each, took 80 s

    def add(self, error: readers.LoadError) -> None:
        if self.folded and error.path not in self.folded:
            self.flush()  # the file whose errors were folded is done: its count line goes next to them
        self.per_file[error.path] += 1
        if self.per_file[error.path] <= ERRORS_SHOWN_PER_FILE:
            self._report(error)
        else:
            count, _ = self.folded.get(error.path, (0, None))
            self.folded[error.path] = (count + 1, error)

    def flush(self) -> None:
        for path, (count, last) in self.folded.items():
            where = last.error if last.record is None else f"record {last.record}: {last.error}"
            self._report(readers.LoadError(path, None, f"{count} more errors not shown one by one (the last: {where})",
                                           count=count))
        self.folded.clear()
        self.write()

    def write(self) -> None:
        """The errors reported so far into load_errors, in one transaction."""
        store.record_errors(self.db, self.unwritten)
        self.unwritten.clear()

    def _report(self, error: readers.LoadError) -> None:
        self.unwritten.append(error)
        if len(self.unwritten) >= ERRORS_WRITTEN_TOGETHER:
            self.write()
        self.on_error(error)


def _extract_in_worker(articles):
    extracted_with, batch_size = _worker_settings
    return extract(_worker_nlp, articles, extracted_with, batch_size)


class Loader:
    """Loads PATHS into a database with one pipeline; see the module docstring for the design."""

    def __init__(self, db, pipeline: Callable[[], "Language"], extracted_with: str, batch_size: int = 32,
                 processes: int = 1, on_error: Callable[[readers.LoadError], None] = lambda error: None):
        """PIPELINE builds the spaCy pipeline; it is called once, when the first article needs
        extracting, so a reload of an unchanged corpus never loads the model."""
        self.db, self.pipeline, self.extracted_with = db, pipeline, extracted_with
        self.batch_size, self.processes, self.on_error = batch_size, processes, on_error
        self.summary = Summary()
        self.errors = FoldedErrors(db, on_error)
        self.read_from = {}  # article id -> the file it was first read from in this load

    @cached_property
    def nlp(self) -> "Language":
        return self.pipeline()

    def read(self, found, reader_for: dict) -> Iterator:
        """The articles (and errors) of one item of readers.find_files, for load()."""
        return readers.read_found(found, reader_for)

    @cached_property
    def matcher(self) -> Matcher | None:
        """Matches new claims against the fact-checks; None when none are loaded, and then the
        load does no matching work at all."""
        return Matcher(self.db) if matchstore.has_fact_checks(self.db) else None

    def _fail(self, error: readers.LoadError) -> None:
        self.summary.failed += 1
        self.errors.add(error)

    def _to_extract(self, items: Iterable) -> Iterator[list[readers.Article]]:
        """Rounds of articles that need extracting, a batch for each process; errors and unchanged
        articles are counted here."""
        stream = iter(items)
        while batch := list(islice(stream, self.batch_size * self.processes)):
            fresh = []
            for item in batch:
                if isinstance(item, readers.LoadError):
                    self._fail(item)
                    continue
                first = self.read_from.setdefault(item.id, item.path)
                if first != item.path:  # the same id in two files: the second would replace the first
                    self._fail(readers.LoadError(item.path, item.id, f"duplicate id (first read from {first}); skipped"))
                    continue
                if len(item.text) > chunks.max_article_chars():
                    self._fail(readers.LoadError(item.path, item.id, f"the article is {len(item.text):,} characters, over "
                                                 f"the maximum article size of {chunks.max_article_chars():,}; skipped"))
                    continue
                self.summary.read += 1
                if store.is_unchanged(self.db, item, self.extracted_with):
                    self.summary.unchanged += 1
                else:
                    fresh.append(item)
            if fresh:
                yield fresh

    def _extracted(self, batches: Iterator[list]) -> Iterator[list]:
        """Extraction results in input order, from forked workers (one or more): this process
        reads and writes while they parse, and a worker that dies takes no more than an article."""
        first = next(batches, None)
        if first is None:
            return
        batches = chain([first], batches)
        global _worker_nlp, _worker_settings
        _worker_nlp, _worker_settings = self.nlp, (self.extracted_with, self.batch_size)
        gc.freeze()  # the model's objects stay shared: the workers' collector neither scans nor copies them
        self._pool = self._new_pool()
        try:
            in_flight = deque()
            for batch in batches:
                in_flight.append(self._submit(batch))
                if len(in_flight) >= 2:
                    yield from self._results(*in_flight.popleft())
            while in_flight:
                yield from self._results(*in_flight.popleft())
        finally:
            self._pool.shutdown(cancel_futures=True)
            gc.unfreeze()

    def _new_pool(self, processes: int | None = None) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(processes or self.processes, mp_context=multiprocessing.get_context("fork"),
                                   initializer=orphans.die_with_parent, initargs=(os.getpid(),))

    def _replace_broken_pool(self, broken: ProcessPoolExecutor) -> None:
        """Fresh workers after one died; the broken pool's threads are joined first, as forking
        while they run could deadlock the new workers."""
        if broken is self._pool:
            broken.shutdown(wait=True, cancel_futures=True)
            self._pool = self._new_pool()

    def _submit(self, batch: list) -> tuple:
        """A round dealt to the workers by text length: one nlp.pipe batch each (spaCy is slower on
        smaller ones), and they finish the round, and the load, together."""
        tasks = dealt(batch, self.processes)
        try:
            return self._pool, [(task, self._pool.submit(_extract_in_worker, task)) for task in tasks]
        except BrokenProcessPool:  # a worker died in the round before: that round is retried on its own
            self._replace_broken_pool(self._pool)
            return self._submit(batch)

    def _results(self, pool: ProcessPoolExecutor, submitted: list) -> Iterator[list]:
        """Each task's results (one transaction each), in input order; a task whose worker died is
        extracted again an article at a time."""
        for task, future in submitted:
            try:
                yield future.result()
            except BrokenProcessPool:
                self._replace_broken_pool(pool)
                yield self._extract_isolated(task)

    def _extract_isolated(self, articles: list) -> list:
        """After a worker died (killed for memory, or a crash in native code) on a task: each of its
        ARTICLES again in a worker of its own, so the one that kills it is reported and the others
        load."""
        results = []
        for article in articles:
            with self._new_pool(1) as pool:
                try:
                    results.extend(pool.submit(_extract_in_worker, [article]).result())
                except BrokenProcessPool:
                    results.append(readers.LoadError(
                        article.path, article.id, "extraction failed: its worker process died (out of memory, or a crash)"))
        return results

    def _write(self, results: list) -> None:
        errors = [r for r in results if isinstance(r, readers.LoadError)]
        written = [r for r in results if isinstance(r, ArticleRecords)]
        for error in errors:
            self._fail(error)
        self.errors.write()
        known = store.existing_article_ids(self.db, [r.article["id"] for r in written])
        try:
            store.write_batch(self.db, written)
        except Exception:  # the batch rolled back: write one article at a time to find the culprit
            written = [records for records in written if self._write_alone(records)]
        if written and self.matcher is not None:
            matchstore.match_articles(self.db, self.matcher, [records.article["id"] for records in written])
        for records in written:
            if records.article["id"] in known:
                self.summary.updated += 1
            else:
                self.summary.new += 1
            self.summary.claims += len(records.claims)
            self.summary.numbers += len(records.numbers)
            self.summary.source_ids.update(source["id"] for source in records.sources)

    def _write_alone(self, records: ArticleRecords) -> bool:
        try:
            store.write_batch(self.db, [records])
            return True
        except Exception as error:
            article = records.article
            self._fail(readers.LoadError(article["path"], article["id"], f"could not be written: {type(error).__name__}: {error}"))
            return False

    def load(self, items: Iterable) -> Summary:
        """Load an iterable of Article / LoadError (readers.read_articles) and return the summary.

        Into an empty database the search index is built once at the end (a fresh bulk load);
        into a loaded one it is kept in sync row by row, as rebuilding it would cost more.
        """
        try:
            with store.search_indexed_after(self.db) if store.is_empty(self.db) else nullcontext():
                for results in self._extracted(self._to_extract(items)):
                    self._write(results)
        finally:  # also when the engine went away mid-load: what was written is finished off
            self.errors.flush()
            if self.summary.updated:  # only a re-extracted article can leave a source uncredited
                store.prune_sources(self.db)
        return self.summary
