"""Cues of prediction, promise and opinion, phrase cues, naming verbs, a second speaker in one
sentence, and lists after "X said:"."""
import pytest

from conftest import nlp_with
from test_attribution import credited


@pytest.fixture(scope="module")
def nlp():
    return nlp_with("claims_attribution")


@pytest.mark.parametrize("sentence, content, cue", [
    ("Ms Anna Reed predicted that unemployment would fall.", "unemployment would fall", "predicted"),
    ("The leader Tom Hale promised that no hospital would close.", "no hospital", "promised"),
    ("Mr Tom Hale vowed that he would fight on.", "fight on", "vowed"),
    ("The Labour chairman Ian Gray pledged that taxes would not rise.", "taxes would not rise", "pledged"),
    ("The Treasury forecast that the economy would grow by 2% next year.", "economy would grow", "forecast"),
    ("Dr Ann Price thinks the rules are too strict.", "too strict", "thinks"),
    ("Dr Ann Price believes the rules are too strict.", "too strict", "believes"),
    ("Dr Ann Price made it clear that there would be no U-turn.", "no U-turn", "made it clear"),
    ("Professor Alan Kirk made a prediction that prices would fall.", "prices would fall", "made a prediction"),
])
def test_prediction_promise_and_opinion_cues(nlp, sentence, content, cue):
    found = credited(nlp(sentence), content)
    assert found is not None and found["cue"] == cue


def test_a_naming_verb_credits_the_quotation_it_names_with(nlp):
    doc = nlp('Professor Alan Kirk spoke on Monday. Mr Kirk called the figures "a clear sign of recovery".')
    found = credited(doc, "clear sign")
    assert found["source"]["name"] == "Alan Kirk" and found["cue"] == "called" and found["speech"] == "direct"


def test_according_to_a_common_noun_body(nlp):
    found = credited(nlp("Temperatures will reach 30C on Friday, according to the national weather service."), "30C")
    assert found["source"]["name"] == "national weather service" and found["cue"] == "according to"


def test_a_second_speaker_in_one_sentence_is_the_next_pronoun_s_referent(nlp):
    doc = nlp("Alan Kirk said prices would rise, while Mary Stone said they would fall. She added that wages were flat.")
    assert credited(doc, "prices would rise")["source"]["name"] == "Alan Kirk"
    assert credited(doc, "wages were flat")["source"]["name"] == "Mary Stone"


def test_a_list_after_said_colon_is_the_speaker_s_until_its_paragraph_ends(nlp):
    doc = nlp("The report's author, Sue Lamb, said:\nPrices have risen for six months. Wages have not kept up.\n"
              "The weather was mild.\nMr Tom Hale said: prices will fall. Rents will fall too.\nThe sun shone.")
    for content in ("risen for six months", "not kept up", "Rents will fall"):
        assert credited(doc, content) is not None
    assert credited(doc, "risen for six months")["source"]["name"] == "Sue Lamb"
    assert credited(doc, "Rents will fall")["source"]["name"] == "Tom Hale"
    assert credited(doc, "weather was mild") is None and credited(doc, "sun shone") is None


def test_a_subjectless_speech_verb_credits_the_phrase_before_it(nlp):
    doc = nlp('"The strikes will go on until the pay offer improves" at every depot in the region, a driver from '
              'the union told a rally. "We have waited long enough," he said.')
    assert credited(doc, "strikes will go on")["source"]["name"] == "driver from the union"
    assert credited(doc, "waited long enough")["source"]["name"] == "driver from the union"


def test_says_with_a_clause_the_parser_split_still_credits(nlp):
    doc = nlp("Ms Jane Ward spoke in Leeds. Ms Ward is hopeful about exports next year and says a rise sooner "
              "rather than later in the year could keep the region in a strong position.")
    assert credited(doc, "strong position")["source"]["name"] == "Jane Ward"


def test_a_judgement_passed_with_as_credits_its_judge(nlp):
    doc = nlp("Opposition leader Tom Hale has described the minister's explanation as insufficient. "
              "The Home Office rejected the accusations as \"patently false\". "
              "Hale cited the figures as proof that the scheme had failed. "
              "The appeal was rejected by the tribunal. She described the scene to reporters.")
    assert credited(doc, "explanation as insufficient")["source"]["name"] == "Tom Hale"
    rejected = credited(doc, "patently false")
    assert rejected["source"]["name"] == "Home Office" and rejected["speech"] == "direct"
    assert credited(doc, "scheme had failed")["source"]["name"] == "Tom Hale"
    assert credited(doc, "rejected by the tribunal") is None  # no judgement with "as"
    assert credited(doc, "described the scene") is None


def test_a_promise_or_denial_credits_its_infinitive_or_gerund_but_agreeing_does_not(nlp):
    doc = nlp("Sarah Kemp promised to protect the hospital budget. Tom Hale denied having met the donor. "
              "Sarah Kemp agreed to return the cash.")
    assert credited(doc, "protect the hospital")["source"]["name"] == "Sarah Kemp"
    assert credited(doc, "having met the donor")["source"]["name"] == "Tom Hale"
    assert credited(doc, "return the cash") is None


def test_a_naming_verb_credits_a_quotation_the_parser_made_a_conjunct(nlp):
    doc = nlp("Former palace aides called it not a car crash, but \"an articulated lorry crash\" performance.")
    assert credited(doc, "lorry crash")["source"]["name"] == "Former palace aides"


def test_a_definite_description_of_one_person_is_the_person_just_quoted(nlp):
    doc = nlp("Prince Edward has told friends that the interview was a \"great success\".\n\n"
              "In it, the British royal denied having met the banker.")
    assert credited(doc, "having met the banker")["source"]["name"] == "Prince Edward"


def test_a_phrase_cue_credits_a_clause_without_that_and_assurances_are_cues(nlp):
    doc = nlp("Troops searched the hills, as President Jane Moss expressed certainty the fugitive would be caught. "
              "The Northgate Bank has given assurances that no branch will close.")
    assert credited(doc, "fugitive would be caught")["source"]["name"] == "Jane Moss"
    assert credited(doc, "no branch will close")["source"]["name"] == "Northgate Bank"


def test_according_to_at_the_end_of_a_sentence_wraps_it_wherever_the_parser_hung_it(nlp):
    doc = nlp("Warplanes suspended their raids at the request of a local commander whose forces were scouring "
              "the area for fleeing fighters, according to the Pentagon, which said there were still pockets of "
              "resistance.")
    claim = credited(doc, "suspended their raids")
    assert (claim["source"]["name"], claim["cue"]) == ("Pentagon", "according to")


def test_a_relative_clause_the_parser_hung_on_a_cue_is_no_reported_clause(nlp):
    doc = nlp("Some customers who sought help on launch day reported waiting times that exceeded two hours. "
              "In Europe, Volkswagen estimates that could be more like 300 miles.")
    assert credited(doc, "exceeded two hours") is None
    assert credited(doc, "300 miles")["source"]["name"] == "Volkswagen"


@pytest.mark.parametrize("sentence, content, speaker", [
    ("The rebel group Harak issued a statement vowing to continue its campaign.", "continue its campaign", "Harak"),
    ("The Acme Corporation released a statement saying that the plant would close.", "plant would close", "Acme Corporation"),
    ("Rain is due in London this week, with forecasters warning that rivers could flood.", "rivers could flood", "forecasters"),
    ("In an interview with police, Tom Baxter confessed to the theft, admitting that he had taken the car.",
     "had taken the car", "Tom Baxter"),
    ('Mary Cole testified, describing the attack as "brutal and sudden".', "brutal and sudden", "Mary Cole"),
    ('Mayor Ann Lutz turned to Twitter to describe the city as a "gas chamber".', "gas chamber", "Ann Lutz"),
])
def test_a_speech_act_as_participle_or_infinitive_credits_who_acts(nlp, sentence, content, speaker):
    found = credited(nlp(sentence), content)
    assert found is not None and found["source"]["name"] == speaker


@pytest.mark.parametrize("sentence, content", [
    ("Sales fell by 4% in March, suggesting that demand has peaked.", "demand has peaked"),
    ("Prices rose again, with the index showing that inflation is back.", "inflation is back"),
])
def test_a_participle_of_inference_credits_nobody(nlp, sentence, content):
    assert credited(nlp(sentence), content) is None


@pytest.mark.parametrize("sentence, content, cue", [
    ("Analysts expect the number of electric cars on sale to grow to 80 by 2022.", "to grow", "expect"),
    ("Tom Reid from the rail union fears up to 200 jobs at the depot are at risk.", "200 jobs", "fears"),
])
def test_expectations_and_fears_with_a_clause_are_cues(nlp, sentence, content, cue):
    found = credited(nlp(sentence), content)
    assert found is not None and found["cue"] == cue


def test_expectations_and_fears_without_a_clause_credit_nobody(nlp):
    doc = nlp("Shoppers expect bargains. Residents fear for their safety.")
    assert credited(doc, "bargains") is None
    assert credited(doc, "their safety") is None


@pytest.mark.parametrize("sentence, content, cue", [
    ("Tom Baxter admitted to threatening the guard.", "threatening the guard", "admitted"),
    ("Anna Reed has accused the council of wasting public money.", "wasting public money", "accused"),
])
def test_a_gerund_after_to_or_of_is_what_is_admitted_or_alleged(nlp, sentence, content, cue):
    found = credited(nlp(sentence), content)
    assert found is not None and cue in found["cue"]


def test_an_accusation_without_a_gerund_credits_nobody(nlp):
    assert credited(nlp("The board accused him of fraud in 2019."), "fraud in 2019") is None


def test_a_claim_noun_from_a_named_source_credits_it(nlp):
    doc = nlp("The news came with a warning from the Bank of England that rates could rise again. "
              "There was a warning from officials that roads could close.")
    assert credited(doc, "rates could rise")["source"]["name"] == "Bank of England"
    assert credited(doc, "roads could close") is None


def test_according_to_a_role_or_people_credits_them(nlp):
    doc = nlp("Chancellor Anna Reed spoke on Monday. The plan, according to the chancellor, will cost 3 billion pounds. "
              "This, according to engineers and planners, is a crisis. Prices will rise, according to estimates.")
    assert credited(doc, "3 billion pounds")["source"]["name"] == "Anna Reed"
    assert credited(doc, "is a crisis")["source"]["name"] == "engineers and planners"
    assert credited(doc, "Prices will rise") is None


def test_a_statement_rejected_is_not_the_rejecters(nlp):
    doc = nlp("The rebel group Harak rejected a statement saying that the ceasefire had failed.")
    assert credited(doc, "ceasefire had failed") is None


def test_a_claim_noun_in_a_condition_credits_nobody(nlp):
    doc = nlp("We should not go to a summit unless we have some assurance from Mr Khrushchev that he will negotiate.")
    assert credited(doc, "will negotiate") is None


def test_an_accusation_credits_its_subject_when_the_parser_hangs_the_charge_on_the_object(nlp):
    doc = nlp("Norland accuses Vesteria's military intelligence of planning the raid, but Vesteria denies the "
              "allegation. Norland has accused Vesterian military intelligence of funding the border attack.")
    assert credited(doc, "planning the raid")["source"]["name"] == "Norland"
    assert credited(doc, "funding the border")["source"]["name"] == "Norland"
