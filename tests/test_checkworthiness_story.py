"""The review order on a news story the model was not trained on: a political story whose central
allegation ("X promised Y he would stand down, a new book claims") a fact-checker checks first,
among background, a sports result, a no-comment line and readers' opinions that happen to hold
number words. Loaded by the real loader; ranked as the claims table and the article page give it."""
import sqlite3
from pathlib import Path

import pytest
from datasette.utils import tilde_encode
from datasette_test import Datasette

from conftest import run_load

STORY = Path(__file__).parent / "data" / "checkworthiness" / "political_story.txt"
ALLEGATION = "Tom Hadley promised the Prime Minister that he would stand down before the next election"
BELOW_IT = [  # background, scene-setting, scores, routine lines and opinions: none in the top 3
    "was first elected as the MP for Northfield in 2005",
    "He lives in Surrey with his wife and their two children",
    "Ms Benton worked in Downing Street for four years",
    "Northfield Town beat Castleford 3-1",
    "The second seed, Anna Price, won her quarter-final 6-4, 6-2",
    "the row was dividing the party in two",
    "we need three or four fresh faces at the top",
    "The Prime Minister's office declined to comment",
]


def loaded(tmp_path) -> Path:
    db = tmp_path / "story.db"
    result = run_load(db, STORY)
    assert result.exit_code == 0, result.output
    return db


def assert_the_allegation_ranks_first(ranked: list[str]) -> None:
    """RANKED, the story's claims best first: the allegation in the top 3, above all of BELOW_IT."""
    assert len(ranked) == 14

    def rank(phrase):
        [found] = [k for k, text in enumerate(ranked) if phrase in text]
        return found

    assert rank(ALLEGATION) < 3, ranked
    for phrase in BELOW_IT:
        assert rank(phrase) > rank(ALLEGATION), (phrase, ranked)


def test_the_allegation_ranks_in_the_top_three_above_background_and_scores(tmp_path):
    with sqlite3.connect(loaded(tmp_path)) as conn:
        ranked = [text for text, in conn.execute("select text from claims order by checkworthiness desc, start_char")]
    assert_the_allegation_ranks_first(ranked)


@pytest.mark.asyncio
async def test_the_article_page_lists_the_allegation_to_check_first(tmp_path):
    db = loaded(tmp_path)
    with sqlite3.connect(db) as conn:
        [article_id] = conn.execute("select id from articles").fetchone()
    datasette = Datasette([str(db)])
    page = (await datasette.client.get("/-/claims/article/" + tilde_encode(article_id))).text
    section = page.split('<section class="claims-check-first">', 1)[1].split("</section>", 1)[0]
    items = section.split("<li>")[1:]
    assert len(items) == 3
    assert any(ALLEGATION in item for item in items)
    assert not any(phrase.replace("'", "&#39;") in item for item in items for phrase in BELOW_IT)
