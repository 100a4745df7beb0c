"""The classes of figures that unseen news got wrong (issue 15), one test per class, each on a
short article written for it: the shape of the class, not a sentence from the evaluation data."""
import importlib.util

import pytest

from conftest import nlp_with, shared_path
from test_numbers import number, numbers


@pytest.fixture(scope="module")
def nlp():
    return nlp_with("claims_numbers")


def reading(row):
    return row["value"], row["low"], row["high"], row["unit"], row["kind"], row["qualifier"]


# --- scale suffixes by context ----------------------------------------------------------------

@pytest.mark.parametrize("text, written, value, unit, kind", [
    ("Some 2.3m of the country's 4.1m pensioners live alone.", "2.3m", 2300000, "pensioners", "count"),
    ("Some 2.3m of the country's 4.1m pensioners live alone.", "4.1m", 4100000, "pensioners", "count"),
    ("Turnout fell, and 1.2m stayed at home.", "1.2m", 1200000, None, "count"),
    ("The club signed him for 7m.", "7m", 7000000, None, "count"),
    ("She won the 800m race in Rome.", "800m", 800, "meter", "quantity"),
    ("The statue is 3.5m tall.", "3.5m", 3.5, "meter", "quantity"),
    ("The crane lifts 20t and reaches 60m.", "60m", 60, "meter", "quantity"),
    ("Thousands joined a 10k run for charity.", "10k", 10, "kilometer", "quantity"),
    ("The app passed 50k downloads.", "50k", 50000, "downloads", "count"),
    ("The tiles cover 300m2 of floor.", "300m2", 300, "square meter", "quantity"),
])
def test_scale_letters_are_scales_unless_the_figure_measures(nlp, text, written, value, unit, kind):
    row = number(nlp, text, written)
    assert (row["value"], row["unit"], row["kind"]) == (pytest.approx(value), unit, kind)


# --- ages -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, written, value, low, high, qualifier", [
    ("Free travel for the over-65s ends in May.", "65s", 65, 65, None, "over"),
    ("Vaccines for the under-12s were delayed.", "12s", 12, None, 12, "under"),
    ("Most of the victims were in their early 30s.", "30s", 30, None, None, None),
    ("The singer, in her mid-40s, retired.", "40s", 40, None, None, None),
    ("The 19-year-old was arrested.", "19-year", 19, None, None, None),
    ("Nursery places for two- and three-year-olds rose.", "two", 2, None, None, None),
    ("Nursery places for two- and three-year-olds rose.", "three-year", 3, None, None, None),
    ("Ministers will lift the state pension age from 66 to 68.", "66 to 68", None, 66, 68, "between"),
])
def test_ages_are_ages(nlp, text, written, value, low, high, qualifier):
    row = number(nlp, text, written)
    assert reading(row) == (value, low, high, "year", "age", qualifier)


# --- scores ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, written", [
    ("Murray won 6-3 7-5 in Paris.", "6-3"),
    ("Murray won 6-3 7-5 in Paris.", "7-5"),
    ("She lost 4-6 6-3 6-2.", "4-6"),
    ("United sealed a 3-1 win at home.", "3-1"),
    ("City fell to a 0-2 defeat.", "0-2"),
    ("MPs backed the bill 322-301.", "322-301"),
])
def test_scores_are_one_figure_not_a_range(nlp, text, written):
    row = number(nlp, text, written)
    assert reading(row) == (None, None, None, None, "score", None)


def test_a_rising_pair_without_a_score_beside_it_is_still_a_range(nlp):
    row = number(nlp, "The survey covered 5-11 sites.", "5-11")
    assert (row["low"], row["high"], row["kind"]) == (5, 11, "count")


# --- years ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, written, value, low, high, qualifier", [
    ("The contract runs until at least 2031.", "2031", 2031, 2031, None, "at least"),
    ("By 2040 the mine will be closed.", "2040", 2040, None, None, None),
    ("Sales fell in 2011-12.", "2011-12", None, 2011, 2012, None),
    ("Prices have doubled since 1998.", "1998", 1998, None, None, None),
])
def test_years_are_years_in_every_position(nlp, text, written, value, low, high, qualifier):
    row = number(nlp, text, written)
    assert reading(row) == (value, low, high, None, "year", qualifier)


# --- words that look like qualifiers but are not --------------------------------------------

def test_over_before_a_period_is_no_bound(nlp):
    row = number(nlp, "Rents climbed 30% over four years.", "four years")
    assert reading(row) == (4, None, None, "year", "duration", None)


def test_over_before_a_count_is_still_a_bound(nlp):
    row = number(nlp, "Over 400 people attended.", "400")
    assert (row["low"], row["qualifier"]) == (400, "over")


def test_half_of_a_count_is_a_fraction_of_its_noun(nlp):
    row = number(nlp, "The minister kept half his pledges.", "half")
    assert reading(row) == (0.5, None, None, "pledges", "count", None)


def test_one_in_five_is_a_proportion(nlp):
    row = number(nlp, "One in four new homes stood empty.", "One in four")
    assert (row["value"], row["kind"], row["qualifier"]) == (0.25, "proportion", None)


# --- the counted noun across an ellipsis ----------------------------------------------------

def test_the_counted_noun_carries_over_an_ellipsis(nlp):
    text = "The GMB has 40,000 members and Unison's 30,000."
    assert number(nlp, text, "30,000")["unit"] == "members"


def test_a_noun_the_figure_does_not_modify_is_not_counted(nlp):
    text = "Firms cut 80,000 jobs, more than the 60,000 analysts had expected."
    assert number(nlp, text, "60,000")["unit"] == "jobs"


def test_a_participle_after_a_figure_carries_the_noun(nlp):
    text = "Twelve people were killed and 30 injured in the blast."
    assert number(nlp, text, "30")["unit"] == "people"


# --- multipliers ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, written, value", [
    ("The new chip is twice as fast.", "twice", 2),
    ("The new site is four times the size of the old one.", "four times", 4),
    ("Costs rose five times faster than wages.", "five times", 5),
    ("Complaints saw a sevenfold rise.", "sevenfold", 7),
    ("Complaints saw a 12-fold rise.", "12-fold", 12),
])
def test_multipliers(nlp, text, written, value):
    row = number(nlp, text, written)
    assert reading(row) == (value, None, None, None, "multiplier", None)


def test_times_of_occasions_is_a_count(nlp):
    row = number(nlp, "She met him three times last year.", "three")
    assert (row["kind"], row["unit"]) == ("count", "times")


# --- ranges with a repeated unit ------------------------------------------------------------

@pytest.mark.parametrize("text, written, low, high, unit, kind", [
    ("Doses of 20 mg to 25 mg are safe.", "20 mg to 25 mg", 20, 25, "milligram", "quantity"),
    ("Nights of -5 °C to -12 °C are forecast.", "-5 °C to -12 °C", -12, -5, "degree Celsius", "quantity"),
    ("Between 30 to 45% of voters agreed.", "30 to 45%", 30, 45, "percent", "percent"),
])
def test_ranges_with_a_repeated_unit(nlp, text, written, low, high, unit, kind):
    row = number(nlp, text, written)
    assert (row["value"], row["low"], row["high"], row["unit"], row["kind"]) == (None, low, high, unit, kind)


# --- accounting negatives and signed money --------------------------------------------------

@pytest.mark.parametrize("text, written", [
    ("Net income: ($12.50) a share.", "($12.50)"),
    ("The balance stood at $-12.50.", "$-12.50"),
])
def test_accounting_negatives(nlp, text, written):
    row = number(nlp, text, written)
    assert (row["value"], row["unit"], row["kind"]) == (-12.5, "USD", "money")


def test_a_bracket_converting_an_amount_stays_positive(nlp):
    row = number(nlp, "The prize is £10 ($13) this year.", "$13")
    assert row["value"] == 13


# --- long number phrases --------------------------------------------------------------------

def test_long_number_phrases(nlp):
    row = number(nlp, "The tally reached two million, four hundred & six.", "two million, four hundred & six")
    assert row["value"] == 2000406


def test_a_list_of_scales_stays_apart(nlp):
    values = [row["value"] for row in numbers(nlp, "Estimates ran from one million, two million or more.")]
    assert values == [1000000, 2000000]


# --- physical units through pint ------------------------------------------------------------

@pytest.mark.parametrize("text, written, unit", [
    ("The farm yields 40 GWh a year.", "40 GWh", "gigawatt hour"),
    ("Staff got 2 mSv of radiation.", "2 mSv", "millisievert"),
    ("The line ran at 64 kb/s.", "64 kb/s", "kilobit per second"),
    ("The car burns 0.06 l/km.", "0.06 l/km", "liter per kilometer"),
    ("Panels get 1000 W/m^2 at noon.", "1000 W/m^2", "watt per square meter"),
    ("The atom has a radius of 53 pm.", "53 pm", "picometer"),
    ("He bought a 55 in screen.", "55 in", "inch"),
])
def test_physical_units_through_pint(nlp, text, written, unit):
    row = number(nlp, text, written)
    assert (row["unit"], row["kind"]) == (unit, "quantity")


def test_pm_after_a_clock_hour_is_a_time(nlp):
    row = number(nlp, "The vote closes at 5 pm on Friday.", "5")
    assert (row["unit"], row["kind"]) == (None, "time")


def test_units_from_pint_are_read_by_the_evaluation_units(nlp):
    """The unit written is one ../shared/eval/units.py reads as the same as its symbol."""
    path = shared_path("eval", "units.py")
    spec = importlib.util.spec_from_file_location("shared_eval_units", path)
    units = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(units)
    for text, written, symbol in [("The farm yields 40 GWh a year.", "40 GWh", "GWh"),
                                  ("The car burns 0.06 l/km.", "0.06 l/km", "l/km"),
                                  ("Panels get 1000 W/m^2 at noon.", "1000 W/m^2", "W/m^2")]:
        assert units.same_unit(number(nlp, text, written)["unit"], symbol)


# --- found by the blind real-news set, fixed by mechanism -----------------------------------

def test_clock_times_are_times_without_a_value(nlp):
    for text, written in [("Polls shut at 9:30pm local time.", "9:30pm"), ("The train left at 07:15.", "07:15")]:
        row = number(nlp, text, written)
        assert (row["value"], row["kind"]) == (None, "time")


@pytest.mark.parametrize("text, written", [
    ("Rain washed out day four of the match.", "four"),
    ("The world number two withdrew.", "two"),
    ("It was the third day of talks.", "third"),
])
def test_ranks_are_ordinals(nlp, text, written):
    assert number(nlp, text, written)["kind"] == "ordinal"


def test_an_age_between_commas_after_a_name(nlp):
    row = number(nlp, "Maria Lopez, 34, was named chief executive.", "34")
    assert (row["value"], row["unit"], row["kind"]) == (34, "year", "age")


def test_a_number_between_commas_after_a_place_is_no_age(nlp):
    row = number(nlp, "In Leeds, 34, mostly students, signed.", "34")
    assert row["kind"] == "count"


@pytest.mark.parametrize("text, written, low, unit", [
    ("Thousands of fans queued overnight.", "Thousands", 2000, "fans"),
    ("Dozens of shops were looted.", "Dozens", 24, "shops"),
])
def test_vague_plurals_are_at_least_two_of_their_scale(nlp, text, written, low, unit):
    row = number(nlp, text, written)
    assert (row["value"], row["low"], row["unit"], row["kind"]) == (None, low, unit, "count")


def test_a_scale_after_a_number_is_no_vague_plural(nlp):
    assert number(nlp, "Two hundred people came.", "Two hundred")["value"] == 200


def test_others_carries_the_counted_noun(nlp):
    assert number(nlp, "The chain shut 9 branches and kept 14 others.", "14")["unit"] == "branches"


def test_a_figure_before_a_preposition_carries_the_counted_noun(nlp):
    text = "Six people died in Kent, four in Essex and two in Surrey."
    assert [number(nlp, text, written)["unit"] for written in ("four", "two")] == ["people", "people"]


def test_a_unit_counted_past_an_adjective_is_a_measure(nlp):
    row = number(nlp, "They walked 30 gruelling miles.", "30")
    assert (row["unit"], row["kind"]) == ("mile", "quantity")


def test_wickets_for_runs_is_a_cricket_score(nlp):
    row = number(nlp, "Warne took 4 for 61 on the last day.", "4 for 61")
    assert (row["value"], row["kind"]) == (None, "score")


def test_a_number_for_counted_things_is_no_score(nlp):
    assert number(nlp, "She bought 3 for 20 pupils.", "20")["unit"] == "pupils"
