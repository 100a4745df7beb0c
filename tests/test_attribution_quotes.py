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


def test_a_signed_post_broken_over_lines_is_its_signers_in_full(nlp):
    text = ("The mayor turned to Twitter to sound the alarm.\n\n"
            "Our city has turned into a gas chamber\nWe must protect ourselves from this toxic air. Schools\n"
            "will hand out masks today pic.twitter.com/abc123\n\n"
            "\u2014 Ravi Menon (@RaviMenon) November 1, 2019\n\n"
            "Officials were unavailable.\nThe smog lasted a week.\nSchools shut.\n\n"
            "\u2014 Ana Diaz (@anadiaz) November 2, 2019")
    doc = nlp(text)
    for content in ("gas chamber", "toxic air", "hand out masks"):
        assert credited(doc, content)["source"]["name"] == "Ravi Menon"
    assert credited(doc, "Schools shut")["source"]["name"] == "Ana Diaz"


def test_a_paragraph_of_prose_before_a_post_is_not_the_post(nlp):
    text = ("Another user wondered why the state bothered to trademark the slogan.\n\n"
            "We will win this fight.\n\n\u2014 Ravi Menon (@RaviMenon) November 1, 2019\n\n"
            "The council met on Monday to discuss the budget for the coming year and its many problems, "
            "a meeting that ran late into the night as members argued about roads, schools, parks, libraries, "
            "bins, buses and the price of parking in the town centre, which traders say is driving shoppers "
            "away to the retail parks on the ring road and beyond\n"
            "Our streets are a disgrace pic.twitter.com/xyz\n\n\u2014 Ana Diaz (@anadiaz) November 2, 2019")
    doc = nlp(text)
    assert credited(doc, "win this fight")["source"]["name"] == "Ravi Menon"
    assert credited(doc, "trademark the slogan") is None
    assert credited(doc, "streets are a disgrace")["source"]["name"] == "Ana Diaz"
    assert credited(doc, "The council met") is None


def test_a_sentence_cut_before_a_quotation_in_lower_case_is_one_claim(nlp):
    doc = nlp("Their pitch is that they\u2019re super-convenient, all-digital alternatives to the big lenders. "
              "Better yet, they\u2019re focused on their customers\u2019 \u201cfinancial wellness,\u201d as one "
              "fintech boss told me, and easing the \u201cstress\u201d that people feel around their money.")
    claims = [s.text for s in claim_sentences(doc)]
    assert len(claims) == 2
    assert credited(doc, "financial wellness")["source"]["type"] == "anonymous"
