"""Publishing read-only replicas: `datasette-claims publish-prepare` and a real `datasette serve -i
DB --inspect-file` process serving every page read-only."""
import gc
import hashlib
import json
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from contextlib import closing
from pathlib import Path

import pytest

from conftest import ROOT, run_load, serving, SEEDS
from datasette.utils import tilde_encode
from datasette_claims.reviews import Review, write_review

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The seed loaded, reviewed once, and prepared for publishing by the real command."""
    db = tmp_path_factory.mktemp("publish") / "claims.db"
    assert run_load(db, SEEDS).exit_code == 0
    with closing(sqlite3.connect(db)) as conn, conn:
        claim_id = conn.execute("select id from claims where claim_type != 'not_claim' order by checkworthiness desc").fetchone()[0]
        write_review(conn, Review(claim_id, "false", "Checked against the ministry's figures", "https://example.org/x", "root"))
    gc.collect()  # the in-process load's connection
    out = subprocess.run([str(BIN / "datasette-claims"), "publish-prepare", str(db)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return db


def fetch(url, data=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_prepared_file_is_one_file_with_its_inspect_file(published):
    assert not list(published.parent.glob("claims.db-*"))  # no -wal, no -shm
    with closing(sqlite3.connect(published)) as conn:
        assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
        claims = conn.execute("select count(*) from claims").fetchone()[0]
        facet_total = conn.execute("select sum(count) from claims_facet_counts where facet = 'status' and filter = ''").fetchone()[0]
        assert conn.execute("select count(*) from claims_fts where claims_fts match 'talks'").fetchone()[0] > 0
        assert conn.execute("select count(*) from sqlite_stat1").fetchone()[0] > 0
    assert facet_total == claims
    inspect = json.loads((published.parent / "claims-inspect.json").read_text())
    assert inspect["claims"]["tables"]["claims"]["count"] == claims


def test_immutable_replica_serves_every_page_read_only(published, datasette_bin, tmp_path):
    with closing(sqlite3.connect(published)) as conn:
        article_id, claim_id, source_id = conn.execute(
            "select article_id, id, source_id from claims where source_id is not null order by checkworthiness desc").fetchone()
        reviewed = conn.execute("select claim_id from reviews").fetchone()[0]
    before = hashlib.sha256(published.read_bytes()).hexdigest()
    # The replica's configuration, with everyone allowed to review: an immutable database still takes no review.
    config = tmp_path / "datasette.yml"
    config.write_text((ROOT / "publish" / "datasette.yml").read_text(encoding="utf-8")
                      + "permissions:\n  claims-review: true\n", encoding="utf-8")
    with serving(datasette_bin, "-i", str(published), "--inspect-file", str(published.parent / "claims-inspect.json"),
                 "--metadata", str(ROOT / "metadata.yml"), "--config", str(config)) as base:
        pages = {
            "desk": "/-/claims",
            "article": f"/-/claims/article/{tilde_encode(article_id)}",
            "claim": f"/-/claims/claim/{tilde_encode(claim_id)}",
            "reviewed claim": f"/-/claims/claim/{tilde_encode(reviewed)}",
            "source": f"/-/claims/source/{tilde_encode(source_id)}",
            "claims table with its default facets": "/claims/claims",
            "facets under a filter": "/claims/claims?status=unreviewed&_facet=source_id&_facet=speech",
            "numbers facets": "/claims/numbers?_facet=kind",
            "search": "/claims/claims?_search=talks",
            "claimreview": "/-/claims/claimreview.json",
        }
        for name, path in pages.items():
            status, body = fetch(base + path)
            assert status == 200, (name, status, body[:500])
            assert 'method="post"' not in body, name  # no review form anywhere
        assert fetch(base + "/claims/claims_facet_counts")[0] == 403  # hidden, as on the desk
        _, claim_page = fetch(base + pages["claim"])
        assert "read-only copy" in claim_page
        _, reviewed_page = fetch(base + pages["reviewed claim"])
        assert "Checked against the ministry" in reviewed_page  # the snapshot carries its reviews
        facets = json.loads(fetch(base + "/claims/claims.json?_facet=status&_size=0")[1])["facet_results"]
        assert {row["value"]: row["count"] for row in facets["results"]["status"]["results"]}["false"] == 1

        status, body = fetch(base + pages["claim"], urllib.parse.urlencode({"status": "true"}).encode())
        assert status == 403, body[:500]
        assert "read-only copy" in body
    assert hashlib.sha256(published.read_bytes()).hexdigest() == before  # served, posted to, unchanged


def test_wheel_carries_the_templates_and_static_files(tmp_path):
    """What `datasette publish --install datasette-claims` installs in the image."""
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                         capture_output=True, text=True)
    if out.returncode:
        pytest.skip(f"cannot build a wheel here: {out.stderr[-300:]}")
    names = zipfile.ZipFile(next(tmp_path.glob("*.whl"))).namelist()
    package = ROOT / "datasette_claims"
    for folder in ("templates", "static", "data"):
        expected = {f"datasette_claims/{folder}/{p.name}" for p in (package / folder).iterdir() if p.is_file()}
        assert expected and expected <= set(names), folder
