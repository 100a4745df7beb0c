"""One row per real source across articles (datasette_claims/sources.py): real loads of short
articles through `datasette claims load`, then the rule's pure functions on their own."""
import sqlite3

import pytest

from datasette_claims.sources import absorbed, merge_target

ARTICLES = {
    "peskov_full.txt": (
        "Kremlin rejects talks on missile deployments\n\n"
        "MOSCOW - The Kremlin on Tuesday ruled out talks on new missile deployments in Europe.\n"
        '"We do not negotiate under pressure," Kremlin spokesman Dmitry Peskov told reporters.\n'
        "He said Russia would answer any new deployment in kind.\n"
    ),
    "peskov_surname.txt": (
        "Russia repeats warning over Baltic exercises\n\n"
        "Russia will respond to the exercises in the Baltic Sea, Peskov said on Thursday.\n"
        '"Our patience is not unlimited," Peskov added.\n'
    ),
    "julian_smith.txt": (
        "NATO envoys split on spending target\n\n"
        "BRUSSELS - Allies remain divided over a new spending target, US envoy to NATO Julian Smith said on Monday.\n"
        '"We are not there yet," she said.\n'
    ),
    "sarah_smith.txt": (
        "Economists doubt the new target\n\n"
        "Sarah Smith, a defence economist at King's College London, said the target was unrealistic for most members.\n"
    ),
    "smith_surname.txt": (
        "Alliance to revisit target\n\n"
        '"We will revisit the question in June," Smith said.\n'
    ),
    "varga_org.txt": (
        "Review to take three months\n\n"
        "Elena Varga said the review would take 90 days.\n"
    ),
    "varga_person.txt": (
        "Regulators to review chip merger\n\n"
        "Competition Commissioner Elena Varga said in a statement that every market would be examined.\n"
    ),
    "ports.txt": (
        "Storm closes ports\n\n"
        "Two ports on the east coast were closed on Friday, AP reported.\n"
        "The storm was expected to move north overnight, the Associated Press said.\n"
    ),
}


def rows(db, sql, params=()):
    with sqlite3.connect(db) as conn:
        return [tuple(r) for r in conn.execute(sql, params)]


@pytest.fixture
def load_articles(tmp_path, load):
    """Load the named ARTICLES, one `datasette claims load` per argument, into one database."""
    db = tmp_path / "claims.db"

    def load_in_order(*groups):
        for group in groups:
            paths = []
            for name in group:
                path = tmp_path / name
                path.write_text(ARTICLES[name], encoding="utf-8")
                paths.append(path)
            result = load(db, *paths, "--processes", "1")
            assert result.exit_code == 0, result.output
        return db

    return load_in_order


def credited(db, article_id):
    return rows(db, "select source_id from claims where article_id = ? and source_id is not null", [article_id])


def test_a_surname_in_another_article_is_the_one_person_of_that_surname(load_articles):
    db = load_articles(["peskov_full.txt"], ["peskov_surname.txt"])
    assert rows(db, "select id, name, type, role from sources where type = 'person'") == [
        ("person:dmitry-peskov", "Dmitry Peskov", "person", "Kremlin spokesman")
    ]
    assert set(credited(db, "peskov_surname.txt")) == {("person:dmitry-peskov",)}
    assert len(credited(db, "peskov_surname.txt")) == 2


def test_a_full_name_loaded_later_takes_over_the_surname_row(load_articles):
    db = load_articles(["peskov_surname.txt"], ["peskov_full.txt"])
    assert rows(db, "select id from sources where type = 'person'") == [("person:dmitry-peskov",)]
    assert set(credited(db, "peskov_surname.txt")) == {("person:dmitry-peskov",)}
    assert not rows(db, "select id from claims where source_id = 'person:peskov' or via_source_id = 'person:peskov'")


def test_an_article_with_the_surname_row_and_the_full_name_is_written_whole(load_articles):
    """A long article is extracted in chunks, so one article's sources can hold the bare surname
    (merged into the stored surname row) and then the full name, which takes that row over:
    every claim must follow it."""
    from datasette_claims import store
    from datasette_claims.records import ArticleRecords

    db_path = load_articles(["peskov_surname.txt"])
    db = store.open_database(db_path)
    article = {"id": "long.txt", "title": "Long", "url": None, "publisher": None, "published": None,
               "text": "Peskov said A. Kremlin spokesman Dmitry Peskov said B.", "path": "long.txt",
               "content_hash": "x", "extracted_with": "test", "loaded": "2026-01-01"}
    claims = [
        {"id": f"c{n}", "article_id": "long.txt", "sentence": n, "start_char": start, "end_char": end,
         "text": article["text"][start:end], "checkworthiness": 0.5, "claim_type": "other", "hedged": 0,
         "negated": 0, "speech": "indirect", "source_id": source["id"], "source_role": None,
         "via_source_id": None, "cue": "said"}
        for n, (start, end, source) in enumerate([(0, 14, person("Peskov")), (15, 54, person("Dmitry Peskov", "Kremlin spokesman"))])
    ]
    store.write_batch(db, [ArticleRecords(article, claims, [], [person("Peskov"), person("Dmitry Peskov", "Kremlin spokesman")])])
    assert rows(db_path, "select id from sources where type = 'person'") == [("person:dmitry-peskov",)]
    assert set(credited(db_path, "long.txt")) == {("person:dmitry-peskov",)}
    assert rows(db_path, "pragma foreign_key_check") == []


def test_two_people_sharing_a_surname_stay_apart_and_a_bare_surname_is_not_guessed(load_articles):
    db = load_articles(["julian_smith.txt", "sarah_smith.txt"], ["smith_surname.txt"])
    people = dict(rows(db, "select id, role from sources where type = 'person'"))
    assert people == {
        "person:julian-smith": "US envoy to NATO",
        "person:sarah-smith": "defence economist at King's College London",
        "person:smith": None,
    }
    assert set(credited(db, "julian_smith.txt")) == {("person:julian-smith",)}
    assert credited(db, "smith_surname.txt") == [("person:smith",)]


def test_a_surname_merges_while_one_person_has_it_and_stays_merged(load_articles):
    """The documented order dependence: merged while unambiguous, kept when a namesake arrives."""
    db = load_articles(["julian_smith.txt"], ["smith_surname.txt"], ["sarah_smith.txt"])
    assert credited(db, "smith_surname.txt") == [("person:julian-smith",)]
    assert {r[0] for r in rows(db, "select id from sources")} == {"person:julian-smith", "person:sarah-smith"}


@pytest.mark.parametrize("order", [("varga_org.txt", "varga_person.txt"), ("varga_person.txt", "varga_org.txt")])
def test_a_full_name_the_model_typed_organisation_is_that_person(load_articles, order):
    db = load_articles(*([name] for name in order))
    assert rows(db, "select id, role from sources") == [("person:elena-varga", "Competition Commissioner")]
    assert credited(db, "varga_org.txt") == [("person:elena-varga",)]


def test_an_alias_of_a_known_source_is_that_source(load_articles):
    db = load_articles(["ports.txt"])
    assert rows(db, "select id, name, type from sources") == [("media:associated-press", "Associated Press", "media")]
    assert credited(db, "ports.txt") == [("media:associated-press",)] * 2


def test_re_extracting_an_article_keeps_every_source(load_articles, load, tmp_path):
    db = load_articles(["peskov_full.txt", "peskov_surname.txt", "julian_smith.txt"])
    before = rows(db, "select * from sources order by id")
    changed = tmp_path / "peskov_surname.txt"
    changed.write_text(ARTICLES["peskov_surname.txt"] + "Nothing else was said.\n", encoding="utf-8")
    assert load(db, changed, "--processes", "1").exit_code == 0
    assert rows(db, "select * from sources order by id") == before
    assert set(credited(db, "peskov_surname.txt")) == {("person:dmitry-peskov",)}


def person(name, role=None):
    from datasette_claims.records import source_id

    row = {"name": name, "type": "person", "role": role}
    return {**row, "id": source_id(row)}


def test_the_rule_never_merges_different_first_names_or_middle_initials():
    julian, sarah = person("Julian Smith"), person("Sarah Smith")
    assert merge_target(person("Sarah Smith"), [julian]) is None
    assert merge_target(person("George W. Bush"), [person("George Bush")]) is None
    assert merge_target(person("Smith"), [julian, sarah]) is None
    assert merge_target(person("Smith"), [julian]) == julian
    assert merge_target(person("Ségolène Royal"), [person("Segolene Royal")])["name"] == "Segolene Royal"
    organization = {"id": "organization:elena-varga", "name": "Elena Varga", "type": "organization", "role": None}
    assert merge_target(organization, [person("Elena Varga"), organization]) == person("Elena Varga")
    assert absorbed(person("Elena Varga"), [organization]) == [organization]
    assert absorbed(julian, [person("Smith")]) == [person("Smith")]
    assert absorbed(julian, [person("Smith"), sarah]) == []
    assert absorbed(person("Smith"), [julian]) == []
