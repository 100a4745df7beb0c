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
