"""Publishing read-only replicas: `datasette-claims publish-prepare`, a real `datasette serve -i
DB --inspect-file` process serving every page read-only, and the documented `datasette package`
command's image executed outside Docker (a fresh virtualenv from the built wheel)."""
import gc
import hashlib
import json
import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from contextlib import closing
from pathlib import Path

import pytest

from conftest import ROOT, free_port, run_load, serving, SEEDS
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


def fetch_or_none(url):
    try:
        return fetch(url)
    except OSError:  # not listening yet
        return None


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


def replica_pages(db):
    """The pages every replica must serve, for the claims, article and source that DB has."""
    with closing(sqlite3.connect(db)) as conn:
        article_id, claim_id, source_id = conn.execute(
            "select article_id, id, source_id from claims where source_id is not null order by checkworthiness desc").fetchone()
        reviewed = conn.execute("select claim_id from reviews").fetchone()[0]
    return {
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


def check_read_only_replica(base, pages):
    """Every page 200 without a review form, the snapshot's review shown, the replica's
    configuration applied, and a POST review refused with a message, not an error."""
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


def test_immutable_replica_serves_every_page_read_only(published, datasette_bin, tmp_path):
    pages = replica_pages(published)
    before = hashlib.sha256(published.read_bytes()).hexdigest()
    # The replica's configuration, with everyone allowed to review: an immutable database still takes no review.
    config = tmp_path / "datasette.yml"
    config.write_text((ROOT / "publish" / "datasette.yml").read_text(encoding="utf-8")
                      + "permissions:\n  claims-review: true\n", encoding="utf-8")
    with serving(datasette_bin, "-i", str(published), "--inspect-file", str(published.parent / "claims-inspect.json"),
                 "--metadata", str(ROOT / "metadata.yml"), "--config", str(config)) as base:
        check_read_only_replica(base, pages)
    assert hashlib.sha256(published.read_bytes()).hexdigest() == before  # served, posted to, unchanged


UNREACHABLE = ("Failed to establish a new connection", "Temporary failure in name resolution", "Network is unreachable",
               "Max retries exceeded", "ProxyError")


def skip_if_unreachable(out: subprocess.CompletedProcess) -> None:
    """pip failed for want of the package index (no network): nothing of ours is tested then."""
    if out.returncode and any(reason in out.stderr for reason in UNREACHABLE):
        pytest.skip(f"the package index is unreachable: {out.stderr[-300:]}")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """datasette-claims built as the wheel `pip install datasette-claims` installs."""
    folder = tmp_path_factory.mktemp("wheel")
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(folder), str(ROOT)],
                         capture_output=True, text=True)
    skip_if_unreachable(out)
    assert out.returncode == 0, out.stderr[-2000:]
    return next(folder.glob("datasette_claims-*.whl"))


def test_wheel_carries_the_templates_and_static_files(wheel):
    """What `datasette publish --install datasette-claims` installs in the image."""
    names = zipfile.ZipFile(wheel).namelist()
    package = ROOT / "datasette_claims"
    for folder in ("templates", "static", "data"):
        expected = {f"datasette_claims/{folder}/{p.name}" for p in (package / folder).iterdir() if p.is_file()}
        assert expected and expected <= set(names), folder


def documented_command(program: str) -> list[str]:
    """The command starting with PROGRAM in docs/publishing.md, as the shell would split it."""
    lines = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(program + " "))
    command = lines[start]
    for line in lines[start + 1:]:
        if not command.endswith("\\"):
            break
        command = command[:-1] + " " + line.strip()
    return shlex.split(command)


def run_dockerfile(context: Path, wheel_folder: Path, port: int) -> subprocess.Popen:
    """The Dockerfile in CONTEXT executed step by step outside Docker: CONTEXT is its /app, a fresh
    virtualenv its Python, RUN and CMD run by /bin/sh as Docker runs them (pip finding
    datasette-claims in WHEEL_FOLDER, with the repository's constraints); returns the CMD's
    process, on PORT as `docker run -e PORT=...` would set it."""
    venv = context.parent / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}", "VIRTUAL_ENV": str(venv),
           "PIP_FIND_LINKS": " ".join(filter(None, [str(wheel_folder), os.environ.get("PIP_FIND_LINKS")])),
           "PIP_CONSTRAINT": str(ROOT / "constraints.txt")}
    env.pop("PYTHONPATH", None)
    cmd = None
    for line in filter(None, map(str.strip, (context / "Dockerfile").read_text(encoding="utf-8").splitlines())):
        instruction, _, argument = line.partition(" ")
        if instruction == "FROM":
            assert argument.startswith("python:3.11"), argument  # the Python this runs on
        elif instruction == "COPY":
            assert argument == ". /app", argument  # CONTEXT is /app
        elif instruction == "WORKDIR":
            assert argument == "/app", argument
        elif instruction == "ENV":
            name, value = shlex.split(argument)
            env[name] = value
        elif instruction == "RUN":
            out = subprocess.run(["/bin/sh", "-c", argument], cwd=context, env=env, capture_output=True, text=True)
            skip_if_unreachable(out)
            assert out.returncode == 0, (argument, out.stderr[-3000:])
        elif instruction == "EXPOSE":
            assert argument == env["PORT"]
        elif instruction == "CMD":
            cmd = argument
        else:
            pytest.fail(f"a Dockerfile step this test does not execute: {line}")
    with open(context.parent / "serve.log", "w") as log:
        return subprocess.Popen(["/bin/sh", "-c", cmd], cwd=context, env={**env, "PORT": str(port)},
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def test_datasette_package_image_serves_the_site(published, wheel, datasette_bin, tmp_path):
    """The documented `datasette package` command, run for real up to `docker build`, whose
    context is kept; its Dockerfile then executed outside Docker (no Docker here): the
    image's pip install of datasette-claims from the wheel, its `datasette inspect`, its CMD."""
    context = tmp_path / "context"
    docker = tmp_path / "bin" / "docker"
    docker.parent.mkdir()
    # Stands in for `docker build` only: keeps the build context datasette package wrote.
    docker.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {tmp_path}/docker-args\ncp -rL . {context}\n', encoding="utf-8")
    docker.chmod(0o755)
    command = documented_command("datasette package")
    assert command[:3] == ["datasette", "package", "public/claims.db"] and "--install" in command, command
    out = subprocess.run([datasette_bin, *command[1:2], str(published), *command[3:]], cwd=ROOT, capture_output=True,
                         text=True, env={**os.environ, "PATH": f"{docker.parent}:{os.environ['PATH']}"})
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "docker-args").read_text().split()[:1] == ["build"]

    dockerfile = (context / "Dockerfile").read_text(encoding="utf-8")
    assert "RUN pip install -U datasette datasette-claims" in dockerfile
    assert {"claims.db", "metadata.json", "config"} <= {p.name for p in context.iterdir()}
    assert (context / "config" / "datasette.yml").read_text() == (ROOT / "publish" / "datasette.yml").read_text()
    assert hashlib.sha256((context / "claims.db").read_bytes()).digest() == hashlib.sha256(published.read_bytes()).digest()

    port = free_port()
    server = run_dockerfile(context, wheel.parent, port)
    try:
        installed = Path(subprocess.run([str(context.parent / "venv" / "bin" / "python"), "-c",
                                         "import datasette_claims; print(datasette_claims.__file__)"],
                                        cwd=context, capture_output=True, text=True, check=True).stdout.strip()).parent
        assert installed.is_relative_to(context.parent / "venv"), installed  # the wheel, not this checkout
        for name in ("__init__.py", "templates/claims_claim.html", "static/claims.css"):  # and from it, not the index
            assert (installed / name).read_bytes() == (ROOT / "datasette_claims" / name).read_bytes(), name
        # The inspect file the image built matches the one publish-prepare wrote beside the snapshot.
        built = json.loads((context / "inspect-data.json").read_text())["claims"]
        prepared = json.loads((published.parent / "claims-inspect.json").read_text())["claims"]
        assert built["hash"] == prepared["hash"] and built["tables"] == prepared["tables"]

        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while fetch_or_none(base + "/-/versions.json") is None:
            assert server.poll() is None and time.monotonic() < deadline, (context.parent / "serve.log").read_text()
            time.sleep(0.5)
        check_read_only_replica(base, replica_pages(published))
        plugin = next(p for p in json.loads(fetch(base + "/-/plugins.json")[1]) if p["name"] == "datasette-claims")
        assert plugin["static"] and plugin["templates"], plugin
        assert "Claims desk" in fetch(base + "/")[1]  # metadata.yml, shipped as metadata.json
        for asset in ("claims.css", "claims.js"):
            status, body = fetch(f"{base}/-/static-plugins/datasette-claims/{asset}")
            assert status == 200 and body == (ROOT / "datasette_claims" / "static" / asset).read_text(encoding="utf-8"), asset
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
