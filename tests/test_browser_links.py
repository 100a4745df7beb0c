"""The claim page's "Also in" list, the rated-elsewhere banner and the apply button in Chromium,
against a real `datasette` process serving articles loaded by the real loader."""
import pytest
from datasette.utils import tilde_encode

from conftest import run_load
from test_browser import browser, log_in, page, screenshots, site  # noqa: F401  (fixtures; site serves this module's db_path)
from test_links import claim_in, query, write_articles

from playwright.sync_api import expect  # noqa: E402  (test_browser skips without Chromium)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser_links")
    db = root / "claims.db"
    assert run_load(db, write_articles(root / "articles")).exit_code == 0
    return db


def test_also_in_banner_and_apply(page, site, db_path, screenshots):
    base, _ = site
    kremlin, moscow, wire = (claim_in(db_path, a, "withdraw") for a in ("kremlin.txt", "moscow.txt", "wire.txt"))
    moscow_url = f"{base}/-/claims/claim/{tilde_encode(moscow['id'])}"
    page.goto(moscow_url)
    also_in = page.locator("table.claims-also-in tbody tr")
    expect(also_in).to_have_count(2)
    expect(page.locator("table.claims-also-in")).to_contain_text("Kremlin rejects talks")
    expect(page.locator(".claims-rated-elsewhere")).to_have_count(0)

    log_in(page, site, "alice")
    page.goto(f"{base}/-/claims/claim/{tilde_encode(kremlin['id'])}")
    page.select_option("select[name=status]", "false")
    page.click("form.claims-review-form input[type=submit]")
    expect(page.locator(".message-info")).to_contain_text("Review saved: False")

    page.goto(moscow_url)
    banner = page.locator(".claims-rated-elsewhere")
    expect(banner).to_contain_text("Rated")
    expect(banner.locator(".claims-status-false")).to_have_text("False")
    expect(banner.locator("a").first).to_have_text(kremlin["text"])
    page.screenshot(path=str(screenshots / "claim_also_in.png"), full_page=True)
    banner.locator("input[type=submit]").click()
    expect(page.locator(".message-info")).to_contain_text("Applied False to 2 claims")
    assert page.url == moscow_url
    expect(page.locator(".claims-facts .claims-status")).to_have_text("False")
    expect(page.locator("table.claims-also-in .claims-status-false")).to_have_count(2)
    applied = query(db_path, "select claim_id from reviews where actor_id = 'alice' order by id")
    assert [row["claim_id"] for row in applied] == [kremlin["id"], *sorted([moscow["id"], wire["id"]])]


def test_desk_links_figures_that_disagree(page, site):
    page.goto(f"{site[0]}/-/claims")
    page.click("a.claims-figures-link")
    assert page.url.endswith("/claims/figures_that_disagree")
    expect(page.locator("table.rows-and-columns tbody tr")).to_have_count(1)
    expect(page.locator("table.rows-and-columns tbody")).to_contain_text("175,000")
