"""Roles stand for the person the article gives them; different roles are different people; a role
the article never ties to a name stays an unnamed source of its own article."""
import pytest

from conftest import nlp_with
from test_attribution import credited


@pytest.fixture(scope="module")
def nlp():
    return nlp_with("claims_attribution")


def test_the_role_is_its_holder_and_a_modified_role_is_another_person(nlp):
    doc = nlp("Chancellor Anna Reed announced new spending on Monday. The shadow chancellor, Tom Hale, said "
              "the plans would push up borrowing. The chancellor denied it and said borrowing would fall.")
    assert credited(doc, "push up borrowing")["source"]["name"] == "Tom Hale"
    assert credited(doc, "borrowing would fall")["source"]["name"] == "Anna Reed"


def test_a_former_minister_is_not_the_minister(nlp):
    doc = nlp("The former minister Jane Ward said the scheme had failed. The minister said it would be reviewed.")
    assert credited(doc, "scheme had failed")["source"]["name"] == "Jane Ward"
    minister = credited(doc, "would be reviewed")["source"]
    assert minister["name"] == "minister" and minister["type"] == "anonymous" and minister.get("generic")


def test_a_role_in_a_lead_is_the_person_the_next_sentence_gives_it(nlp):
    doc = nlp("The new Freedonian Prime Minister has told voters that there are hard times ahead. "
              "Dame Ruth Okafor, the leader of the Unity Party, was elected Prime Minister on Tuesday.")
    assert credited(doc, "hard times ahead")["source"]["name"] == "Ruth Okafor"


def test_a_role_named_later_is_still_not_a_different_role(nlp):
    doc = nlp("The minister said the budget was balanced. Tom Hale was named shadow minister on Tuesday.")
    assert credited(doc, "budget was balanced")["source"]["name"] != "Tom Hale"


def test_us_and_british_titles_are_roles_not_part_of_the_name(nlp):
    doc = nlp("House Speaker Mike Johnson, R-La., has refused to bring the bill to a vote. "
              "Johnson told reporters the border must come first. "
              "Detective Superintendent Jane Cole said the inquiry would continue.")
    assert credited(doc, "border must come first")["source"]["name"] == "Mike Johnson"
    assert credited(doc, "inquiry would continue")["source"]["name"] == "Jane Cole"


def test_a_role_of_one_party_is_not_the_same_role_of_another(nlp):
    doc = nlp("Sir Keir Starmer accused him of running scared. The Labour leader said the government had lost "
              "control. The SNP's Westminster leader Stephen Flynn said Scotland had been ignored.")
    assert credited(doc, "lost control")["source"]["name"] != "Stephen Flynn"
