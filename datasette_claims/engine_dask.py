"""The loader's extraction on a Dask ``distributed`` cluster: ``load --engine dask``.

Only where the parsing runs changes. The driver (this process) reads the input, compares content
hashes (an unchanged reload sends nothing), deals rounds of fresh articles to the workers and is
the single writer, in input order, one transaction per task, exactly as the local loader
(loader.py, whose Loader this subclasses). Each worker loads the spaCy pipeline once (a
``WorkerPlugin``) and runs the pure ``loader.extract`` on a task's articles.

* **Where the text comes from.** A task names each article by file and position; the worker
  reads it where it is (a shared disk, or this machine for a ``LocalCluster``) and checks its
  content hash against the driver's. A worker that cannot see the file, or finds a different one
  there, says so; the driver then sends that task's texts, and every later task's
  (``--ship-text`` does so from the start).
* **A worker that dies** costs only its task: the scheduler runs it again elsewhere (its
  ``allowed-failures``, 1 on the embedded cluster); a task that keeps killing workers is run
  again one article per task, and an article that still kills its worker is reported in
  ``load_errors``.
* **A scheduler that goes away** (killed, its machine lost) ends the load with EngineLost, one
  line: every task written before stays written, nothing is written twice, and running the load
  again (once a scheduler is back) skips what was written and extracts the rest.
* **Memory stays bounded**: at most two rounds (two tasks per worker) are in flight.
* **What comes back** is compact: an article's rows as tuples under their columns, without the
  texts the driver already holds (the article's body and each claim's sentence, cut again from
  the body by offsets).
"""
import gc
import hashlib
import logging
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import CancelledError
from itertools import chain
from pathlib import Path

import dask
import distributed
from distributed.comm import CommClosedError
from distributed.diagnostics.plugin import WorkerPlugin
from distributed.utils import silence_logging_cmgr

from . import plugins, readers
from .loader import EngineError, EngineLost, Loader, dealt, extract
from .records import ArticleRecords



# Dask's bookkeeping that competes with the parse for the CPU, turned down for the embedded
# cluster (on a running cluster, set the same in its Dask configuration): the statistical
# profiler samples a running task's stack every 10 ms, taking the GIL from spaCy; the memory
# and system monitors and the event loop's health check wake every 20-500 ms in every process.
QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    # Dask's own list without MALLOC_TRIM_THRESHOLD_=65536: returning every freed 64 KB to the
    # system costs a spaCy worker page faults on the arrays each batch allocates again.
    "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1},
}


def local_cluster(workers: int):
    """The embedded cluster: WORKERS single-threaded processes, each under a nanny that restarts
    it if it dies; a task is tried again once."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 1, **QUIET}):
        return distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=logging.ERROR)


class NotVisible(Exception):
    """The worker cannot read an article where the driver read it (another machine, a changed file)."""


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline once per worker (at start, and on a worker that replaces a dead one);
    also holds the worker's place in the file it is reading. Idempotent under a name that is a
    hash of the pipeline's recipe: a running cluster keeps a loaded pipeline across loads."""

    idempotent = True

    def __init__(self, pipeline):
        self.pipeline = pipeline
        self.nlp = None
        self.cursor = None  # (path, name, items iterator, next position)

    def setup(self, worker):
        self.nlp = self.pipeline()
        self.nlp("Warm up.")  # the first Doc initialises lazily; not part of any task
        gc.freeze()  # as the local loader does before forking: collections no longer scan the model's objects

    def article(self, path: str, name: str, position: int):
        """The item at POSITION in the file, read as the driver read it: files are read forward,
        so a worker given consecutive tasks of one file reads it once."""
        if self.cursor is None or self.cursor[:2] != (path, name) or position < self.cursor[3]:
            if not os.path.isfile(path):
                return None
            self.cursor = (path, name, readers.read_found((Path(path), name), plugins.readers()), 0)
        path, name, items, at = self.cursor
        for item in items:
            at += 1
            if at - 1 == position:
                self.cursor = (path, name, items, at)
                return item
        self.cursor = None
        return None


def plugin_name(pipeline) -> str:
    import cloudpickle

    return "datasette-claims-pipeline-" + hashlib.sha1(cloudpickle.dumps(pipeline)).hexdigest()[:16]


def _resolved(plugin: PipelinePlugin, item) -> readers.Article:
    """An Article, or the (path, name, position, id, content hash) of one the worker reads itself."""
    if isinstance(item, readers.Article):
        return item
    path, name, position, article_id, content_hash = item
    article = plugin.article(path, name, position)
    if not isinstance(article, readers.Article) or (article.id, article.content_hash) != (article_id, content_hash):
        raise NotVisible(f"{path}: record {article_id} is not here as the driver read it")
    return article


def compact(result):
    """ArticleRecords -> (article fields without text, {table: (columns, rows)}) for the trip back."""
    if isinstance(result, readers.LoadError):
        return result
    article = {k: v for k, v in result.article.items() if k != "text"}
    tables = {}
    for table in ("claims", "numbers", "sources"):
        rows = getattr(result, table)
        columns = [c for c in dict.fromkeys(c for row in rows for c in row) if not (table == "claims" and c == "text")]
        tables[table] = (columns, [tuple(row.get(c) for c in columns) for row in rows])
    return article, tables


def expanded(result, article: readers.Article):
    """compact() undone with the driver's copy of ARTICLE."""
    if isinstance(result, readers.LoadError):
        return result
    fields, tables = result
    records = ArticleRecords(article={**fields, "text": article.text})
    for table, (columns, rows) in tables.items():
        setattr(records, table, [dict(zip(columns, row)) for row in rows])
    for claim in records.claims:
        claim["text"] = article.text[claim["start_char"]:claim["end_char"]]
    return records


def extract_task(plugin: str, items: list, extracted_with: str, batch_size: int) -> list:
    """Runs on a worker: one task's articles through the pipeline the worker loaded."""
    plugin = distributed.get_worker().plugins[plugin]
    articles = [_resolved(plugin, item) for item in items]
    return [compact(result) for result in extract(plugin.nlp, articles, extracted_with, batch_size)]


class DaskLoader(Loader):
    """Loader whose extraction runs on a Dask cluster: the one at SCHEDULER, else a LocalCluster
    of PROCESSES single-threaded worker processes started for this load."""

    def __init__(self, *args, scheduler: str | None = None, ship_text: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheduler, self.ship_text = scheduler, ship_text
        self.located = {}  # article id -> (path, name, position), for the latest round read

    def read(self, found, reader_for) -> Iterator:
        for position, item in enumerate(super().read(found, reader_for)):
            if isinstance(item, readers.Article) and not isinstance(found, readers.LoadError):
                self.located[item.id] = (str(found[0]), found[1], position)
                if len(self.located) > self.batch_size * self.processes:  # older rounds are submitted or unchanged
                    del self.located[next(iter(self.located))]
            yield item

    def _client(self):
        if self.scheduler:
            try:
                client = distributed.Client(self.scheduler)
                client.wait_for_workers(1, timeout=120)
            except (OSError, TimeoutError, ValueError) as error:
                raise EngineError(f"cannot use the Dask scheduler at {self.scheduler}: {error}") from None
            self.processes = len(client.scheduler_info(n_workers=-1)["workers"])
            return client, None
        cluster = local_cluster(self.processes)
        return distributed.Client(cluster), cluster

    def _extracted(self, batches: Iterator[list]) -> Iterator[list]:
        first = next(batches, None)
        if first is None:  # nothing to extract: no cluster is started or reached
            return
        self.client, cluster = self._client()
        address = self.client.scheduler.address
        try:
            self.plugin = plugin_name(self.pipeline)
            self.client.register_plugin(PipelinePlugin(self.pipeline), name=self.plugin)
            in_flight = deque()
            for batch in chain([first], batches):
                in_flight.append(self._submit_round(batch))
                if len(in_flight) >= 2:
                    yield from self._round_results(in_flight.popleft())
            while in_flight:
                yield from self._round_results(in_flight.popleft())
        # Nothing but a lost scheduler cancels our futures; a client that gave up reconnecting is closed.
        except (CancelledError, CommClosedError, distributed.client.ClosedClientError) as error:
            reason = getattr(error, "reason", None) or f"{type(error).__name__}: {error}"
            raise EngineLost(f"lost the Dask scheduler at {address} mid-load ({reason})") from None
        finally:
            # After a lost scheduler the client logs its cancelled reconnection as a traceback.
            with silence_logging_cmgr(logging.CRITICAL):
                self.client.close()
                if cluster is not None:
                    cluster.close()

    def _items(self, articles: list, ship_text: bool) -> list:
        if ship_text:
            return articles
        return [(*self.located[a.id], a.id, a.content_hash) if a.id in self.located else a for a in articles]

    def _submit(self, items: list):
        return self.client.submit(extract_task, self.plugin, items, self.extracted_with, self.batch_size, pure=False)

    def _submit_round(self, batch: list) -> list:
        return [(task, self._submit(self._items(task, self.ship_text))) for task in dealt(batch, self.processes)]

    def _round_results(self, submitted: list) -> Iterator[list]:
        for articles, future in submitted:
            yield [expanded(result, article) for result, article in zip(self._result(articles, future), articles)]

    def _result(self, articles: list, future) -> list:
        try:
            return future.result()
        except NotVisible:  # from now on the driver sends the texts
            self.ship_text = True
            return self._result(articles, self._submit(articles))
        except distributed.KilledWorker:
            if len(articles) == 1:
                article = articles[0]
                return [readers.LoadError(article.path, article.id,
                                          "extraction failed: it killed every worker that took it (out of memory, or a crash)")]
            return [result for article in articles
                    for result in self._result([article], self._submit([article]))]
