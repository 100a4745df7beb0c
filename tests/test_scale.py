"""Speed and scale mechanisms: sharded workers give the one-process result, the search index is
complete after every load, an unchanged reload never loads the model, the synthetic database
follows the contract. (Speed itself is measured by benchmarks/, not here.)"""
import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys

import pytest

from conftest import ROOT, run_load, shared_path
from datasette import hookimpl
from datasette.plugins import pm
from datasette_claims import plugins, readers, store
from datasette_claims.builtins import LazyBuiltinScorer
from datasette_claims.loader import Loader, dealt
from datasette_claims.models import model_meta, model_version
from datasette_claims.nlp.pipeline import build_nlp
from datasette_claims.schema import FTS, drop_fts_triggers, has_fts_triggers

ROW_TABLES = {
    "claims": "select * from claims order by id",
    "numbers": "select * from numbers order by id",
    "sources": "select * from sources order by id",
    "articles": "select id, title, text, content_hash, extracted_with from articles order by id",
}


@pytest.fixture(scope="module")
def lee_jsonl(tmp_path_factory):
    """Seven real news articles, one JSONL record each."""
    lines = shared_path("data", "news", "lee", "lee_background.cor").read_text(encoding="utf-8").splitlines()
    path = tmp_path_factory.mktemp("lee") / "lee7.jsonl"
    path.write_text("".join(json.dumps({"id": f"lee-{i}", "title": f"Lee {i}", "text": line.strip()}) + "\n"
                            for i, line in enumerate(lines[:7])), encoding="utf-8")
    return path


def rows(db_path, sql):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def search(db_path, table, word):
    return {row[0] for row in rows(db_path, f"select rowid from {table}_fts where {table}_fts match '{word}'")}


def test_workers_write_what_one_process_writes(tmp_path, lee_jsonl):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert run_load(one, lee_jsonl, "--processes", "1").exit_code == 0
    # batches of 3 articles dealt to 2 workers as tasks of 1-2: results must come back in input order
    result = run_load(two, lee_jsonl, "--processes", "2", "--batch-size", "3")
    assert result.exit_code == 0, result.output
    assert "new: 7" in result.output
    for table, sql in ROW_TABLES.items():
        assert rows(two, sql) == rows(one, sql), table
    assert rows(two, "select id from claims order by rowid") == rows(one, "select id from claims order by rowid")


@pytest.mark.parametrize("lengths, tasks, dealt_lengths", [
    ([10, 10, 10, 10], 2, [[10, 10], [10, 10]]),
    ([1, 1, 1, 100], 2, [[1, 1, 1], [100]]),  # a long article takes a worker to itself
    ([100, 1, 1, 1, 1], 2, [[100], [1, 1, 1, 1]]),
    ([40, 30, 20, 10, 10, 10, 10, 10], 3, [[40], [30, 20, 10], [10, 10, 10, 10]]),
    ([5], 2, [[5]]),
])
def test_a_round_is_dealt_in_order_by_text_length(lengths, tasks, dealt_lengths):
    """Workers finish a round together when their tasks hold as much text as each other."""
    batch = [readers.Article(id=str(k), title="", url=None, publisher=None, published=None, text="x" * n, path="")
             for k, n in enumerate(lengths)]
    assert [[len(article.text) for article in task] for task in dealt(batch, tasks)] == dealt_lengths


def test_search_index_is_complete_after_a_fresh_load_and_follows_a_reload(tmp_path, lee_jsonl):
    db = tmp_path / "claims.db"
    assert run_load(db, lee_jsonl).exit_code == 0
    for table in FTS:
        assert has_fts_triggers(store.open_database(db), table)
        assert rows(db, f"select count(*) from {table}_fts") == rows(db, f"select count(*) from {table}")
    assert search(db, "claims", "police") == {r[0] for r in rows(db, "select rowid from claims where text like '%police%'")}

    changed = tmp_path / "changed.jsonl"
    records = [json.loads(line) for line in lee_jsonl.read_text(encoding="utf-8").splitlines()]
    records[0]["text"] = "Zanzibarian officials counted 12 boats on Tuesday, police said."
    changed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = run_load(db, changed)  # a loaded database: the index follows row by row
    assert "updated: 1" in result.output and "unchanged: 6" in result.output
    assert len(search(db, "claims", "zanzibarian")) == 1 and len(search(db, "articles", "zanzibarian")) == 1
    # the old claims left the index with their rows
    assert rows(db, "select count(*) from claims_fts") == rows(db, "select count(*) from claims")
    assert search(db, "claims", "police") == {r[0] for r in rows(db, "select rowid from claims where text like '%police%'")}


def test_a_killed_bulk_load_is_repaired_when_the_database_is_opened(tmp_path, lee_jsonl):
    db = tmp_path / "claims.db"
    assert run_load(db, lee_jsonl).exit_code == 0
    opened = store.open_database(db)
    drop_fts_triggers(opened)  # as a fresh load leaves it until its end
    opened.execute("delete from claims_fts")
    opened.conn.commit()
    opened.close()
    reopened = store.open_database(db)
    assert all(has_fts_triggers(reopened, table) for table in FTS)
    assert rows(db, "select count(*) from claims_fts") == rows(db, "select count(*) from claims")
    assert search(db, "claims", "police")


def test_reload_of_an_unchanged_corpus_never_loads_the_model(tmp_path, lee_jsonl):
    db = tmp_path / "claims.db"
    assert run_load(db, lee_jsonl).exit_code == 0

    def must_not_load():
        raise AssertionError("the pipeline was built for an unchanged corpus")

    loader = Loader(store.open_database(db), must_not_load, model_version(model_meta()), processes=2)
    summary = loader.load(readers.read_articles([str(lee_jsonl)], plugins.readers()))
    assert (summary.read, summary.unchanged, summary.new, summary.updated) == (7, 7, 0, 0)


class WorkerKiller:
    """A scorer (through our register_claims_scorers hook) whose process dies, as one killed for
    memory does, on a sentence with the marker; the built-in scorer scores every other one."""

    name = "worker-killer"
    marker = "Zorblax"

    def __init__(self):
        self.builtin = LazyBuiltinScorer()

    def score(self, sent):
        if self.marker in sent.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return self.builtin.score(sent)


class WorkerKillerPlugin:
    @hookimpl
    def register_claims_scorers(self):
        return [WorkerKiller()]


def test_a_worker_that_dies_costs_only_its_article(tmp_path, lee_jsonl):
    records = [json.loads(line) for line in lee_jsonl.read_text(encoding="utf-8").splitlines()]
    records.insert(3, {"id": "deadly", "text": f"The mayor said {WorkerKiller.marker} would cost $3 million."})
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    plugin = WorkerKillerPlugin()
    pm.register(plugin, name="worker-killer")
    try:
        db = store.open_database(tmp_path / "claims.db")
        # Rounds of two one-article tasks: the round after the death meets the broken pool too.
        loader = Loader(db, lambda: build_nlp(scorer=WorkerKiller.name), model_version(model_meta()),
                        batch_size=1, processes=2)
        summary = loader.load(readers.read_articles([str(corpus)], plugins.readers()))
    finally:
        pm.unregister(plugin)
    assert (summary.new, summary.failed) == (7, 1)
    assert [(e["record"], "worker process died" in e["error"]) for e in db["load_errors"].rows] == [("deadly", True)]
    assert sorted(row["id"] for row in db["articles"].rows) == sorted(r["id"] for r in records if r["id"] != "deadly")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A small database from benchmarks/synthetic_db.py and the counts it reported."""
    spec = importlib.util.spec_from_file_location("synthetic_db", ROOT / "benchmarks" / "synthetic_db.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    db = tmp_path_factory.mktemp("synthetic") / "synthetic.db"
    return db, module.build(db, claims=900, numbers_per_claim=2, source_count=50)


def test_synthetic_database_follows_the_contract(synthetic):
    db, counts = synthetic
    assert counts["claims"] == 900 and counts["articles"] == 30
    assert rows(db, "select count(*) from numbers") == [(counts["numbers"],)] and counts["numbers"] > 900
    for table in ("claims", "numbers"):
        assert rows(db, f"""select count(*) from {table} join articles on articles.id = {table}.article_id
                            where substr(articles.text, {table}.start_char + 1, {table}.end_char - {table}.start_char)
                                  != {table}.text""") == [(0,)]
    assert rows(db, "pragma foreign_key_check") == []
    assert rows(db, "select count(*) from claims_fts") == [(900,)]
    assert rows(db, "select count(*) from claims where source_id is not null") > [(0,)]


@pytest.mark.parametrize("column", ["source_id", "speech", "cue", "claim_type"])
def test_review_queue_facets_read_a_covering_index(synthetic, column):
    """Datasette's facet query for "status = unreviewed, facet by COLUMN" never visits the rows."""
    db, _ = synthetic
    plan = " ".join(row[-1] for row in rows(db, f"""explain query plan
        select {column} as value, count(*) as count from (select * from claims where status = 'unreviewed')
        where {column} is not null group by {column} order by count desc, value limit 31"""))
    assert f"COVERING INDEX idx_claims_status_{column}" in plan


def test_datasette_start_up_does_not_import_spacy():
    """Every `datasette` command imports the plugin's CLI; only `claims load` needs spaCy."""
    code = "import sys, datasette.cli; print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
