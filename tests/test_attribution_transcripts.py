"""Styles the component was not tuned on: a US debate transcript (speaker turns under labels in
capitals), a transcript with a moderator named in brackets, and a story built on tweets."""
import pytest

from conftest import nlp_with
from test_attribution import credited


@pytest.fixture(scope="module")
def nlp():
    return nlp_with("claims_attribution")


DEBATE = """Hillary Clinton and Donald Trump met at Hofstra University on Monday night.
HOLT: Secretary Clinton, you have two minutes.
CLINTON: Well, thank you, Lester. The unemployment rate has fallen to 4.9 percent.
We have created 15 million new private sector jobs since the recession.
TRUMP: Our jobs are fleeing the country. They're going to Mexico.
CLINTON: That is just not accurate. I voted against the only trade deal that came before the Senate.
Trump later told reporters that the debate had been rigged."""


def test_a_debate_turn_is_its_speakers_under_the_full_name_the_article_gives(nlp):
    doc = nlp(DEBATE)
    fallen = credited(doc, "fallen to 4.9 percent")
    assert fallen["source"]["name"] == "Hillary Clinton" and fallen["speech"] == "direct"
    assert credited(doc, "15 million new private sector jobs")["source"]["name"] == "Hillary Clinton"
    assert credited(doc, "going to Mexico")["source"]["name"] == "Donald Trump"
    assert credited(doc, "only trade deal")["source"]["name"] == "Hillary Clinton"
    assert credited(doc, "CLINTON:") is None or credited(doc, "CLINTON:")["source"]["name"] == "Hillary Clinton"
    assert credited(doc, "debate had been rigged")["cue"] == "told"  # prose after the transcript is prose


def test_a_moderator_in_brackets_and_a_nested_quotation_belong_to_the_turn(nlp):
    doc = nlp("MODERATOR (SUSAN PAGE): Senator, your response.\n"
              "HARRIS: The vice president just said taxes were cut for most families. The top 1 percent got most of it.\n"
              "PENCE: Under our administration, household income rose by $4,000.")
    assert credited(doc, "your response")["source"]["name"] == "Susan Page"
    assert credited(doc, "taxes were cut for most families")["source"]["name"] == "Harris"  # the outer speaker
    assert credited(doc, "household income rose")["source"]["name"] == "Pence"


def test_headings_with_a_colon_are_not_speakers(nlp):
    doc = nlp("UPDATE: The council said the road would reopen on Friday.\n"
              "Editor's note: An earlier version misstated the date.\n"
              "WATCH: Residents said the closure had cost them trade.")
    assert credited(doc, "road would reopen")["source"]["name"] == "council"
    assert credited(doc, "misstated the date") is None


def test_a_story_built_on_tweets_credits_each_tweet_to_its_author(nlp):
    doc = nlp("Senator Maria Lopez took to Twitter on Tuesday to attack the bill.\n"
              "\"The border bill cuts 40,000 jobs in Arizona alone. Read it before you vote,\" Lopez tweeted.\n"
              "Governor Dan Whitfield hit back within the hour, tweeting that the bill \"creates more jobs than it costs.\"\n"
              "Our state has lost 12,000 jobs since January. Washington must act now.\n"
              "\u2014 Dan Whitfield (@GovWhitfield) March 3, 2021")
    assert credited(doc, "cuts 40,000 jobs")["source"]["name"] == "Maria Lopez"
    assert credited(doc, "creates more jobs")["source"]["name"] == "Dan Whitfield"
    assert credited(doc, "lost 12,000 jobs")["source"]["name"] == "Dan Whitfield"


def test_a_dateline_is_not_a_speaker(nlp):
    doc = nlp("LONDON: The Bank of England raised rates on Thursday.\n"
              "NEW YORK: Shares fell as traders sold.\n"
              "Analysts said the rise had been expected.")
    assert credited(doc, "raised rates") is None
    assert credited(doc, "Shares fell") is None


def test_a_long_label_with_titles_and_a_short_label_for_the_same_speaker(nlp):
    doc = nlp("MODERATOR: Senator, you have 90 seconds.\n\n"
              "SEN. BERNIE SANDERS: Thank you. Half a million people go bankrupt every year because of medical bills.\n\n"
              "FORMER VICE PRESIDENT JOE BIDEN: The senator's plan would cost $30 trillion. It doesn't add up.\n\n"
              "SANDERS: That's not true, Joe.")
    assert credited(doc, "90 seconds")["source"]["name"] == "moderator"
    assert credited(doc, "go bankrupt")["source"]["name"] == "Bernie Sanders"
    assert credited(doc, "$30 trillion")["source"]["name"] == "Joe Biden"
    assert credited(doc, "doesn't add up")["source"]["name"] == "Joe Biden"
    assert credited(doc, "not true, Joe")["source"]["name"] == "Bernie Sanders"


def test_a_tweet_thread_story_credits_replies_and_abbreviated_titles(nlp):
    doc = nlp("In a tweet on Sunday, Sen. Ted Cruz, R-Texas, wrote that the border crisis was \"entirely "
              "self-inflicted.\"\n\nThe Texas senator added that 2 million people had crossed illegally last year.\n\n"
              "Rep. Alexandria Ocasio-Cortez fired back on X: \"Maybe read the bill before tweeting about it.\"\n\n"
              "The club hit back at the league with a statement.")
    assert credited(doc, "entirely self-inflicted")["source"]["name"] == "Ted Cruz"
    assert credited(doc, "2 million people")["source"]["name"] == "Ted Cruz"
    assert credited(doc, "read the bill")["source"]["name"] == "Alexandria Ocasio-Cortez"
    assert credited(doc, "hit back at the league") is None
