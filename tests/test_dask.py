"""`load --engine dask`: the same rows and ids as the local loader, on real Dask clusters of real
worker processes; a killed worker loses nothing; an article that kills every worker is reported;
a killed scheduler ends the load with one line and the next run resumes; without Dask the
command says how to install it."""
import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import free_port, run_load, shared_path
from datasette import hookimpl
from datasette_claims import plugins, readers, store
from datasette_claims.models import model_meta, model_version

distributed = pytest.importorskip("distributed")
cloudpickle = pytest.importorskip("cloudpickle")
from datasette_claims.engine_dask import DaskLoader  # noqa: E402

ROW_TABLES = {
    "claims": "select * from claims order by rowid",
    "numbers": "select * from numbers order by rowid",
    "sources": "select * from sources order by rowid",
    "articles": "select id, title, url, text, path, content_hash, extracted_with from articles order by rowid",
    "load_errors": "select path, record, error from load_errors order by rowid",
}
MARKER = "Zorblax"


def lee_corpus(path, count):
    lines = [line.strip() for line in shared_path("data", "news", "lee", "lee_background.cor")
             .read_text(encoding="utf-8").splitlines() if line.strip()]
    path.write_text("".join(json.dumps({"id": f"lee-{i}", "title": f"Lee {i}", "text": line}) + "\n"
                            for i, line in enumerate(lines[:count])), encoding="utf-8")
    return path


def table_rows(db_path):
    with sqlite3.connect(db_path) as conn:
        return {table: conn.execute(sql).fetchall() for table, sql in ROW_TABLES.items()}


def pipeline():
    from datasette_claims.nlp.pipeline import build_nlp

    return build_nlp()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Twelve real news articles in one JSONL file, and their rows from a local load."""
    folder = tmp_path_factory.mktemp("dask")
    path = lee_corpus(folder / "lee.jsonl", 12)
    local = folder / "local.db"
    assert run_load(local, path, "--processes", "1").exit_code == 0
    return path, table_rows(local)


@pytest.fixture(scope="module")
def cluster():
    """A running cluster of two worker processes (each under a nanny that restarts it), reached
    with --scheduler as a remote one would be."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as running:
        yield running


def dask_loader(db_path, scheduler=None, **options):
    return DaskLoader(store.open_database(db_path), pipeline, model_version(model_meta()), batch_size=3, processes=2,
                      scheduler=scheduler, **options)


def read_all(loader, path):
    reader_for = plugins.readers()
    return [item for found in readers.find_files([str(path)], reader_for) for item in loader.read(found, reader_for)]


def test_embedded_cluster_writes_the_local_rows_and_ids(tmp_path, corpus):
    path, local = corpus
    db = tmp_path / "dask.db"
    # batches of 3 dealt to 2 workers: results must still be written in input order
    result = run_load(db, path, "--engine", "dask", "--processes", "2", "--batch-size", "3")
    assert result.exit_code == 0, result.output
    assert "new: 12" in result.output
    assert table_rows(db) == local


def test_workers_read_the_files_and_get_the_text_when_theirs_differ(tmp_path, corpus, cluster):
    path, local = corpus
    loader = dask_loader(tmp_path / "read.db", cluster.scheduler_address)
    loader.load(read_all(loader, path))
    assert loader.ship_text is False  # every worker found every article where the driver read it
    assert table_rows(tmp_path / "read.db") == local

    # The driver read the file; the workers then find another one there (another machine's, or
    # an edit): they say so, and the driver sends the text it read and hashed.
    copy = tmp_path / "lee.jsonl"
    copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    loader = dask_loader(tmp_path / "shipped.db", cluster.scheduler_address)
    items = read_all(loader, copy)
    copy.write_text(copy.read_text(encoding="utf-8").replace("the", "a"), encoding="utf-8")
    summary = loader.load(items)
    assert loader.ship_text is True and (summary.new, summary.failed) == (12, 0)
    shipped = table_rows(tmp_path / "shipped.db")
    assert shipped["claims"] == local["claims"] and shipped["numbers"] == local["numbers"]


def test_ship_text_gives_the_same_rows(tmp_path, corpus, cluster):
    path, local = corpus
    result = run_load(tmp_path / "db.db", path, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                      "--ship-text", "--batch-size", "5")
    assert result.exit_code == 0, result.output
    assert table_rows(tmp_path / "db.db") == local


def test_unchanged_reload_sends_nothing(tmp_path, corpus, cluster):
    path, _ = corpus
    first = dask_loader(tmp_path / "db.db", cluster.scheduler_address)
    assert first.load(read_all(first, path)).new == 12

    def must_not_load():
        raise AssertionError("an unchanged reload loaded the model")

    # An unreachable scheduler: reaching it, or building the pipeline, would fail the load.
    loader = DaskLoader(store.open_database(tmp_path / "db.db"), must_not_load, model_version(model_meta()),
                        processes=2, scheduler="tcp://127.0.0.1:9")
    summary = loader.load(readers.read_articles([str(path)], plugins.readers()))
    assert (summary.read, summary.unchanged, summary.new) == (12, 12, 0)


def wait_until_written(db, articles: int, load: subprocess.Popen, what: str) -> None:
    """Returns once the running LOAD has written ARTICLES articles to DB, so that WHAT happens mid-load."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and load.poll() is None:
        try:
            with sqlite3.connect(db, timeout=30) as conn:
                if conn.execute("select count(*) from articles").fetchone()[0] >= articles:
                    break
        except sqlite3.OperationalError:  # not created yet
            pass
        time.sleep(0.1)
    assert load.poll() is None, f"the load ended before {what}"


def test_killing_a_worker_mid_load_loses_nothing(tmp_path, corpus, cluster):
    path, local = corpus
    db = tmp_path / "db.db"
    with distributed.Client(cluster) as client:
        worker_pids = list(client.run(os.getpid).values())
    load = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "datasette-claims"), "load", str(db), str(path),
                             "--engine", "dask", "--scheduler", cluster.scheduler_address, "--batch-size", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wait_until_written(db, 3, load, "a worker could be killed")
    os.kill(worker_pids[0], signal.SIGKILL)
    output, _ = load.communicate(timeout=600)
    assert load.returncode == 0, output
    assert table_rows(db) == local


class WorkerKiller:
    """A scorer whose process dies, as one killed for memory does, on a sentence with the marker."""

    name = "worker-killer"

    def __init__(self):
        from datasette_claims.builtins import LazyBuiltinScorer

        self.builtin = LazyBuiltinScorer()

    def score(self, sent):
        if MARKER in sent.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return self.builtin.score(sent)


class WorkerKillerPlugin:
    @hookimpl
    def register_claims_scorers(self):
        return [WorkerKiller()]


def killer_pipeline():
    """Runs on the workers: the killing scorer registered there, as an installed plugin would be."""
    from datasette_claims.nlp.pipeline import build_nlp

    manager = plugins.manager()
    if not manager.has_plugin("worker-killer"):
        manager.register(WorkerKillerPlugin(), name="worker-killer")
    return build_nlp(scorer=WorkerKiller.name)


def test_an_article_that_kills_every_worker_is_reported_and_the_rest_load(tmp_path):
    corpus = lee_corpus(tmp_path / "lee.jsonl", 4)
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    records.insert(2, {"id": "deadly", "text": f"The mayor said {MARKER} would cost $3 million."})
    corpus.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this test module
    try:
        loader = DaskLoader(store.open_database(tmp_path / "db.db"), killer_pipeline, model_version(model_meta()),
                            batch_size=2, processes=2)  # the embedded cluster: one retry per task
        summary = loader.load(readers.read_articles([str(corpus)], plugins.readers()))
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert (summary.new, summary.failed) == (4, 1)
    with sqlite3.connect(tmp_path / "db.db") as conn:
        errors = conn.execute("select record, error from load_errors").fetchall()
        assert [(record, "killed every worker" in error) for record, error in errors] == [("deadly", True)]
        assert {row[0] for row in conn.execute("select id from articles")} == {f"lee-{i}" for i in range(4)}


def test_without_dask_the_command_says_how_to_install(tmp_path):
    script = ("import sys; sys.modules['distributed'] = None; sys.modules['dask'] = None\n"
              "from datasette_claims.cli import claims\n"
              f"claims(['load', {str(tmp_path / 'db.db')!r}, 'seeds', '--engine', 'dask'])")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=os.path.dirname(os.path.dirname(__file__)))
    assert out.returncode == 2
    assert "pip install 'datasette-claims[dask]'" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "db.db").exists()


def test_the_local_engine_imports_nothing_of_dask(tmp_path):
    script = ("import sys\n"
              "from datasette_claims.cli import claims\n"
              "try:\n"
              f"    claims(['load', {str(tmp_path / 'db.db')!r}, 'seeds'])\n"
              "except SystemExit as done:\n"
              "    assert done.code == 0, done.code\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed', 'cloudpickle')))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=os.path.dirname(os.path.dirname(__file__)))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}
    out = subprocess.run([os.path.join(os.path.dirname(sys.executable), "datasette-claims"), "load", str(tmp_path / "db.db"),
                          os.path.join(os.path.dirname(os.path.dirname(__file__)), "seeds"),
                          "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"], capture_output=True, text=True, env=env)
    assert out.returncode == 2
    assert "cannot use the Dask scheduler at tcp://127.0.0.1:9" in out.stderr and "Traceback" not in out.stderr


@contextlib.contextmanager
def dask_cluster_processes(port):
    """A real `dask scheduler` on PORT and one `dask worker` (one single-threaded process under
    its nanny), as on a cluster of machines; yields the scheduler's process."""
    bin_dir = os.path.dirname(sys.executable)
    address = f"tcp://127.0.0.1:{port}"
    started = [subprocess.Popen([os.path.join(bin_dir, "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                 "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)]
    try:
        started.append(subprocess.Popen([os.path.join(bin_dir, "dask"), "worker", address, "--nworkers", "1", "--nthreads", "1",
                                         "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True))
        yield started[0]
    finally:
        for process in reversed(started):  # each in a session of its own: the worker's nanny takes its worker along
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)


def test_a_scheduler_killed_mid_load_is_one_line_and_a_rerun_resumes(tmp_path):
    corpus = lee_corpus(tmp_path / "lee.jsonl", 60)
    local = tmp_path / "local.db"
    assert run_load(local, corpus, "--processes", "1").exit_code == 0
    db, port = tmp_path / "db.db", free_port()
    command = [os.path.join(os.path.dirname(sys.executable), "datasette-claims"), "load", str(db), str(corpus),
               "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}", "--batch-size", "2"]
    with dask_cluster_processes(port) as scheduler:
        load = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_until_written(db, 4, load, "the scheduler could be killed")
        scheduler.kill()
        output, errors = load.communicate(timeout=300)
    assert load.returncode == 3, (output, errors)
    assert "Traceback" not in errors
    error_lines = [line for line in errors.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and f"lost the Dask scheduler at tcp://127.0.0.1:{port} mid-load" in error_lines[0], errors
    assert "run the same command again" in error_lines[0]
    kept = table_rows(db)
    written = len(kept["articles"])
    assert 4 <= written < 60 and f"the {written} articles written are kept" in error_lines[0]
    expected = table_rows(local)
    # Every batch written before the loss is whole and as a full load writes it: a prefix of the input.
    assert kept["articles"] == expected["articles"][:written]
    assert kept["claims"] == [row for row in expected["claims"] if row[1] in {a[0] for a in kept["articles"]}]
    assert kept["load_errors"] == []

    with dask_cluster_processes(port):  # the scheduler is back: the same command resumes
        rerun = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"unchanged: {written}" in rerun.stdout and f"new: {60 - written}" in rerun.stdout
    assert table_rows(db) == expected  # nothing twice, nothing missing, the same ids and rows
