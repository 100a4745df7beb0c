"""The claims desk in Debian's Chromium, driven by Playwright, against a real `datasette` process."""
import os
import secrets
import sqlite3
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette
from datasette.utils import tilde_encode

from conftest import ROOT, serving
from site_fixtures import EVIL_ID, IMG, SCRIPT, TROOPS_CHECK, TROOPS_ID, build_database

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    """docs/screenshots with UPDATE_SCREENSHOTS=1 (to refresh the committed PNGs), else a temp folder."""
    if os.environ.get("UPDATE_SCREENSHOTS"):
        return ROOT / "docs" / "screenshots"
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def db_path(seed_db, tmp_path_factory):
    """A copy of the loaded seed (which tests must not change) plus the fixture articles."""
    path = tmp_path_factory.mktemp("browser") / "claims.db"
    with sqlite3.connect(seed_db) as seed, sqlite3.connect(path) as copy:
        seed.backup(copy)
    return build_database(path)


@pytest.fixture(scope="module")
def seed_claims(seed_db):
    """The seed article's claims in text order."""
    with sqlite3.connect(seed_db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute("select * from claims order by start_char")]


@pytest.fixture(scope="module")
def site(db_path, datasette_bin, tmp_path_factory):
    """A real datasette serving db_path, with alice allowed to review; yields (base URL, secret)."""
    secret = secrets.token_hex(16)
    config = tmp_path_factory.mktemp("config") / "datasette.yml"
    config.write_text(yaml.safe_dump({"permissions": {"claims-review": {"id": "alice"}}}))
    options = ["--metadata", str(ROOT / "metadata.yml"), "-c", str(config), "--secret", secret]
    with serving(datasette_bin, db_path, *options) as base:
        yield base, secret


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    yield context.new_page()
    context.close()


def log_in(page, site, actor_id: str):
    base, secret = site
    cookie = Datasette(secret=secret).sign({"a": {"id": actor_id}}, "actor")
    page.context.add_cookies([{"name": "ds_actor", "value": cookie, "url": base}])


def test_article_page_marks_claims(page, site, seed_claims, screenshots):
    base, _ = site
    page.goto(f"{base}/-/claims/article/{tilde_encode(seed_claims[0]['article_id'])}")
    marks = page.locator(".claims-article-text a.claims-mark")
    expect(marks).to_have_count(len(seed_claims))
    expect(marks.first).to_have_text(seed_claims[0]["text"])
    expect(marks.first.locator("mark.claims-source")).to_have_text("Reuters")
    numbers = page.locator(".claims-article-text mark.claims-number")
    assert numbers.count() > 0 and "30" in numbers.all_inner_texts()
    page.screenshot(path=str(screenshots / "article.png"), full_page=True)
    marks.nth(2).click()
    expect(page.locator("h1")).to_have_text("Claim")
    assert page.url.endswith(f"/-/claims/claim/{seed_claims[2]['id']}")


def test_reviewer_submits_a_review(page, site, seed_claims, screenshots):
    base, _ = site
    peskov = max((c for c in seed_claims if c["source_id"] == "person:dmitry-peskov"),
                 key=lambda c: c["checkworthiness"])
    claim_url = f"{base}/-/claims/claim/{peskov['id']}"
    page.goto(claim_url)
    expect(page.locator("form.claims-review-form")).to_have_count(0)  # not logged in
    log_in(page, site, "alice")
    page.goto(claim_url)
    page.select_option("select[name=status]", "needs-context")
    page.fill("textarea[name=note]", "The exercises were announced before the talks were scheduled.")
    page.fill("input[name=evidence_url]", "https://example.org/evidence")
    page.click("input[type=submit]")
    expect(page.locator(".message-info")).to_contain_text("Review saved: Needs context")
    expect(page.locator(".claims-facts .claims-status")).to_have_text("Needs context")
    expect(page.locator(".claims-reviews")).to_contain_text("announced before the talks")
    assert page.url == claim_url
    page.screenshot(path=str(screenshots / "claim.png"), full_page=True)
    page.goto(f"{base}/-/claims")
    expect(page.locator(".claims-reviews").first).to_contain_text("Needs context")
    page.screenshot(path=str(screenshots / "desk.png"), full_page=True)


def test_someone_without_the_permission_sees_no_form(page, site, seed_claims):
    log_in(page, site, "bob")
    page.goto(f"{site[0]}/-/claims/claim/{seed_claims[0]['id']}")
    expect(page.locator("h1")).to_have_text("Claim")
    expect(page.locator("form.claims-review-form")).to_have_count(0)


def test_script_in_an_article_is_inert_text(page, site):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{site[0]}/-/claims/article/{tilde_encode(EVIL_ID)}")
    text = page.locator(".claims-article-text")
    expect(text).to_contain_text(SCRIPT)
    expect(text).to_contain_text(IMG)
    expect(page.locator("h1")).to_have_text(f"Headline {SCRIPT}")
    assert page.locator(".claims-article-text script, .claims-article-text img").count() == 0
    assert page.locator("img[src=x]").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []


def test_month_facet_filters_articles(page, site):
    page.goto(f"{site[0]}/claims/articles")
    facet = page.locator("#facet-published")
    expect(facet).to_contain_text("published (month)")
    facet.locator('a[data-facet-value="2024-02"]').click()
    expect(page.locator("table.rows-and-columns tbody tr")).to_have_count(1)
    expect(page.locator("table.rows-and-columns tbody")).to_contain_text("Kremlin says troops will stay")
    assert "published__startswith=2024-02" in page.url


def test_claims_table_reads_the_claim_and_keeps_descriptions_below_the_rows(page, site, screenshots):
    page.goto(f"{site[0]}/claims/claims")
    first_text = page.locator("table.rows-and-columns tbody td.col-text").first
    expect(first_text).to_be_visible()
    text_box = first_text.bounding_box()
    assert text_box["width"] >= 300, text_box  # readable, not a ~100 px column of one word per line
    row_height = page.locator("table.rows-and-columns tbody tr").first.bounding_box()["height"]
    assert row_height < 200, row_height
    descriptions = page.locator("details.claims-column-descriptions dl.column-descriptions")
    expect(descriptions).to_have_count(1)
    table_top = page.locator("table.rows-and-columns").bounding_box()["y"]
    assert page.locator("details.claims-column-descriptions").bounding_box()["y"] > table_top
    page.locator("details.claims-column-descriptions summary").click()
    expect(descriptions).to_contain_text("Latest review status")
    page.screenshot(path=str(screenshots / "claims-table.png"), full_page=False)


def test_fact_check_matches_on_the_claim_page_the_desk_and_the_claims_facet(page, site, screenshots):
    base, _ = site
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base}/-/claims/claim/{TROOPS_ID}")
    matches = page.locator("table.claims-fact-checks tbody tr")
    expect(matches).to_have_count(1)
    expect(matches.first).to_contain_text(TROOPS_CHECK["title"])
    expect(matches.first).to_contain_text("Mostly false")
    expect(matches.first).to_contain_text("Example Checks")
    expect(matches.first).to_contain_text("confident")
    expect(matches.first.locator("a")).to_have_attribute("href", TROOPS_CHECK["url"])
    assert 0.9 <= float(matches.first.locator("td").nth(3).inner_text().split()[0]) <= 1
    page.screenshot(path=str(screenshots / "claim_fact_checks.png"), full_page=True)

    page.goto(f"{base}/-/claims")
    queued = page.locator("table.claims-already-checked tbody tr").filter(
        has=page.locator(f'a[href$="/-/claims/claim/{TROOPS_ID}#already-checked"]'))
    expect(queued).to_have_count(1)
    expect(queued).to_contain_text("Mostly false")
    queued.locator("a").first.click()
    assert page.url.endswith(f"/-/claims/claim/{TROOPS_ID}#already-checked")

    page.goto(f"{base}/claims/claims")
    facet = page.locator("#facet-fact_check_match")
    expect(facet).to_be_visible()
    facet.locator('a[data-facet-value="confident"]').click()
    expect(page.locator("table.rows-and-columns tbody")).to_contain_text("Peskov said 100,000 troops")
    assert "fact_check_match=confident" in page.url

    # a fact-check's rating, title and publisher are escaped; a javascript: url is not a link
    page.goto(f"{base}/-/claims/claim/{tilde_encode(claim_id_of_evil_claim())}")
    evil_match = page.locator("table.claims-fact-checks tbody tr").first
    expect(evil_match).to_contain_text(f"False {SCRIPT}")
    expect(evil_match).to_contain_text(IMG)
    assert evil_match.locator("a").count() == 0 and page.locator("img[src=x]").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []


def claim_id_of_evil_claim() -> str:
    from datasette_claims.records import claim_id

    return claim_id(EVIL_ID, f"The mayor wrote {SCRIPT} on the wall.", 1)
