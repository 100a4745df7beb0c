"""The loader end to end: real model, real SQLite, through `datasette claims load`."""
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, shared_path


def rows(db, sql, params=()):
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def test_seed_offsets_index_the_stored_text_exactly(seed_db):
    (article,) = rows(seed_db, "select * from articles")
    text = article["text"]
    claims = rows(seed_db, "select * from claims order by sentence")
    numbers = rows(seed_db, "select * from numbers")
    assert len(claims) >= 18 and numbers
    for row in claims + numbers:
        assert text[row["start_char"]:row["end_char"]] == row["text"]
    assert [c["sentence"] for c in claims] == list(range(len(claims)))
    assert all(0 <= c["checkworthiness"] <= 1 for c in claims)
    assert not any("comment" in c["text"].lower() for c in claims)


def test_seed_passes_the_gold_scorer(seed_db):
    """The hand annotation in ../shared/gold: the figure must not silently drop below 75%."""
    scorer = shared_path("eval", "score_gold.py")
    gold = sorted(shared_path("gold").glob("*.gold.json"))
    result = subprocess.run([sys.executable, scorer, seed_db, *gold, "--min", "75"], capture_output=True, text=True)
    print(result.stdout)
    assert result.returncode == 0, result.stdout


def test_summary_progress_and_idempotent_reload(tmp_path, load):
    db = tmp_path / "claims.db"
    first = load(db, SEEDS)
    assert first.exit_code == 0
    assert "Loading" in first.stderr
    assert "articles read: 1, new: 1, updated: 0, unchanged: 0, failed: 0" in first.stdout
    assert "articles/s" in first.stdout
    tables = ("articles", "claims", "numbers", "sources")
    before = {t: rows(db, f"select * from {t} order by id") for t in tables}
    second = load(db, SEEDS)
    assert second.exit_code == 0
    assert "articles read: 1, new: 0, updated: 0, unchanged: 1, failed: 0" in second.stdout
    assert {t: rows(db, f"select * from {t} order by id") for t in tables} == before


def test_changed_article_keeps_ids_of_unchanged_claims(tmp_path, load):
    folder = tmp_path / "in"
    folder.mkdir()
    story = folder / "story.txt"
    story.write_text("The mayor said 300 homes will be built.\nCritics said the plan costs too much.")
    db = tmp_path / "claims.db"
    load(db, folder)
    before = {r["text"]: r["id"] for r in rows(db, "select id, text from claims")}
    story.write_text("The mayor said 300 homes will be built.\nThe council voted 7 to 2 on Monday.")
    result = load(db, folder)
    assert "updated: 1" in result.stdout
    after = {r["text"]: r["id"] for r in rows(db, "select id, text from claims")}
    assert after["The mayor said 300 homes will be built."] == before["The mayor said 300 homes will be built."]
    assert "Critics said the plan costs too much." not in after


def test_every_format_loads_through_the_cli(tmp_path, load):
    body = "Officials said 1,200 people were evacuated on Tuesday."
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Evacuation ordered\n" + body)
    (folder / "b.md").write_text("# Evacuation ordered\n\n" + body)
    (folder / "c.html").write_text(f"<html><head><title>Evacuation</title></head><body><article><p>{body}</p>"
                                   "<p>The fire burned 5,000 hectares, the agency said.</p></article></body></html>")
    (folder / "d.jsonl").write_text(json.dumps({"id": "d1", "title": "T", "text": body}) + "\n")
    (folder / "e.json").write_text(json.dumps([{"id": "e1", "url": "https://example.com/e", "text": body}]))
    (folder / "f.csv").write_text(f'id,title,publisher,published,text\nf1,T,Example News,2022-01-12,"{body}"\n')
    db = tmp_path / "claims.db"
    result = load(db, folder)
    assert result.exit_code == 0, result.output
    ids = {r["id"] for r in rows(db, "select id from articles")}
    assert ids == {"a.txt", "b.md", "c.html", "d1", "e1", "f1"}
    assert rows(db, "select count(*) as n from claims where text like '%1,200 people%'")[0]["n"] == 6
    assert rows(db, "select publisher, published from articles where id = 'f1'") == [
        {"publisher": "Example News", "published": "2022-01-12"}]


def test_bad_records_exit_1_and_are_recorded_and_the_rest_loads(tmp_path, load):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": "Prices rose 3% in March."}) + "\n{broken\n")
    (tmp_path / "empty.txt").write_text("")
    db = tmp_path / "claims.db"
    result = load(db, path, tmp_path / "empty.txt")
    assert result.exit_code == 1
    assert f"error: {path}: record line 2: malformed JSON" in result.stderr
    assert "failed: 2" in result.stdout
    assert [r["id"] for r in rows(db, "select id from articles")] == ["ok"]
    errors = rows(db, "select path, record, error from load_errors order by id")
    assert [(e["path"], e["record"]) for e in errors] == [(str(path), "line 2"), (str(tmp_path / "empty.txt"), None)]


def test_usage_errors_exit_2(tmp_path, load):
    assert load(tmp_path / "x.db").exit_code == 2  # no PATH
    result = load(tmp_path / "x.db", SEEDS, "--model", "no_such_model_xyz")
    assert result.exit_code == 2
    assert "no_such_model_xyz" in result.output


def test_schema_has_fts_view_foreign_keys_and_indexes(seed_db):
    with sqlite3.connect(seed_db) as conn:
        assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
        hits = conn.execute("select rowid from claims_fts where claims_fts match 'troops'").fetchall()
        assert hits
        assert conn.execute("select count(*) from articles_fts where articles_fts match 'Grushko'").fetchone()[0] == 1
        fks = {(r[3], r[2]) for r in conn.execute("pragma foreign_key_list(claims)")}
        assert fks == {("article_id", "articles"), ("source_id", "sources"), ("via_source_id", "sources")}
        for table, column in [("claims", "article_id"), ("claims", "source_id"), ("claims", "status"),
                              ("numbers", "claim_id"), ("numbers", "unit"), ("sources", "type")]:
            indexed = {r[2] for idx in conn.execute(f"pragma index_list({table})") for r in conn.execute(f"pragma index_info('{idx[1]}')")}
            assert column in indexed, (table, column)
    who = rows(seed_db, "select * from who_said_what where source = 'Dmitry Peskov'")
    assert who and {w["article_title"] for w in who} == {"000_e2ab171a521ca024"}


def test_cli_is_installed_inside_datasette(datasette_bin):
    result = subprocess.run([datasette_bin, "claims", "load", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "--processes" in result.stdout and "--batch-size" in result.stdout and "--model" in result.stdout


def test_standalone_command_loads_and_an_unchanged_reload_never_imports_spacy(tmp_path, datasette_bin):
    """`datasette-claims load` is the same command without Datasette's CLI; a reload that finds
    nothing to extract decides so from content hashes and the model's meta.json alone."""
    command = [str(Path(datasette_bin).with_name("datasette-claims")), "load", str(tmp_path / "claims.db"), str(SEEDS)]
    first = subprocess.run(command, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "new: 1" in first.stdout and "failed: 0" in first.stdout
    again = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"})
    assert again.returncode == 0 and "unchanged: 1" in again.stdout
    imported = imported_modules(again.stderr)
    assert "datasette_claims.loader" in imported
    assert not {name for name in imported if name.split(".")[0] in ("spacy", "thinc")}


def imported_modules(importtime_log: str) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in importtime_log.splitlines() if line.startswith("import time:")}


XYZ_PLUGIN = """
from datasette import hookimpl
from datasette_claims.readers import Article


@hookimpl
def register_claims_readers():
    return {".xyz": read_xyz}


def read_xyz(path, name):
    yield Article(id=name, title="From the xyz plugin", url=None, publisher=None, published=None,
                  text=path.read_text().upper(), path=str(path))
"""


def test_standalone_command_uses_readers_of_installed_plugins_without_datasettes_plugin_manager(tmp_path, datasette_bin):
    """A plugin installed under the `datasette` entry point adds a reader to `datasette-claims
    load`, which finds it without importing Datasette's plugin manager and default plugins."""
    site = tmp_path / "site"
    (site / "xyz_plugin-0.1.dist-info").mkdir(parents=True)
    (site / "xyz_plugin-0.1.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: xyz-plugin\nVersion: 0.1\n")
    (site / "xyz_plugin-0.1.dist-info" / "entry_points.txt").write_text("[datasette]\nxyz = xyz_plugin\n")
    (site / "xyz_plugin.py").write_text(XYZ_PLUGIN)
    (tmp_path / "report.xyz").write_text("Officials said 40 homes were flooded.")
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONPROFILEIMPORTTIME": "1"}
    command = [str(Path(datasette_bin).with_name("datasette-claims")), "load", str(tmp_path / "claims.db"), str(tmp_path / "report.xyz")]
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "new: 1" in result.stdout
    assert rows(tmp_path / "claims.db", "select title, text from articles") == [
        {"title": "From the xyz plugin", "text": "OFFICIALS SAID 40 HOMES WERE FLOODED."}]
    imported = imported_modules(result.stderr)
    assert "datasette_claims.plugins" in imported
    assert "datasette.plugins" not in imported and "datasette.facets" not in imported


def test_an_article_the_database_refuses_is_reported_and_the_rest_of_its_batch_lands(tmp_path, load):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in [("a.txt", "Officials said 40 homes were flooded."), ("b.txt", "The refused sentence is here."),
                       ("c.txt", "Rainfall reached 120 mm on Sunday.")]:
        (folder / name).write_text(text)
    db = tmp_path / "claims.db"
    from datasette_claims import store

    store.open_database(db).execute(
        "create trigger refuse before insert on claims when new.text like '%refused%' "
        "begin select raise(abort, 'refused by a trigger'); end")
    result = load(db, folder, "--processes", "1")
    assert result.exit_code == 1
    assert f"error: {folder / 'b.txt'}: record b.txt: could not be written: IntegrityError: refused by a trigger" in result.stderr
    assert {r["id"] for r in rows(db, "select id from articles")} == {"a.txt", "c.txt"}
    assert rows(db, "select record, error from load_errors")[0]["record"] == "b.txt"


def test_a_database_that_cannot_be_opened_is_a_usage_error(tmp_path, load):
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("these are not the claims you are looking for\n" * 100)
    result = load(not_sqlite, SEEDS)
    assert result.exit_code == 2
    assert f"cannot open database {not_sqlite}" in result.output


def test_the_same_id_in_two_files_is_reported_not_overwritten(tmp_path, load):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps({"id": "x1", "text": "Prices rose 3% in March."}) + "\n")
    second.write_text(json.dumps({"id": "x1", "text": "Prices fell 2% in April."}) + "\n")
    db = tmp_path / "claims.db"
    result = load(db, first, second, "--processes", "1")
    assert result.exit_code == 1
    assert f"error: {second}: record x1: duplicate id (first read from {first}); skipped" in result.stderr
    assert rows(db, "select text from articles") == [{"text": "Prices rose 3% in March."}]
