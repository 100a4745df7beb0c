"""Names as the article's readers know them, and speakers the article names only later: a title
that belongs to a name stays in it, and a described speaker is the person named next."""
import pytest

from conftest import nlp_with
from test_attribution import credited


@pytest.fixture(scope="module")
def nlp():
    return nlp_with("claims_attribution")


def test_a_royal_or_peer_known_by_title_and_given_name_keeps_the_title(nlp):
    doc = nlp("Prince Harry told the audience that mental health services were failing young men. "
              "Harry said he had struggled for years. Lord Sugar said the scheme would cost jobs.")
    assert credited(doc, "services were failing")["source"]["name"] == "Prince Harry"
    assert credited(doc, "struggled for years")["source"]["name"] == "Prince Harry"
    assert credited(doc, "cost jobs")["source"]["name"] == "Lord Sugar"


def test_a_title_before_a_full_name_stays_a_role(nlp):
    doc = nlp("Princess Anne Phillips said the charity had raised record sums. "
              "The Labour Lord Mayor of Leeds, Karen Shaw, said the council would match it.")
    assert credited(doc, "record sums")["source"]["name"] == "Anne Phillips"
    assert credited(doc, "would match it")["source"]["name"] == "Karen Shaw"


def test_a_speaker_described_in_the_lead_is_the_person_named_next(nlp):
    doc = nlp("A senior backbench MP says the Government must publish the inquiry report in full. "
              "Ministers are under pressure to act. The Conservative MP for Haltwhistle, Sir Gareth Pym, says the "
              "delay is unacceptable. \"It is a scandal,\" he said.")
    assert credited(doc, "publish the inquiry report")["source"]["name"] == "Gareth Pym"
    assert credited(doc, "delay is unacceptable")["source"]["name"] == "Gareth Pym"


def test_a_possessive_role_or_relative_is_the_person_named_next(nlp):
    doc = nlp("Leeds's Lord Mayor says the flood defences were never finished. Karen Shaw, who has held the office "
              "since May, says the council was warned. Tom Reid was found on Sunday, although his mother said she "
              "had been told he was safe. Ann Reid also told the BBC that the search had been slow.")
    assert credited(doc, "defences were never finished")["source"]["name"] == "Karen Shaw"
    assert credited(doc, "had been told he was safe")["source"]["name"] == "Ann Reid"


def test_a_described_speaker_is_not_a_person_named_before_another_or_a_spokesman(nlp):
    doc = nlp("A witness said the van was speeding. Another witness, Mary Jones, said it had stopped. "
              "A Treasury spokesman said the figures were wrong. Chancellor Anna Reed said they would be revised. "
              "Anna Reed met union leaders on Monday. The minister said talks would go on. "
              "Tom Hale, the shadow minister, said they had failed.")
    assert credited(doc, "van was speeding")["source"]["type"] == "anonymous"
    assert credited(doc, "figures were wrong")["source"]["name"] == "Treasury spokesman"
    assert credited(doc, "talks would go on")["source"]["name"] != "Tom Hale"


def test_a_described_speaker_who_speaks_again_after_the_name_is_somebody_else(nlp):
    doc = nlp("A local resident said the river had risen overnight. Councillor Jim Pratt said the barriers held. "
              "The resident said that was not true.")
    assert credited(doc, "river had risen")["source"]["type"] == "anonymous"
    assert credited(doc, "barriers held")["source"]["name"] == "Jim Pratt"


def test_a_definite_description_never_introduced_is_the_person_just_quoted(nlp):
    doc = nlp("\"We believed he was in the area,\" Rear Admiral Sarah Collins said in Washington. Asked where the "
              "convoy was now, the Pentagon spokeswoman said, \"anybody's guess is the latest thinking\".")
    assert credited(doc, "anybody's guess")["source"]["name"] == "Sarah Collins"


def test_a_definite_description_introduced_before_stays_that_unnamed_source(nlp):
    doc = nlp("A Pentagon spokeswoman said the convoy had turned back. Rear Admiral Sarah Collins said it had not. "
              "The Pentagon spokeswoman said the report was wrong.")
    assert credited(doc, "report was wrong")["source"]["name"] != "Sarah Collins"


def test_a_source_unnamed_on_purpose_is_not_the_person_named_next(nlp):
    doc = nlp("A senior Labour source said the leadership would drop the pledge. "
              "Keir Starmer, the Labour leader, said the pledge would stay.")
    assert credited(doc, "drop the pledge")["source"]["name"] != "Keir Starmer"


def test_a_lobby_spokesman_of_somebody_is_not_the_person_just_quoted(nlp):
    doc = nlp("Rishi Sunak said the plan would go ahead. The Prime Minister's official spokesman said talks "
              "with the unions would resume on Monday.")
    assert credited(doc, "talks with the unions")["source"]["name"] != "Rishi Sunak"


def test_only_a_lead_introduces_by_description_and_one_of_many_is_nobody_named(nlp):
    doc = nlp("Boris Hale has insisted he did not mislead Parliament. Tory MPs are divided. "
              "One senior backbencher said his career was over. Labour leader Sir Keir Starmer said the country "
              "deserved better. A Tory MP said the party would recover. Dame Ruth Okafor said it would not.")
    assert credited(doc, "career was over")["source"]["name"] != "Keir Starmer"
    assert credited(doc, "party would recover")["source"]["name"] != "Ruth Okafor"


def test_somebodys_role_is_not_a_person_the_article_gives_another_role(nlp):
    doc = nlp("Leeds's Lord Mayor said the flood defences were never finished. Shadow minister Karen Shaw said the "
              "council was warned.")
    assert credited(doc, "defences were never finished")["source"]["name"] != "Karen Shaw"


def test_a_spokesman_for_a_person_is_not_that_person(nlp):
    doc = nlp("Boris Hale has insisted he did not mislead Parliament. A spokesman for Mr Hale said the inquiry "
              "was a witch hunt. US Ambassador to the OSCE Michael Carpenter said talks had failed.")
    assert credited(doc, "witch hunt")["source"]["name"] not in ("Boris Hale", "Michael Carpenter")
    assert credited(doc, "talks had failed")["source"]["name"] == "Michael Carpenter"


def test_a_lead_speaker_is_the_person_named_in_a_sentence_that_credits_nobody_before_the_next_claim(nlp):
    doc = nlp("The bomber could not have acted alone, according to a community leader who knew him well. "
              "Omar Haddad is the head of the Eastfield mosque, where the man had worshipped. "
              "Mr Haddad says the man was easily led.")
    assert credited(doc, "acted alone")["source"]["name"] == "Omar Haddad"
    assert credited(doc, "easily led")["source"]["name"] == "Omar Haddad"


def test_a_man_known_as_a_name_is_that_name_but_a_company_is_not_a_person(nlp):
    doc = nlp("A man known as Nick said he had seen the boat leave at dawn. He says the crew were armed. "
              "A company known as Acme said it would appeal.")
    assert credited(doc, "boat leave")["source"]["name"] == "Nick"
    assert credited(doc, "crew were armed")["source"]["name"] == "Nick"
    assert credited(doc, "would appeal")["source"]["type"] != "person"
