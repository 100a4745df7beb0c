"""Quotes cut from their speaker by sentence splitting are joined back; pronouns resolve to the
nearest compatible speaker of the discourse."""
import pytest

from conftest import nlp_with
from test_attribution import credited
from datasette_claims.nlp.units import claim_sentences


@pytest.fixture(scope="module")
def nlp():
    return nlp_with("claims_attribution")


def test_a_quoted_question_and_its_attribution_are_one_claim(nlp):
    doc = nlp('"Are we really going to let them fight it out?" the Labour MP Ann Cole asked. "We are not," she said.')
    texts = [sent.text for sent in claim_sentences(doc)]
    assert texts[0] == '"Are we really going to let them fight it out?" the Labour MP Ann Cole asked.'
    assert credited(doc, "fight it out")["source"]["name"] == "Ann Cole"
    assert credited(doc, "We are not")["source"]["name"] == "Ann Cole"


def test_no_claim_is_a_lone_closing_quote_mark(nlp):
    doc = nlp('Mr Tom Hale said: "We will win. We will win again.\n"\nThe count begins at ten.')
    assert all(any(c.isalnum() for c in sent.text) for sent in claim_sentences(doc))


def test_a_pronoun_is_the_person_introduced_between_not_the_earlier_speaker(nlp):
    doc = nlp("Columnist Peter Gale said the party had lost its way. Later the Labour MP John Barker spoke in "
              "the Commons. He said the minister should resign.")
    assert credited(doc, "should resign")["source"]["name"] == "John Barker"


def test_asking_somebody_to_act_credits_nobody_though_the_sentence_quotes_a_word(nlp):
    doc = nlp('Tom Hale sold the company the right to use the word "Blue", though he later asked the company '
              "to unwind the agreement.")
    assert credited(doc, "unwind the agreement") is None


def test_a_pronoun_is_the_person_a_role_names_in_apposition_as_subject_of_the_sentence_before(nlp):
    doc = nlp("Ahmed Fawzi says he is not concerned. \"This is not instant coffee,\" he said. "
              "In Brussels, the US Defence Secretary, Donald Rumsfeld, has told NATO allies to prepare for attacks. "
              "He has told a NATO meeting that the attacks may be a preview of what is to come.")
    assert credited(doc, "may be a preview")["source"]["name"] == "Donald Rumsfeld"
