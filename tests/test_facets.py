"""Facet counts (schema.FACET_COUNTS) and CountedColumnFacet: the counts are exact after a fresh
load, reviews and a reload, and the facet gives what Datasette's ColumnFacet gives on the same
page, on a real loaded database. (Its speed is measured by benchmarks/site_latency.py.)"""
import json
import re
import sqlite3
from collections import Counter

import pytest
import pytest_asyncio
import yaml
from datasette.facets import ColumnFacet
from datasette.plugins import pm
from datasette_test import Datasette

from conftest import ROOT, SEEDS
from datasette_claims.facets import CountedColumnFacet, MonthFacet
from datasette_claims.reviews import Review, write_review
from datasette_claims.schema import (
    FACET_COUNTS, counted_filters, drop_facet_count_triggers, has_facet_count_triggers,
)
from datasette_claims.store import open_database, search_indexed_after

REVIEWS = [("false", 0), ("misleading", 1), ("false", 2), ("true", 0)]  # (status, n-th credited claim)


def recount(db_path, table="claims") -> Counter:
    """The counts as they should be, counted here in Python from the rows themselves:
    (filter columns, their values, facet, value) -> rows."""
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(f"select {', '.join(FACET_COUNTS[table])} from {table}").fetchall()
    expected = Counter()
    for row in rows:
        for filters in counted_filters(table):
            if any(row[column] is None for column in filters):
                continue
            for facet in FACET_COUNTS[table]:
                if facet not in filters and row[facet] is not None:
                    expected[filters, tuple(row[column] for column in filters), facet, row[facet]] += 1
    return expected


def stored_counts(db_path, table="claims") -> Counter:
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(f"select filter, filter_value, facet, value, count from {table}_facet_counts").fetchall()
    return Counter({(tuple(filter.split(",")) if filter else (), tuple(json.loads(values)), facet, value): n
                    for filter, values, facet, value, n in rows})


def copy_database(source, target):
    """SQLite's backup: the seed database is in WAL mode, so its file alone may not hold every row."""
    with sqlite3.connect(source) as conn, sqlite3.connect(target) as copy:
        conn.backup(copy)


def review(db_path, claim_id, status):
    """Through the site's own write path (reviews.write_review), in one transaction."""
    with sqlite3.connect(db_path) as conn:
        write_review(conn, Review(claim_id, status, None, None, "alice"))


def credited_claims(db_path) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return [row[0] for row in conn.execute("select id from claims where source_id is not null order by id")]


def test_counts_are_exact_after_a_fresh_load_reviews_and_a_reload(tmp_path, load):
    folder = tmp_path / "in"
    folder.mkdir()
    (seed,) = SEEDS.glob("*.txt")
    story = folder / seed.name
    story.write_text(seed.read_text())
    db_path = tmp_path / "claims.db"
    assert load(db_path, folder).exit_code == 0
    for table in FACET_COUNTS:
        assert has_facet_count_triggers(open_database(db_path), table)
        assert stored_counts(db_path, table) == recount(db_path, table) and stored_counts(db_path, table)

    credited = credited_claims(db_path)
    for status, n in REVIEWS:
        review(db_path, credited[n], status)
    assert stored_counts(db_path)[(), (), "status", "false"] == 1
    assert stored_counts(db_path) == recount(db_path)

    story.write_text(story.read_text().replace("live-fire exercises", "military drills")
                     .replace("100,000 troops", "90,000 troops and 40 tanks"))
    result = load(db_path, folder)  # a loaded database: counted row by row, rows replaced
    assert result.exit_code == 0 and "updated: 1" in result.output
    for table in FACET_COUNTS:
        assert stored_counts(db_path, table) == recount(db_path, table)
    assert stored_counts(db_path, "numbers")[("kind",), ("count",), "unit", "tanks"] == 1


def test_a_killed_bulk_load_is_recounted_when_the_database_is_opened(tmp_path, seed_db):
    db_path = tmp_path / "claims.db"
    copy_database(seed_db, db_path)
    db = open_database(db_path)
    drop_facet_count_triggers(db)  # as a fresh load leaves it until its end
    db.execute("delete from claims_facet_counts")
    db.execute("update claims set status = 'false' where rowid = 1")
    db.conn.commit()
    db.close()
    assert sum(stored_counts(db_path).values()) == 0 < sum(recount(db_path).values())
    reopened = open_database(db_path)
    for table in FACET_COUNTS:
        assert has_facet_count_triggers(reopened, table)
        assert stored_counts(db_path, table) == recount(db_path, table)


def test_the_counted_facet_takes_the_column_facets_place():
    classes = [cls for classes in pm.hook.register_facet_classes() for cls in classes]
    assert CountedColumnFacet in classes and ColumnFacet not in classes and MonthFacet in classes
    assert [cls.type for cls in classes].count("column") == 1


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory, seed_db):
    """The loaded seed with a few reviews, and a copy whose counts are no longer kept, where
    CountedColumnFacet is Datasette's ColumnFacet (its fallback is ColumnFacet.facet_results)."""
    folder = tmp_path_factory.mktemp("facets")
    counted, uncounted = folder / "claims.db", folder / "uncounted" / "claims.db"
    copy_database(seed_db, counted)
    credited = credited_claims(counted)
    for status, n in REVIEWS:
        review(counted, credited[n], status)
    uncounted.parent.mkdir()
    copy_database(counted, uncounted)
    with sqlite3.connect(uncounted) as conn:
        for table in FACET_COUNTS:
            for suffix in ("ai", "ad", "au"):
                conn.execute(f"drop trigger {table}_facet_counts_{suffix}")
    return counted, uncounted


async def serve(db_path):
    datasette = Datasette([str(db_path)], metadata=yaml.safe_load((ROOT / "metadata.yml").read_text()),
                          settings={"trace_debug": True})
    await datasette.invoke_startup()
    return datasette


@pytest_asyncio.fixture
async def both(reviewed):
    return [await serve(path) for path in reviewed]


def top(db_path, column):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(f"select {column} from claims where {column} is not null group by 1 order by count(*) desc, 1").fetchone()[0]


COUNTED_PAGES = [
    "",
    "status=unreviewed",
    "status=false",
    "status=unreviewed&_facet=source_id&_facet_size=2",  # truncated, and source_id twice as Datasette does
    "speech=direct",
    "speech__exact=indirect&_sort=id",
    "source_id={source_id}",
    "cue={cue}&_facet=article_id",  # article_id is not counted: Datasette's GROUP BY for it alone
    "claim_type=not_claim&_facet_size=1",
    "status=no-such-status",
    "status=unreviewed&speech=direct",  # the review queue's next click: status and one more
    "status=unreviewed&source_id={source_id}&_facet=article_id",
    "claim_type=quote&status__exact=unreviewed",
]
OTHER_PAGES = [
    "_search=NATO",
    "speech=direct&cue={cue}",  # two filters, neither of them status
    "status=unreviewed&speech=direct&cue={cue}",
    "status=unreviewed&status=false",
    "status__not=unreviewed",
    "_where=sentence<5",
    "_sort=id&_next={next}",
    "sentence=3",
]


@pytest.mark.asyncio
@pytest.mark.parametrize(("query", "counted"), [
    ("", True), ("kind=count", True), ("unit=troops&kind=count", True), ("kind=count&_facet=claim_id", True),
    ("value__gt=10", False), ("unit__not=troops", False),
])
async def test_counted_number_facets_match_datasettes_column_facet(both, query, counted):
    path = "/claims/numbers.json?_extra=facet_results&_size=3&" + query
    results = [(await datasette.client.get(path)).json()["facet_results"] for datasette in both]
    assert results[0] == results[1] and results[0]["results"]["kind"]["results"]
    facet_sql = [t["sql"] for t in (await both[0].client.get(path + "&_trace=1")).json()["_trace"]["traces"]]
    assert any("numbers_facet_counts" in sql and "sqlite_master" not in sql for sql in facet_sql) == counted


@pytest.mark.asyncio
@pytest.mark.parametrize("query", COUNTED_PAGES + OTHER_PAGES)
async def test_counted_facets_match_datasettes_column_facet(both, reviewed, query):
    values = {"source_id": top(reviewed[0], "source_id"), "cue": top(reviewed[0], "cue"),
              "next": credited_claims(reviewed[0])[3]}
    path = "/claims/claims.json?_extra=facet_results&_size=3&" + query.format(**values)
    counted, column_facet = [(await datasette.client.get(path)).json() for datasette in both]
    assert counted["facet_results"] == column_facet["facet_results"]
    assert counted["rows"] == column_facet["rows"]
    assert set(counted["facet_results"]["results"]) >= set(FACET_COUNTS["claims"])
    assert not counted["facet_results"]["timed_out"]
    facet_sql = [t["sql"] for t in (await both[0].client.get(path + "&_trace=1")).json()["_trace"]["traces"]]
    read_counts = any("claims_facet_counts" in sql and "sqlite_master" not in sql for sql in facet_sql)
    assert read_counts == (query in COUNTED_PAGES)


@pytest.mark.asyncio
async def test_selected_values_and_links_match_after_a_review(both, reviewed):
    """A value selected by the page's filter, its remove link, and the counts a new review moves
    (made in both databases, so the uncounted one stays the reference)."""
    path = "/claims/claims.json?_extra=facet_results&speech=direct"

    async def facets():
        return [(await datasette.client.get(path)).json()["facet_results"] for datasette in both]

    def status_counts(results):
        return {r["value"]: r["count"] for r in results["results"]["status"]["results"]}

    before, _ = await facets()
    with sqlite3.connect(reviewed[0]) as conn:
        claim_id = conn.execute("select id from claims where speech = 'direct' and status = 'unreviewed' order by id").fetchone()[0]
    for db_path in reviewed:
        review(db_path, claim_id, "needs-context")
    counted, column_facet = await facets()
    assert counted == column_facet
    (speech,) = counted["results"]["speech"]["results"]
    assert speech["selected"] and "speech=direct" not in speech["toggle_url"]
    assert status_counts(counted)["needs-context"] == status_counts(before).get("needs-context", 0) + 1
    assert status_counts(counted)["unreviewed"] == status_counts(before)["unreviewed"] - 1


def test_a_fresh_bulk_load_counts_at_its_end(tmp_path):
    """store.search_indexed_after stops counting row by row while the block writes, then counts
    everything once (what the loader does into an empty database)."""
    db_path = tmp_path / "claims.db"
    db = open_database(db_path)
    with search_indexed_after(db):
        assert not has_facet_count_triggers(db, "claims")
        with db.conn:
            db["articles"].insert({"id": "a", "text": "One. Two. Three."})
            db["sources"].insert({"id": "person:x", "name": "X", "type": "person"})
            db["claims"].insert_all([
                {"id": f"c{i}", "article_id": "a", "text": "One.", "status": "unreviewed", "speech": speech,
                 "source_id": "person:x" if speech else None, "cue": "said" if speech else None, "claim_type": "other"}
                for i, speech in enumerate(["direct", "indirect", None])])
    assert has_facet_count_triggers(db, "claims")
    assert stored_counts(db_path) == recount(db_path)
    assert stored_counts(db_path)[("status",), ("unreviewed",), "source_id", "person:x"] == 2
    assert stored_counts(db_path)[("status", "speech"), ("unreviewed", "direct"), "source_id", "person:x"] == 1


@pytest.mark.asyncio
async def test_the_desk_reads_the_counts_and_shows_what_a_group_by_shows(both):
    """The desk's status counts and top sources: the same page from the counts as from the rows."""
    pages = [(await datasette.client.get("/-/claims?_trace=1")).text for datasette in both]
    status = [re.findall(r'status=([\w-]+)"><span[^>]*>[^<]*</span></a> (\d+)', page) for page in pages]
    assert status[0] == status[1] and {("false", "1"), ("true", "1"), ("misleading", "1")} <= set(status[0])
    sources = [re.findall(r'href="[^"]*/-/claims/source/([^"]+)"', page) for page in pages]
    assert sources[0] == sources[1] and len(sources[0]) >= 3
    # The traces at the end of each page: the counts where they are kept, the rows otherwise.
    assert "from claims_facet_counts" in pages[0] and "from claims_facet_counts" not in pages[1]


@pytest.mark.asyncio
async def test_the_counts_tables_are_not_browsable_and_the_facets_still_read_them(reviewed):
    config = yaml.safe_load((ROOT / "datasette.yml").read_text())
    datasette = Datasette([str(reviewed[0])], config=config, settings={"trace_debug": True})
    for table in FACET_COUNTS:
        assert (await datasette.client.get(f"/claims/{table}_facet_counts.json")).status_code == 403
    page = (await datasette.client.get("/claims/claims.json?_extra=facet_results&_facet=status&_trace=1")).json()
    assert page["facet_results"]["results"]["status"]["results"]
    assert any("from [claims_facet_counts]" in trace["sql"] for trace in page["_trace"]["traces"])
