"""The seed database served by a real `datasette` process on 127.0.0.1: HTML, CSV, JSON, facets."""
import csv
import io
import json
import urllib.request

import pytest

from conftest import ROOT, serving


@pytest.fixture(scope="module")
def site(seed_db, datasette_bin):
    with serving(datasette_bin, seed_db, "--metadata", str(ROOT / "metadata.yml")) as base:
        yield base


def get(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers.get("content-type", ""), response.read().decode("utf-8")


def test_plugin_is_loaded(site):
    _, _, body = get(site + "/-/plugins.json")
    assert "datasette-claims" in {p["name"] for p in json.loads(body)} or "datasette_claims" in body


def test_claims_table_shows_source_names_and_default_facets(site):
    status, content_type, html = get(site + "/claims/claims")
    assert status == 200 and content_type.startswith("text/html")
    assert "Dmitry Peskov" in html and "Julian Smith" in html  # labels, not ids
    assert "Claims desk" in html  # the site title from metadata.yml
    for facet in ("status", "speech", "source_id", "cue"):
        assert f'data-column="{facet}"' in html


def test_json_with_facets(site):
    _, content_type, body = get(site + "/claims/claims.json?_facet=speech&_extra=facet_results&_size=max")
    data = json.loads(body)
    assert content_type.startswith("application/json")
    assert len(data["rows"]) >= 18
    speech = {r["value"]: r["count"] for r in data["facet_results"]["results"]["speech"]["results"]}
    assert {"direct", "indirect", "reported"} <= set(speech)


def test_csv_download_of_who_said_what(site):
    _, content_type, body = get(site + "/claims/who_said_what.csv?_stream=on&_sort=claim_id")
    assert content_type.startswith("text/plain") or content_type.startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(body)))
    assert {"claim", "source", "source_type", "source_role", "article_title", "publisher"} <= set(table[0])
    said = {(r["source"], r["source_role"]) for r in table if "live-fire exercises" in r["claim"]}
    assert said == {("Dmitry Peskov", "Kremlin spokesman")}


def test_numbers_facets_unit_and_kind(site):
    _, _, body = get(site + "/claims/numbers.json?_facet=unit&_facet=kind&_extra=facet_results")
    facets = json.loads(body)["facet_results"]["results"]
    assert "troops" in {r["value"] for r in facets["unit"]["results"]}
    assert "count" in {r["value"] for r in facets["kind"]["results"]}
