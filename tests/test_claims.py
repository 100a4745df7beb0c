"""The check-worthiness component and its built-in scorer, with the real English model."""
from pathlib import Path

import pytest
from datasette import hookimpl
from datasette.plugins import pm

from conftest import nlp_with

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_e2ab171a521ca024.txt"
# From the hand annotation of the seed (shared/gold/000_e2ab171a521ca024.gold.json, "claims").
MOST_CHECKWORTHY = [
    "100,000 troops stationed near Ukraine",
    "NATO's 30 allies",
    "the highest tensions between East and West since the Cold War",
    "Russia's actions have accelerated this crisis",
    "the live-fire exercises on Ukraine's border on Tuesday were unrelated to talks with NATO",
]
LEAST_CHECKWORTHY = [
    "Russia was gloomy about the prospect of more talks",
    "would consider it a success if Russia agreed to hold further talks",
    "Talks will continue Thursday in Vienna",
]


@pytest.fixture(scope="module")
def nlp():
    return nlp_with("claims_checkworthiness")


@pytest.fixture(scope="module")
def seed_text():
    """The seed article as the reader gives it: without its "No comments:" / "Post a Comment" lines."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert lines[-2:] == ["No comments:", "Post a Comment"]
    return "\n".join(lines[:-2])


def only_score(nlp, text):
    scores = nlp(text)._.claim_scores
    assert len(scores) == 1, scores
    return next(iter(scores.values()))


def test_every_claim_unit_is_scored_in_range(nlp, seed_text):
    from datasette_claims.nlp.claim_types import CLAIM_TYPES
    from datasette_claims.nlp.units import claim_sentences

    doc = nlp(seed_text)
    assert list(doc._.claim_scores) == [s.start_char for s in claim_sentences(doc)]
    for score in doc._.claim_scores.values():
        assert set(score) == {"checkworthiness", "claim_type", "hedged", "negated"}
        assert type(score["checkworthiness"]) is float and 0.0 <= score["checkworthiness"] <= 1.0
        assert type(score["hedged"]) is bool and type(score["negated"]) is bool
        assert score["claim_type"] in CLAIM_TYPES


def test_deterministic_and_fresh_per_doc(nlp, seed_text):
    first, second = nlp(seed_text)._.claim_scores, nlp(seed_text)._.claim_scores
    assert first == second and first is not second
    assert nlp("Nothing here.")._.claim_scores is not nlp("Nothing here.")._.claim_scores


@pytest.mark.parametrize(
    "text, claim_type",
    [
        ("The company employs 4,500 people in Ohio.", "quantity"),
        ("Unemployment will rise next year.", "prediction"),
        ("The new tariffs caused a sharp rise in steel prices.", "causal"),
        ("The drought led to higher food prices across the region.", "causal"),
        ("Exports rose 5% compared with last year.", "comparison"),
        ("Inflation is at its highest level since the 1980s.", "comparison"),
        ("It is illegal to drive without insurance in the state.", "rule"),
        ('"We must protect our values," the senator said.', "quote"),
        ("I grew up on a farm in Iowa.", "personal"),
        ("The museum opened its doors to the public.", "other"),
        ("Is this the right policy for the country?", "not_claim"),
        ("Thank you.", "not_claim"),
        ("Good evening, ladies and gentlemen.", "not_claim"),
    ],
)
def test_claim_types_of_clear_sentences(nlp, text, claim_type):
    assert only_score(nlp, text)["claim_type"] == claim_type


@pytest.mark.parametrize(
    "text, hedged, negated",
    [
        ("The minister may resign next week.", True, False),
        ("The company reportedly lost money last year.", True, False),
        ("The minister resigned last week.", False, False),
        ("The election was held in May.", False, False),
        ("The bill did not pass the Senate.", False, True),
        ("There is no evidence of fraud.", False, True),
        ("The plan could never work.", True, True),
    ],
)
def test_hedged_and_negated_flags(nlp, text, hedged, negated):
    score = only_score(nlp, text)
    assert (score["hedged"], score["negated"]) == (hedged, negated)


def test_questions_and_greetings_score_below_claims(nlp):
    claim = only_score(nlp, "The unemployment rate fell to 3.5 percent in 2019.")["checkworthiness"]
    for text in ["Thank you.", "Good evening.", "What would you do about it?"]:
        assert only_score(nlp, text)["checkworthiness"] < claim


def test_the_content_not_the_speaker_decides(nlp):
    """A frame full of names and titles does not make a reported opinion look factual."""
    opinion = only_score(nlp, "Kremlin spokesman Dmitry Peskov told reporters in Moscow on Tuesday that Russia wants peace.")
    figure = only_score(nlp, "Kremlin spokesman Dmitry Peskov told reporters in Moscow on Tuesday that Russia has 100,000 troops at the border.")
    assert opinion["checkworthiness"] < 0.5 < figure["checkworthiness"]


def test_numbers_and_attributions_are_used_when_present(nlp, monkeypatch):
    from datasette_claims.nlp import claim_tokens, claim_types

    text = "Villagers hope the committee of 1990 elders meets soon."
    assert only_score(nlp, text)["claim_type"] == "other"  # spaCy reads "1990" as a year
    start = text.index("1990")
    extensions = {
        "numbers": [{"start_char": start, "end_char": start + 4, "text": "1990", "value": 1990.0, "kind": "count"}],
        "attributions": {0: {"speech": "indirect", "cue": "said", "source": {"name": "A", "type": "person", "role": None}}},
    }
    for module in (claim_tokens, claim_types):
        monkeypatch.setattr(module, "doc_extension", lambda doc, name: extensions.get(name))
    assert only_score(nlp, text)["claim_type"] == "quantity"
    extensions["numbers"][0]["kind"] = "year"
    assert only_score(nlp, text)["claim_type"] == "quote"  # an opinion ("hope") credited to somebody


def test_seed_ranking(nlp, seed_text):
    """Ties count against: a sentence is in the top half only if it beats every tie too."""
    from datasette_claims.nlp.units import claim_sentences

    doc = nlp(seed_text)
    units = [(sent.text, doc._.claim_scores[sent.start_char]["checkworthiness"]) for sent in claim_sentences(doc)]
    scores = [score for _, score in units]
    half = len(units) / 2

    def score_of(phrase):
        [score] = [score for text, score in units if phrase in text]
        return score

    for phrase in MOST_CHECKWORTHY:
        assert sum(s >= score_of(phrase) for s in scores) <= half, phrase
    for phrase in LEAST_CHECKWORTHY:
        assert sum(s > score_of(phrase) for s in scores) + 1 > half, phrase


def test_features_are_those_of_the_words_in_order(nlp, seed_text):
    """The features read from the batch's precomputed lists (slices for words without a gap, and
    the frame-less content with gaps) are the lemma and tag bigrams of the words as they follow
    one another, computed afresh here; and a margin is their weights summed."""
    import numpy as np

    from datasette_claims.nlp import claims
    from datasette_claims.nlp.claim_features import (BIGRAM, ENTITY, SENTENCE_END, SENTENCE_START, TAG_BIGRAM,
                                                     UNIGRAM, feature_set, mixed, pairs, sentence_features)
    from datasette_claims.nlp.claim_tokens import SentenceWords
    from datasette_claims.nlp.claim_types import claim_shape, parts_of, read_sentence
    from datasette_claims.nlp.units import claim_sentences

    doc = nlp(seed_text)
    scorer = claims.BuiltinScorer()
    checked = set()
    for sent in claim_sentences(doc):
        _, content = read_sentence(sent, scorer.table(doc))
        for part in [SentenceWords(content.table, range(sent.start, sent.end)), content, *parts_of(content)]:
            shape, table, at = claim_shape(sent, part), part.table, np.array(part.indices)
            terms = np.concatenate([SENTENCE_START, table.terms[at], SENTENCE_END])
            begins = [doc[i].ent_type for i in part.indices if doc[i].ent_iob_ == "B"]
            entities = mixed(np.array(begins, dtype=np.uint64), ENTITY)
            expected = {*sentence_features(part, shape), *mixed(table.terms[at], UNIGRAM).tolist(),
                        *mixed(pairs(terms[:-1], terms[1:]), BIGRAM).tolist(),
                        *mixed(pairs(table.tags[at][:-1], table.tags[at][1:]), TAG_BIGRAM).tolist(),
                        *entities.tolist()}
            assert feature_set(part, shape) == expected, part.lower_text()
            margin = float(scorer.weights[sorted(expected)].sum(dtype="float64"))
            assert scorer.margin(feature_set(part, shape)) == pytest.approx(margin, abs=1e-9)
            checked.add(part.indices[-1] - part.indices[0] + 1 == len(part.indices))
    assert checked == {True, False}  # words with and without gaps were both compared


def test_batches_score_as_single_docs(nlp, seed_text):
    """nlp.pipe hands the scorer whole batches; a doc scores the same alone or in any batch."""
    texts = [seed_text, "Prices rose 5% last year. Thank you.", "", "The minister may resign next week."]
    alone = [nlp(text)._.claim_scores for text in texts]
    assert [doc._.claim_scores for doc in nlp.pipe(texts, batch_size=3)] == alone
    assert [doc._.claim_scores for doc in nlp.pipe(reversed(texts), batch_size=2)] == alone[::-1]


class ConstantScorer:
    name = "constant-for-test"

    def score(self, sent):
        return {"checkworthiness": 0.5, "claim_type": "other", "hedged": False, "negated": False}


class ConstantScorerPlugin:
    @hookimpl
    def register_claims_scorers(self):
        return [ConstantScorer()]


def test_scorer_is_pluggable(nlp):
    from datasette_claims import plugins  # noqa: F401  (adds our hookspecs to Datasette's pm)

    plugin = ConstantScorerPlugin()
    pm.register(plugin, name="test-constant-scorer")
    try:
        nlp.add_pipe("claims_checkworthiness", name="constant_scores", config={"scorer": "constant-for-test"})
        doc = nlp("Prices rose 5% last year. The talks ended.")
        assert list(doc._.claim_scores.values()) == [ConstantScorer().score(None)] * 2
    finally:
        if "constant_scores" in nlp.pipe_names:
            nlp.remove_pipe("constant_scores")
        pm.unregister(name="test-constant-scorer")
    assert nlp("Prices rose 5% last year.")._.claim_scores != {0: ConstantScorer().score(None)}


def test_unknown_scorer_names_the_available_ones(nlp):
    with pytest.raises(ValueError, match="builtin"):
        nlp.add_pipe("claims_checkworthiness", name="missing_scorer", config={"scorer": "no-such-scorer"})
    assert "missing_scorer" not in nlp.pipe_names
