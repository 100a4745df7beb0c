"""The claims desk pages, the review permission and write path, and the ClaimReview export,
in-process against a real SQLite database built with the store's schema."""
import html
import json
import re
import subprocess
import sys

import pytest
import pytest_asyncio
import yaml
from datasette.utils import tilde_encode
from datasette_test import Datasette
from markupsafe import escape

from conftest import ROOT
from datasette_claims.records import claim_id
from datasette_claims.store import open_database, write_batch
from site_fixtures import (
    EVIL_ID, IMG, NEWS, NEWS_ID, PESKOV, PRICES, PRICES_ID, SCRIPT, TROOPS, TROOPS_ID, WEATHER,
    article_records, build_database, news,
)

REVIEWERS = {"claims-review": {"id": "alice"}}
ALICE = {"id": "alice"}


@pytest.fixture
def db_path(tmp_path):
    return build_database(tmp_path / "claims.db")


def make_datasette(db_path, config=None):
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text())
    return Datasette([str(db_path)], metadata=metadata, config=config)


@pytest_asyncio.fixture
async def ds(db_path):
    datasette = make_datasette(db_path, {"permissions": REVIEWERS})
    await datasette.invoke_startup()
    return datasette


def claim_path(cid):
    return f"/-/claims/claim/{tilde_encode(cid)}"


async def review(ds, cid, actor=ALICE, headers=None, **form):
    return await ds.client.post(claim_path(cid), data=form, actor=actor, headers=headers or {})


def statuses(db_path):
    return dict(open_database(db_path).execute("select id, status from claims").fetchall())


# Pages

@pytest.mark.asyncio
async def test_desk_without_any_config_is_public(db_path):
    ds = make_datasette(db_path)
    response = await ds.client.get("/-/claims")
    assert response.status_code == 200
    page = response.text
    assert "Claims desk" in page and "Review queue" in page
    queue = page.split("Review queue")[1].split("Top sources")[0]
    assert queue.index("100,000 troops") < queue.index("Prices rose")  # by check-worthiness
    assert "sunny" not in queue  # not_claim rows are not queued
    assert "Dmitry Peskov" in page and "/-/claims/source/person~3Admitry-peskov" in page
    assert "/claims/claims?status=unreviewed" in page  # links into faceted tables
    assert ">Review<" not in page and 'action="' not in page  # no review links for anonymous


@pytest.mark.asyncio
async def test_pages_follow_the_view_permission(db_path):
    ds = make_datasette(db_path, {"databases": {"claims": {"allow": {"id": "alice"}}}})
    for path in ("/-/claims", claim_path(TROOPS_ID), "/-/claims/claimreview.json"):
        assert (await ds.client.get(path)).status_code == 403
        assert (await ds.client.get(path, actor=ALICE)).status_code == 200


@pytest.mark.asyncio
@pytest.mark.parametrize("table", ["reviews", "articles"])
async def test_pages_follow_a_table_level_view_permission(db_path, table):
    """A table hidden from an actor in datasette.yml stays hidden on the desk's pages too."""
    ds = make_datasette(db_path, {"databases": {"claims": {"tables": {table: {"allow": {"id": "alice"}}}}}})
    for path in ("/-/claims", claim_path(TROOPS_ID), "/-/claims/claimreview.json",
                 "/-/claims/article/" + tilde_encode(NEWS_ID)):
        assert (await ds.client.get(path)).status_code == 403
        assert (await ds.client.get(path, actor=ALICE)).status_code == 200


@pytest.mark.asyncio
async def test_without_a_claims_database_the_desk_is_404():
    ds = Datasette(memory=True)
    assert (await ds.client.get("/-/claims")).status_code == 404
    assert "Claims desk" in (await ds.client.get("/")).text  # still in the menu


@pytest.mark.asyncio
async def test_links_respect_base_url(db_path):
    ds = Datasette([str(db_path)], settings={"base_url": "/desk/"})
    page = (await ds.client.get("/-/claims")).text
    assert f'href="/desk/-/claims/claim/{TROOPS_ID}"' in page and 'href="/desk/claims/claims' in page
    assert 'href="/-/claims' not in page


@pytest.mark.asyncio
async def test_desk_counts_by_status(ds):
    await review(ds, TROOPS_ID, status="false", note="", evidence_url="")
    page = (await ds.client.get("/-/claims")).text
    counts = dict(re.findall(r'status=([\w-]+)"><span[^>]*>[^<]*</span></a> (\d+)', page))
    assert counts["false"] == "1" and counts["unreviewed"] == "4" and counts["true"] == "0"


@pytest.mark.asyncio
async def test_claim_page_shows_context_numbers_source(ds):
    response = await ds.client.get(claim_path(PRICES_ID))
    assert response.status_code == 200
    page = response.text
    assert TROOPS in page and WEATHER in page  # sentence before and after
    assert "12.0" in page and "percent" in page
    assert 'href="/-/claims/source/media~3Areuters"' in page and "reported speech" in page
    assert "/-/claims/article/" + tilde_encode(NEWS_ID) in page
    assert "Not reviewed yet" in page and 'name="status"' not in page
    assert "application/ld+json" not in page


@pytest.mark.asyncio
async def test_missing_pages_are_404(ds):
    for path in ("/-/claims/claim/nope", "/-/claims/article/nope", "/-/claims/source/nope"):
        assert (await ds.client.get(path)).status_code == 404


@pytest.mark.asyncio
async def test_article_page_marks_claims_numbers_and_sources(ds):
    response = await ds.client.get("/-/claims/article/" + tilde_encode(NEWS_ID))
    assert response.status_code == 200
    page = response.text
    assert "Kremlin says troops will stay" in page and "Example News" in page and "2024-02-01" in page
    assert 'href="https://example.com/news/2024/peskov"' in page
    assert f'id="claim-{TROOPS_ID}" class="claims-mark claims-cw-4" href="/-/claims/claim/{TROOPS_ID}"' in page
    assert re.search(r'<mark class="claims-number" title="[^"]*">100,000</mark>', page)
    assert re.search(r'<mark class="claims-source" title="Dmitry Peskov">Peskov</mark>', page)
    assert re.search(r'<mark class="claims-source" title="Reuters">Reuters</mark>', page)
    assert "claims-cw-0" in page  # the sunny morning
    text = re.search(r'<div class="claims-article-text">(.*?)</div>', page, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", text)) == " ".join([TROOPS, PRICES, WEATHER])


@pytest.mark.asyncio
async def test_article_text_is_escaped(ds):
    page = (await ds.client.get("/-/claims/article/" + tilde_encode(EVIL_ID))).text
    assert SCRIPT not in page and IMG not in page
    assert html.escape(SCRIPT, quote=False) in page and html.escape(IMG, quote=False) in page
    assert 'href="javascript:' not in page and "<br>javascript:alert(1)" in page  # shown, never linked
    for path in ("/-/claims", claim_path(claim_id(EVIL_ID, f"The mayor wrote {SCRIPT} on the wall.", 1)),
                 "/-/claims/source/" + tilde_encode(PESKOV["id"])):
        body = (await ds.client.get(path)).text
        assert SCRIPT not in body and IMG not in body


@pytest.mark.asyncio
async def test_source_page_lists_everything_it_said(ds):
    await review(ds, TROOPS_ID, status="misleading", note="", evidence_url="")
    response = await ds.client.get("/-/claims/source/" + tilde_encode(PESKOV["id"]))
    assert response.status_code == 200
    page = response.text
    assert "Dmitry Peskov" in page and "2 claims in 2 articles" in page
    assert "Kremlin spokesman" in page.split("Roles seen")[1]
    assert "Misleading</span> 1" in page and "Unreviewed</span> 1" in page
    assert "100,000 troops" in page and "The mayor wrote" in page


@pytest.mark.asyncio
async def test_table_cells_show_badges_and_meters(ds):
    page = (await ds.client.get("/claims/claims")).text
    assert '<span class="claims-status claims-status-unreviewed">Unreviewed</span>' in page
    assert '<meter class="claims-cw"' in page and 'value="0.9"' in page
    assert "claims.css" in page
    css = await ds.client.get("/-/static-plugins/datasette-claims/claims.css")
    assert css.status_code == 200 and ".claims-status" in css.text


@pytest.mark.asyncio
async def test_who_said_what_ids_link_to_the_desk_pages(ds):
    page = (await ds.client.get("/claims/who_said_what")).text
    assert f'<a href="/-/claims/claim/{TROOPS_ID}">{TROOPS_ID}</a>' in page
    assert f'<a href="/-/claims/article/{tilde_encode(NEWS_ID)}">{NEWS_ID}</a>' in page
    assert f'<a href="/-/claims/article/{tilde_encode(EVIL_ID)}">{EVIL_ID}</a>' in page
    assert f'<a href="/-/claims/source/{tilde_encode(PESKOV["id"])}">{PESKOV["id"]}</a>' in page
    numbers = (await ds.client.get("/claims/numbers")).text  # foreign keys: Datasette's labels
    assert f'<a href="/claims/claims/{TROOPS_ID}">{TROOPS}</a>' in numbers
    assert 'Kremlin says troops will stay</a>' in numbers


@pytest.mark.asyncio
async def test_article_and_source_rows_link_to_their_desk_pages(ds):
    article = (await ds.client.get(f"/claims/articles/{tilde_encode(NEWS_ID)}")).text
    assert f'href="/-/claims/article/{tilde_encode(NEWS_ID)}"' in article and "Read it with its claims marked" in article
    source = (await ds.client.get(f"/claims/sources/{tilde_encode(PESKOV['id'])}")).text
    assert f'href="/-/claims/source/{tilde_encode(PESKOV["id"])}"' in source and "Everything this source said" in source


# Facets

def dated(article_id: str, published, sentence: str):
    return article_records(
        {**NEWS, "id": article_id, "url": None, "published": published, "content_hash": article_id},
        [{"text": sentence, "checkworthiness": 0.5}],
    )


@pytest.fixture
def months(db_path):
    """Besides the news of 2024-02-01 (and the undated evil article): one more February article
    with a full timestamp, one from March, and one whose date is not ISO 8601."""
    write_batch(open_database(db_path), [
        dated("feb", "2024-02-15T09:00:00Z", "Rents rose again."),
        dated("mar", "2024-03-05", "Rents fell."),
        dated("vague", "last Tuesday", "Rents were flat."),
    ])
    return db_path


def month_facet(response) -> dict:
    facet = response.json()["facet_results"]["results"]["published"]
    assert facet["type"] == "month"
    return facet


@pytest.mark.asyncio
async def test_month_facet_counts_by_month_newest_first(months):
    ds = make_datasette(months)
    facet = month_facet(await ds.client.get("/claims/articles.json?_extra=facet_results"))
    assert [(v["value"], v["count"], v["selected"]) for v in facet["results"]] == [
        ("2024-03", 1, False), ("2024-02", 2, False)]
    assert facet["hideable"] is False  # set in metadata.yml
    february = facet["results"][1]["toggle_url"].removeprefix("http://localhost")
    assert "published__startswith=2024-02" in february
    selected = await ds.client.get(february + "&_extra=facet_results")
    assert {row["id"] for row in selected.json()["rows"]} == {NEWS_ID, "feb"}
    (chosen,) = month_facet(selected)["results"]
    assert chosen["selected"] and "published__startswith" not in chosen["toggle_url"]
    page = (await ds.client.get("/claims/articles")).text
    assert "published (month)" in page and 'data-facet-value="2024-03"' in page


@pytest.mark.asyncio
async def test_month_facet_on_who_said_what_counts_claims(months):
    ds = make_datasette(months)
    facet = month_facet(await ds.client.get("/claims/who_said_what.json?_extra=facet_results"))
    assert [(v["value"], v["count"]) for v in facet["results"]] == [("2024-03", 1), ("2024-02", 4)]


@pytest.mark.asyncio
async def test_month_facet_is_suggested_where_dates_span_months(db_path):
    ds = Datasette([str(db_path)])  # no metadata: nothing enabled yet
    path = "/claims/articles.json?_extra=suggested_facets"

    def suggested(response):
        return {f["name"] for f in response.json()["suggested_facets"] if f.get("type") == "month"}

    assert suggested(await ds.client.get(path)) == set()  # one month is no facet
    write_batch(open_database(db_path), [dated("mar", "2024-03-05", "Rents fell.")])
    assert suggested(await ds.client.get(path)) == {"published"}
    enabled = await ds.client.get(path + "&_facet_month=published&_extra=facet_results")
    assert suggested(enabled) == set()
    facet = month_facet(enabled)
    assert facet["hideable"] is True and "_facet_month" not in facet["toggle_url"]


@pytest.mark.asyncio
async def test_month_facet_respects_base_url(months):
    ds = Datasette([str(months)], settings={"base_url": "/desk/"})
    facet = month_facet(await ds.client.get("/claims/articles.json?_facet_month=published&_extra=facet_results"))
    assert facet["toggle_url"].startswith("/desk/claims/articles.json")
    assert all(v["toggle_url"].startswith("http://localhost/desk/claims/articles.json") for v in facet["results"])


@pytest.mark.asyncio
async def test_metadata_facets_suit_each_table(ds):
    async def facets(table):
        response = await ds.client.get(f"/claims/{table}.json?_extra=facet_results")
        return {(f["name"], f["type"]) for f in response.json()["facet_results"]["results"].values()}

    assert await facets("claims") == {
        ("status", "column"), ("speech", "column"), ("source_id", "column"), ("cue", "column"),
        ("claim_type", "column"), ("fact_check_match", "column")}
    assert await facets("who_said_what") == {
        ("status", "column"), ("speech", "column"), ("source_type", "column"), ("publisher", "column"),
        ("published", "month")}
    assert await facets("articles") == {("publisher", "column"), ("published", "month")}


def test_hooks_register_when_the_package_is_imported_before_datasette():
    """Importing datasette_claims first must not leave Datasette holding a half-imported module."""
    code = (
        "import datasette_claims.records\n"
        "from datasette.plugins import pm\n"
        "from datasette_claims.facets import MonthFacet\n"
        "assert [MonthFacet] in pm.hook.register_facet_classes()\n"
        "assert any(r for r in pm.hook.register_routes(datasette=None) if r)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# Permission and the review write path

@pytest.mark.asyncio
async def test_only_reviewers_see_the_form_and_links(ds):
    anonymous = (await ds.client.get(claim_path(TROOPS_ID))).text
    bob = (await ds.client.get(claim_path(TROOPS_ID), actor={"id": "bob"})).text
    alice = (await ds.client.get(claim_path(TROOPS_ID), actor=ALICE)).text
    assert 'name="status"' not in anonymous and 'name="status"' not in bob
    assert 'name="status"' in alice and 'name="csrftoken"' in alice
    assert ">Review<" in (await ds.client.get("/-/claims", actor=ALICE)).text
    assert ">Review<" not in (await ds.client.get("/-/claims", actor={"id": "bob"})).text
    row = f"/claims/claims/{TROOPS_ID}"
    assert "Review this claim" in (await ds.client.get(row, actor=ALICE)).text
    assert "Review this claim" not in (await ds.client.get(row, actor={"id": "bob"})).text


@pytest.mark.asyncio
@pytest.mark.parametrize("actor", [None, {"id": "bob"}])
async def test_others_get_403_and_nothing_is_written(ds, db_path, actor):
    response = await review(ds, TROOPS_ID, actor=actor, status="false", note="no", evidence_url="")
    assert response.status_code == 403
    assert statuses(db_path)[TROOPS_ID] == "unreviewed"
    assert open_database(db_path)["reviews"].count == 0


@pytest.mark.asyncio
async def test_anonymous_reviews_when_everyone_may_review(db_path):
    ds = make_datasette(db_path, {"permissions": {"claims-review": True}})
    response = await review(ds, TROOPS_ID, actor=None, status="false", note="", evidence_url="")
    assert response.status_code == 303
    assert statuses(db_path)[TROOPS_ID] == "false"


@pytest.mark.asyncio
async def test_permission_can_be_granted_per_database(db_path):
    ds = make_datasette(db_path, {"databases": {"claims": {"permissions": REVIEWERS}}})
    response = await review(ds, TROOPS_ID, status="true", note="", evidence_url="")
    assert response.status_code == 303


@pytest.mark.asyncio
async def test_review_appends_and_sets_status(ds, db_path):
    response = await review(ds, TROOPS_ID, status="false", note="Only 40,000 <b>were</b> there.",
                            evidence_url="https://example.org/report")
    assert response.status_code == 303 and response.headers["location"] == claim_path(TROOPS_ID)
    await review(ds, TROOPS_ID, status="misleading", note="On reflection", evidence_url="")
    assert statuses(db_path)[TROOPS_ID] == "misleading"
    rows = list(open_database(db_path)["reviews"].rows_where(order_by="id"))
    assert [(r["status"], r["actor_id"], r["claim_text"], r["article_id"]) for r in rows] == [
        ("false", "alice", TROOPS, NEWS_ID), ("misleading", "alice", TROOPS, NEWS_ID)]
    assert rows[0]["evidence_url"] == "https://example.org/report" and rows[1]["evidence_url"] is None
    assert rows[0]["created"]
    page = (await ds.client.get(claim_path(TROOPS_ID))).text
    assert "On reflection" in page and "Only 40,000 &lt;b&gt;were&lt;/b&gt; there." in page
    assert 'href="https://example.org/report"' in page


@pytest.mark.asyncio
@pytest.mark.parametrize("form", [
    {"status": "pants-on-fire", "note": "", "evidence_url": ""},
    {"status": "false", "note": "", "evidence_url": "javascript:alert(1)"},
    {"status": "false", "note": "", "evidence_url": "ftp://example.org/x"},
    {"status": "false", "note": "", "evidence_url": "https://"},
    {"status": "false", "note": "", "evidence_url": "http://[oops/"},
])
async def test_invalid_reviews_are_refused(ds, db_path, form):
    response = await review(ds, TROOPS_ID, **form)
    assert response.status_code == 400 and 'class="message-error"' in response.text
    assert statuses(db_path)[TROOPS_ID] == "unreviewed"
    assert open_database(db_path)["reviews"].count == 0


@pytest.mark.asyncio
async def test_review_and_status_land_in_one_transaction(ds, db_path):
    open_database(db_path).execute(
        "create trigger refuse_status before update of status on claims begin select raise(abort, 'no'); end"
    )
    response = await review(ds, TROOPS_ID, status="false", note="", evidence_url="")
    assert response.status_code == 500
    assert open_database(db_path)["reviews"].count == 0  # the appended review was rolled back


@pytest.mark.asyncio
async def test_reviewing_a_claim_that_is_gone_is_404(ds, db_path):
    response = await review(ds, "no-such-claim", status="true", note="", evidence_url="")
    assert response.status_code == 404
    assert open_database(db_path)["reviews"].count == 0


@pytest.mark.asyncio
@pytest.mark.parametrize("headers", [
    {"sec-fetch-site": "cross-site"},
    {"origin": "https://evil.example"},
])
async def test_cross_site_posts_fail(ds, db_path, headers):
    response = await review(ds, TROOPS_ID, headers=headers, status="false", note="", evidence_url="")
    assert response.status_code == 403
    assert statuses(db_path)[TROOPS_ID] == "unreviewed"


@pytest.mark.asyncio
async def test_same_origin_browser_posts_pass(ds):
    response = await review(ds, TROOPS_ID, headers={"sec-fetch-site": "same-origin"},
                            status="true", note="", evidence_url="")
    assert response.status_code == 303


# Never lost

@pytest.mark.asyncio
async def test_reviews_survive_a_reload_with_changed_extraction(ds, db_path):
    await review(ds, TROOPS_ID, status="false", note="kept", evidence_url="")
    await review(ds, PRICES_ID, status="true", note="will be orphaned", evidence_url="")
    changed = news()
    changed.claims = [c for c in changed.claims if c["id"] != PRICES_ID]  # re-extraction drops it
    changed.numbers = [n for n in changed.numbers if n["claim_id"] != PRICES_ID]
    changed.article["content_hash"] = "h1-changed"
    write_batch(open_database(db_path), [changed])
    assert statuses(db_path)[TROOPS_ID] == "false"
    assert open_database(db_path)["reviews"].count == 2
    desk = (await ds.client.get("/-/claims")).text
    orphaned = desk.split("Orphaned reviews")[1]
    assert PRICES in orphaned and "will be orphaned" in orphaned and TROOPS not in orphaned
    page = await ds.client.get(claim_path(PRICES_ID))
    assert page.status_code == 200 and "Orphaned claim" in page.text and "will be orphaned" in page.text
    assert 'name="status"' not in (await ds.client.get(claim_path(PRICES_ID), actor=ALICE)).text


# ClaimReview

def json_ld(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


@pytest.mark.asyncio
async def test_reviewed_claim_embeds_claimreview(ds):
    await review(ds, TROOPS_ID, status="mostly-true", note="About right", evidence_url="https://example.org/r")
    data = json_ld((await ds.client.get(claim_path(TROOPS_ID))).text)
    assert data["@context"] == "https://schema.org" and data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == TROOPS
    assert data["url"] == "http://localhost" + claim_path(TROOPS_ID)
    assert data["author"] == {"@type": "Organization", "name": "Claims desk"}
    assert data["itemReviewed"]["@type"] == "Claim"
    assert data["itemReviewed"]["author"] == {"@type": "Person", "name": "Dmitry Peskov"}
    assert data["itemReviewed"]["appearance"]["url"] == "https://example.com/news/2024/peskov"
    assert data["itemReviewed"]["appearance"]["publisher"]["name"] == "Example News"
    assert data["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly true"}
    assert data["reviewBody"] == "About right"


@pytest.mark.asyncio
async def test_claimreview_json_lists_every_reviewed_claim(ds):
    evil_claim = claim_id(EVIL_ID, f"The mayor wrote {SCRIPT} on the wall.", 1)
    await review(ds, TROOPS_ID, status="true", note="", evidence_url="")
    await review(ds, TROOPS_ID, status="false", note="", evidence_url="")
    await review(ds, evil_claim, status="unverifiable", note=f"{SCRIPT}", evidence_url="")
    response = await ds.client.get("/-/claims/claimreview.json")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    reviews = {r["claimReviewed"]: r for r in response.json()}
    assert set(reviews) == {TROOPS, f"The mayor wrote {SCRIPT} on the wall."}
    assert reviews[TROOPS]["reviewRating"]["alternateName"] == "False"  # the latest review wins
    assert "url" not in reviews[f"The mayor wrote {SCRIPT} on the wall."]["itemReviewed"]["appearance"]
    page = (await ds.client.get(claim_path(evil_claim))).text
    assert SCRIPT not in page  # JSON-LD is escaped too
    assert json_ld(page)["reviewBody"] == SCRIPT


# The seed, loaded by the real loader

@pytest.mark.asyncio
async def test_every_seed_page_renders(seed_db):
    ds = make_datasette(seed_db)
    db = open_database(seed_db)
    (article,) = db["articles"].rows
    claims = list(db["claims"].rows_where(order_by="start_char"))
    page = await ds.client.get("/-/claims/article/" + tilde_encode(article["id"]))
    assert page.status_code == 200
    text = re.search(r'<div class="claims-article-text">(.*?)</div>', page.text, re.S).group(1)
    assert text.count('class="claims-mark ') == len(claims)
    assert text.count('<mark class="claims-number"') == db["numbers"].count
    assert html.unescape(re.sub(r"<[^>]+>", "", text)) == article["text"]
    for claim in claims:
        response = await ds.client.get(claim_path(claim["id"]))
        assert response.status_code == 200 and str(escape(claim["text"])) in response.text
    for source in db["sources"].rows:
        response = await ds.client.get("/-/claims/source/" + tilde_encode(source["id"]))
        assert response.status_code == 200
    desk = (await ds.client.get("/-/claims")).text
    assert "Dmitry Peskov" in desk and "Julian Smith" in desk
    source = next(iter(db["sources"].rows))
    for path, page_class in [("/-/claims", "claims-desk"), ("/-/claims/article/" + tilde_encode(article["id"]), "claims-article"),
                             (claim_path(claims[0]["id"]), "claims-claim"),
                             ("/-/claims/source/" + tilde_encode(source["id"]), "claims-source-page")]:
        page = (await ds.client.get(path)).text
        assert re.search(rf'<body class="{page_class} db-\S+"', page), path  # claims_base.html
        assert 'class="crumbs"' in page and f'href="/{seed_db.stem}"' in page, path


@pytest.mark.asyncio
async def test_seed_reviews_survive_reloading_a_changed_article(tmp_path, load):
    folder = tmp_path / "in"
    folder.mkdir()
    (seed,) = (ROOT / "seeds").glob("*.txt")
    story = folder / seed.name
    story.write_text(seed.read_text())
    db_path = tmp_path / "claims.db"
    assert load(db_path, folder).exit_code == 0
    db = open_database(db_path)
    kept = next(db["claims"].rows_where("text like 'NATO allies say the talks%'"))
    changed = next(db["claims"].rows_where("text like 'Moscow has dismissed fears%'"))
    ds = make_datasette(db_path, {"permissions": REVIEWERS})
    await review(ds, kept["id"], status="needs-context", note="still attached", evidence_url="")
    await review(ds, changed["id"], status="misleading", note="re-extracted away", evidence_url="")
    story.write_text(story.read_text().replace("live-fire exercises", "military drills"))
    assert load(db_path, folder).exit_code == 0
    now = statuses(db_path)
    assert now[kept["id"]] == "needs-context" and changed["id"] not in now
    assert db["reviews"].count == 2
    orphaned = (await ds.client.get("/-/claims")).text.split("Orphaned reviews")[1]
    assert "re-extracted away" in orphaned and "still attached" not in orphaned
    exported = (await ds.client.get("/-/claims/claimreview.json")).json()
    assert [r["claimReviewed"] for r in exported] == [kept["text"]]
