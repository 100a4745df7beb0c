"""The same claim in other articles (claim_links), figures that disagree, and applying a linked
claim's rating: small articles loaded by the real loader and model, the pages in-process."""
import sqlite3

import pytest
import pytest_asyncio
import yaml
from datasette.utils import tilde_encode
from datasette_test import Datasette

from conftest import ROOT, run_load
from datasette_claims.links import link_method, shingled

QUOTE = '"We will not withdraw a single soldier from the border,"'
ARTICLES = {
    "kremlin.txt": f"""Kremlin rejects talks

{QUOTE} Kremlin spokesman Dmitry Peskov told reporters on Tuesday. Russia has massed 100,000 troops near the border with Ukraine, according to Reuters. The weather in Moscow was cold.
""",
    "moscow.txt": f"""Moscow digs in

{QUOTE} Dmitry Peskov said, speaking to journalists in Moscow. Ukraine says Russia now has 175,000 troops near the border. Farmers in Kansas expect a record wheat harvest this year.
""",
    "wire.txt": f"""Peskov: no withdrawal

Peskov told the state news agency: "{QUOTE.strip(',"')}." Talks in Geneva ended without agreement on Friday, officials said.
""",
    "sport.txt": """Cup final

The home side scored twice in the second half to win the cup. About 60,000 fans watched the final at Wembley, the organisers said.
""",
}
REVIEWERS = {"claims-review": {"id": "alice"}}
ALICE = {"id": "alice"}
CROSS_ARTICLE = ("claim_links", "claim_minhash", "number_terms", "disagreeing_figures")


def write_articles(folder, articles=ARTICLES):
    folder.mkdir(exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text)
    return folder


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The four articles loaded once by the real loader; tests copy it before changing it."""
    root = tmp_path_factory.mktemp("links")
    db = root / "claims.db"
    result = run_load(db, write_articles(root / "articles"))
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def db_path(loaded, tmp_path):
    path = tmp_path / "claims.db"
    with sqlite3.connect(loaded) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    return path


def query(db, sql, params=()):
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(sql, params)]


def claim_in(db, article_id, contains):
    [row] = query(db, "select * from claims where article_id = ? and text like ?", [article_id, f"%{contains}%"])
    return row


def links_of(db, claim_id):
    return {row["article_id"]: row for row in query(db, """
        select claims.article_id, claim_links.* from claim_links join claims on claims.id = claim_links.other_claim_id
        where claim_links.claim_id = ?""", [claim_id])}


def snapshot(db):
    return {table: query(db, f"select * from {table} order by 1, 2") for table in CROSS_ARTICLE}


# Linking

def test_the_same_quote_in_three_articles_is_linked_both_ways(loaded):
    kremlin = claim_in(loaded, "kremlin.txt", "single soldier")
    linked = links_of(loaded, kremlin["id"])
    assert set(linked) == {"moscow.txt", "wire.txt"}
    assert {row["method"] for row in linked.values()} == {"quote"}
    assert all(0.5 <= row["score"] <= 1 for row in linked.values())
    moscow = claim_in(loaded, "moscow.txt", "single soldier")
    assert kremlin["id"] in {row["other_claim_id"] for row in links_of(loaded, moscow["id"]).values()}


def test_unrelated_claims_are_not_linked(loaded):
    for contains in ("weather in Moscow", "Farmers in Kansas", "100,000 troops", "175,000 troops"):
        claim = query(loaded, "select id from claims where text like ?", [f"%{contains}%"])[0]
        assert links_of(loaded, claim["id"]) == {}, contains
    assert query(loaded, """select count(*) as n from claim_links join claims on claims.id = claim_links.claim_id
                            where claims.article_id = 'sport.txt'""")[0]["n"] == 0
    pairs = query(loaded, """select a.article_id as one, b.article_id as other from claim_links
        join claims as a on a.id = claim_id join claims as b on b.id = other_claim_id""")
    assert all(pair["one"] != pair["other"] for pair in pairs)


def test_a_restated_figure_links_and_a_different_sentence_does_not():
    one = shingled("a", "The ministry said 4,500 homes were destroyed by the floods in the north.")
    restated = shingled("b", "Officials said 4,500 homes were destroyed in the north by floods.")
    assert link_method(one, restated, same_figure=True)[1] in ("text", "figure")
    other = shingled("c", "The ministry said the north would be rebuilt within a year.")
    assert link_method(one, other, same_figure=False)[1] is None


def test_reloading_unchanged_input_changes_nothing(db_path, tmp_path):
    before = snapshot(db_path)
    assert before["claim_links"] and before["disagreeing_figures"]
    result = run_load(db_path, write_articles(tmp_path / "articles"))
    assert result.exit_code == 0 and "unchanged: 4" in result.output
    assert snapshot(db_path) == before


def test_a_re_extracted_article_gives_the_same_links(db_path, tmp_path):
    before = snapshot(db_path)
    changed = {**ARTICLES, "kremlin.txt": ARTICLES["kremlin.txt"].replace("was cold", "was mild")}
    result = run_load(db_path, write_articles(tmp_path / "articles", changed))
    assert result.exit_code == 0 and "updated: 1" in result.output
    after = snapshot(db_path)
    assert after["claim_links"] == before["claim_links"]  # forgotten with the claims, then found again
    assert after["disagreeing_figures"] == before["disagreeing_figures"]


def test_a_changed_quote_loses_its_links(db_path, tmp_path):
    changed = {**ARTICLES, "wire.txt": ARTICLES["wire.txt"].replace(
        QUOTE.strip(',"'), "Our exercises end next week as planned")}
    result = run_load(db_path, write_articles(tmp_path / "articles", changed))
    assert result.exit_code == 0, result.output
    kremlin = claim_in(db_path, "kremlin.txt", "single soldier")
    assert set(links_of(db_path, kremlin["id"])) == {"moscow.txt"}
    assert query(db_path, "select count(*) as n from claim_links where claim_id not in (select id from claims)"
                 " or other_claim_id not in (select id from claims)")[0]["n"] == 0


# Figures that disagree

def test_troop_figures_from_two_articles_disagree(loaded):
    rows = query(loaded, "select * from figures_that_disagree")
    assert len(rows) == 1
    [row] = rows
    assert {row["value"], row["other_value"]} == {100000.0, 175000.0}
    assert row["unit"] == "troops" and row["kind"] == "count"
    assert {row["article_id"], row["other_article_id"]} == {"kremlin.txt", "moscow.txt"}
    assert "russia" in row["shared"].split(", ")
    # 60,000 fans share no unit with the troops
    assert not any(60000.0 in (r["value"], r["other_value"]) for r in rows)


def test_the_figures_index_is_what_the_lookup_uses(loaded):
    plan = " ".join(row["detail"] for row in query(loaded, """explain query plan
        select number_id from number_terms where unit = 'troops' and kind = 'count' and term = 'russia'"""))
    assert "USING PRIMARY KEY" in plan or "USING COVERING INDEX" in plan


# The claim page and applying a rating

def make_datasette(db_path):
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text())
    return Datasette([str(db_path)], metadata=metadata, config={"permissions": REVIEWERS})


@pytest_asyncio.fixture
async def ds(db_path):
    datasette = make_datasette(db_path)
    await datasette.invoke_startup()
    return datasette


def claim_path(cid):
    return f"/-/claims/claim/{tilde_encode(cid)}"


def reviews(db):
    return query(db, "select claim_id, status, actor_id, note from reviews order by id")


@pytest.mark.asyncio
async def test_claim_page_lists_the_claim_also_in_other_articles(ds, db_path):
    kremlin = claim_in(db_path, "kremlin.txt", "single soldier")
    page = (await ds.client.get(claim_path(kremlin["id"]))).text
    assert ">Also in<" in page
    assert "Moscow digs in" in page and "Peskov: no withdrawal" in page
    assert "Rated" not in page  # nothing rated yet
    unrelated = claim_in(db_path, "sport.txt", "cup")
    assert ">Also in<" not in (await ds.client.get(claim_path(unrelated["id"]))).text


@pytest.mark.asyncio
async def test_a_rating_shows_on_every_linked_claim_and_applies_in_one_action(ds, db_path):
    kremlin, moscow, wire = (claim_in(db_path, a, "withdraw") for a in ("kremlin.txt", "moscow.txt", "wire.txt"))
    response = await ds.client.post(claim_path(kremlin["id"]), actor=ALICE,
                                    data={"status": "false", "note": "Troops left <b>in March</b>", "evidence_url": ""})
    assert response.status_code == 303
    page = (await ds.client.get(claim_path(moscow["id"]), actor=ALICE)).text
    assert "Rated" in page and "claims-status-false" in page and 'class="core claims-apply-form"' in page
    assert (await ds.client.get(claim_path(moscow["id"]))).text.count("claims-apply-form") == 0  # not a reviewer
    assert reviews(db_path) == [{"claim_id": kremlin["id"], "status": "false", "actor_id": "alice",
                                 "note": "Troops left <b>in March</b>"}]  # showing the banner changed nothing

    response = await ds.client.post(claim_path(moscow["id"]) + "/apply", actor=ALICE, data={"rated": kremlin["id"]})
    assert response.status_code == 303 and response.headers["location"] == claim_path(moscow["id"])
    appended = reviews(db_path)[1:]
    assert sorted(r["claim_id"] for r in appended) == sorted([moscow["id"], wire["id"]])  # one per claim
    assert {(r["status"], r["actor_id"]) for r in appended} == {("false", "alice")}
    assert all(kremlin["id"] in r["note"] for r in appended)
    statuses = {row["id"]: row["status"] for row in query(db_path, "select id, status from claims")}
    assert statuses[moscow["id"]] == statuses[wire["id"]] == "false"
    assert list(statuses.values()).count("false") == 3  # nothing else changed


@pytest.mark.asyncio
@pytest.mark.parametrize("actor, headers", [
    (None, {}), ({"id": "bob"}, {}),
    (ALICE, {"sec-fetch-site": "cross-site"}), (ALICE, {"origin": "https://evil.example"}),
])
async def test_apply_is_refused_without_permission_or_from_another_site(ds, db_path, actor, headers):
    kremlin, moscow = (claim_in(db_path, a, "withdraw") for a in ("kremlin.txt", "moscow.txt"))
    await ds.client.post(claim_path(kremlin["id"]), actor=ALICE, data={"status": "false", "note": "", "evidence_url": ""})
    response = await ds.client.post(claim_path(moscow["id"]) + "/apply", actor=actor, headers=headers,
                                    data={"rated": kremlin["id"]})
    assert response.status_code == 403
    assert len(reviews(db_path)) == 1


@pytest.mark.asyncio
async def test_apply_refuses_an_unlinked_or_unrated_claim(ds, db_path):
    kremlin, moscow = (claim_in(db_path, a, "withdraw") for a in ("kremlin.txt", "moscow.txt"))
    sport = claim_in(db_path, "sport.txt", "cup")
    await ds.client.post(claim_path(sport["id"]), actor=ALICE, data={"status": "true", "note": "", "evidence_url": ""})
    for rated in (sport["id"], kremlin["id"], ""):  # not linked; linked but unrated; nothing
        response = await ds.client.post(claim_path(moscow["id"]) + "/apply", actor=ALICE, data={"rated": rated})
        assert response.status_code == 303
    assert len(reviews(db_path)) == 1
    assert (await ds.client.get(claim_path(moscow["id"]) + "/apply", actor=ALICE)).status_code == 405
    assert (await ds.client.post(claim_path("no-such-claim") + "/apply", actor=ALICE,
                                 data={"rated": kremlin["id"]})).status_code == 404


@pytest.mark.asyncio
async def test_figures_view_downloads_as_csv_and_the_desk_links_it(ds):
    desk = (await ds.client.get("/-/claims")).text
    assert 'href="/claims/figures_that_disagree"' in desk and "1 pairs" in desk
    csv = (await ds.client.get("/claims/figures_that_disagree.csv")).text
    assert csv.splitlines()[0].startswith("unit,kind,value,figure,claim")
    assert "100,000 troops" in csv and "175,000 troops" in csv


@pytest.mark.asyncio
async def test_linked_claim_text_is_escaped(tmp_path):
    script = "<script>alert(1)</script>"
    articles = {name: f"Headline {name}\n\n\"The {script} border will stay closed to every convoy,\" {who} said.\n"
                for name, who in (("one.txt", "the minister"), ("two.txt", "a spokesman"))}
    db = tmp_path / "claims.db"
    assert run_load(db, write_articles(tmp_path / "articles", articles)).exit_code == 0
    datasette = make_datasette(db)
    one = claim_in(db, "one.txt", "border")
    assert links_of(db, one["id"])
    page = (await datasette.client.get(claim_path(one["id"]))).text
    assert ">Also in<" in page and script not in page and "&lt;script&gt;" in page


def test_figures_within_stated_bounds_agree_and_terms_need_weight():
    from datasette_claims.figures import terms, weight, within

    assert within(3500, (3000.0, None)) and not within(2500, (3000.0, None)) and not within(3500, (None, None))
    found = terms({"text": "The army says Russia sent 100,000 troops to Ukraine.", "source_id": "organization:army"})
    assert found == {"source:organization:army", "russia", "ukraine"}
    assert weight({"russia"}) == 1 and weight({"source:organization:army"}) == 2


@pytest.mark.asyncio
async def test_a_database_without_the_cross_article_tables_still_serves(db_path):
    """A database written before these tables existed, served before any loader reopens it."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("drop view figures_that_disagree")
        for table in CROSS_ARTICLE:
            conn.execute(f"drop table {table}")
    datasette = make_datasette(db_path)
    kremlin, moscow = (claim_in(db_path, a, "withdraw") for a in ("kremlin.txt", "moscow.txt"))
    desk = await datasette.client.get("/-/claims")
    assert desk.status_code == 200 and "Figures that disagree" not in desk.text
    page = await datasette.client.get(claim_path(moscow["id"]))
    assert page.status_code == 200 and ">Also in<" not in page.text
    response = await datasette.client.post(claim_path(moscow["id"]) + "/apply", actor=ALICE, data={"rated": kremlin["id"]})
    assert response.status_code == 303 and reviews(db_path) == []


def test_many_alike_claims_keep_bounded_links_and_disagreements(tmp_path):
    """Three articles of 60 alike sentences each (the same speaker, other figures): each new claim
    chooses at most MAX_LINKS links (stored both ways), each figure at most MAX_PAIRS_PER_NUMBER
    disagreements, and no claim is linked within its own article."""
    from datasette_claims import figures, links

    def article(seed):
        return "Report\n\n" + " ".join(
            f"NATO said {seed * 1000 + i} troops were moved to the border near Kharkiv on day {i % 28 + 1}."
            for i in range(60)) + "\n"

    folder = write_articles(tmp_path / "alike", {f"alike{seed}.txt": article(seed) for seed in (1, 2, 3)})
    db = tmp_path / "alike.db"
    assert run_load(db, folder).exit_code == 0
    with sqlite3.connect(db) as conn:
        links_stored, claim_count = conn.execute("select (select count(*) from claim_links), (select count(*) from claims)").fetchone()
        same_article = conn.execute(
            """select count(*) from claim_links join claims a on a.id = claim_id join claims b on b.id = other_claim_id
               where a.article_id = b.article_id""").fetchone()[0]
        pairs, number_count = conn.execute(
            "select (select count(*) from disagreeing_figures), (select count(*) from numbers)").fetchone()
    assert 0 < links_stored / 2 <= links.MAX_LINKS * claim_count and same_article == 0
    assert 0 < pairs <= figures.MAX_PAIRS_PER_NUMBER * number_count
