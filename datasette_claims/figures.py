"""Figures that disagree: numbers about the same thing with different values, found as batches load.

"The same thing" is the same unit (for counts, the counted noun: "troops") and kind, in claims
that share terms of weight SAME_THING or more: a source credited in both (``source:<id>``, also
the medium a quote came via) weighs 2, a capitalised word of the claims' text ("Russia", "NATO";
the words in data/figure_term_stopwords.txt such as "The" or "He", and number words, are not
terms) weighs 1. A pair is left out when one of the two claims states both values (then they are
two different things: "from 800 people to 1,200"), and when one value is inside the other's
stated bounds ("more than 3,000" and 3,500). Each countable number
(kind count, money, percent or quantity, with a value and a unit) is indexed in ``number_terms``
(unit, kind, term, number_id), so a new number meets only the stored numbers with its unit, kind
and one of its terms: at most MAX_PER_TERM of them per term (in number id order), and it keeps
at most MAX_PAIRS_PER_NUMBER disagreements, those sharing the most terms.
A pair whose values differ goes into ``disagreeing_figures`` (number_id < other_number_id,
shared = the terms they share) when the two are in different articles, or in one article
credited to different sources. The ``figures_that_disagree`` view (schema.py) reads it with the
claims, sources and articles around each number.

Like links.py it runs inside the loader's write transaction for the batch, and forgets an
article's rows before its numbers are replaced, so a reload gives the same rows.
"""
import math
import re
from collections import defaultdict
from functools import cache

from . import wordlists

COUNTABLE = ("count", "money", "percent", "quantity")
MAX_PER_TERM = 200
MAX_PAIRS_PER_NUMBER = 20  # a figure's disagreements kept, those sharing the most first
PAIR_CHUNK = 200  # new numbers paired at a time
SAME_THING = 2  # shared-term weight a pair needs: a source weighs 2, a word 1
SQL_CHUNK = 500  # parameters per "in (...)" query, under SQLite's limit
_CAPITALISED = re.compile(r"\b[A-Z][\w'\u2019.-]*\w|\b[A-Z]\b")


def select_in(db, sql: str, values: list) -> list[tuple]:
    """SQL with one ``{}`` for a placeholder list, run over VALUES in chunks."""
    return [row for start in range(0, len(values), SQL_CHUNK)
            for row in db.execute(sql.format(",".join("?" * len(values[start:start + SQL_CHUNK]))),
                                  values[start:start + SQL_CHUNK])]


def stated_figures(db, claim_ids: list[str]) -> dict[str, set]:
    """Claim id -> the (value, unit) of every figure it states with a value."""
    found = defaultdict(set)
    for claim_id, value, unit in select_in(
            db, "select claim_id, value, unit from numbers where value is not null and claim_id in ({})", claim_ids):
        found[claim_id].add((value, unit))
    return found


def within(value: float, bounds: tuple) -> bool:
    """True when VALUE is inside a figure's stated bounds (low, high; None = open), when it has any:
    "more than 3,000" agrees with 3,500."""
    low, high = bounds
    return (low is not None or high is not None) and (low is None or value >= low) and (high is None or value <= high)


def weight(shared_terms: set[str]) -> int:
    return sum(2 if term.startswith("source:") else 1 for term in shared_terms)


@cache
def stop_terms() -> frozenset[str]:
    return frozenset(word.lower() for name in ("figure_term_stopwords.txt", "number_words.tsv") for word in wordlists.words(name))


def terms(claim: dict) -> set[str]:
    """What a claim is about, for matching figures: its sources and its capitalised words."""
    stop = stop_terms()
    found = {f"source:{claim[key]}" for key in ("source_id", "via_source_id") if claim.get(key)}
    found.update(word.lower() for word in _CAPITALISED.findall(claim.get("text") or "") if word.lower() not in stop)
    return found


def countable(number: dict) -> bool:
    return number.get("kind") in COUNTABLE and number.get("value") is not None and bool(number.get("unit"))


def forget(db, article_id: str) -> None:
    """Drop the pairs and index rows of an article's numbers, before its numbers are replaced."""
    numbers = "(select id from numbers where article_id = ?)"
    db.execute(f"delete from disagreeing_figures where number_id in {numbers}", [article_id])
    db.execute(f"delete from disagreeing_figures where other_number_id in {numbers}", [article_id])
    db.execute(f"delete from number_terms where number_id in {numbers}", [article_id])


def differ(a: float, b: float) -> bool:
    return not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def pair(db, claims: list[dict], numbers: list[dict]) -> int:
    """Index NUMBERS (just written, with their CLAIMS) and pair each with stored numbers about
    the same thing that state a different value; returns the number of pairs written. The new
    numbers are paired PAIR_CHUNK at a time, so memory stays flat however many a batch holds."""
    claims_by_id = {claim["id"]: claim for claim in claims}
    new = [(n["id"], n, terms(claims_by_id.get(n["claim_id"], {}))) for n in numbers if countable(n)]
    db.conn.executemany("insert or ignore into number_terms (unit, kind, term, number_id) values (?, ?, ?, ?)",
                        [(n["unit"], n["kind"], term, nid) for nid, n, found in new for term in found])
    return sum(pair_chunk(db, claims_by_id, new[start:start + PAIR_CHUNK]) for start in range(0, len(new), PAIR_CHUNK))


def pair_chunk(db, claims_by_id: dict, new: list[tuple]) -> int:
    """Pairs of the new numbers NEW ((id, number, terms)): each keeps its MAX_PAIRS_PER_NUMBER
    disagreements that share the most."""
    shared = defaultdict(set)  # (new number id, other number id) -> shared terms
    for nid, number, found in new:
        for term in sorted(found):
            for (other,) in db.execute(
                    """select number_id from number_terms where unit = ? and kind = ? and term = ? and number_id != ?
                       limit ?""", [number["unit"], number["kind"], term, nid, MAX_PER_TERM]):
                shared[nid, other].add(term)
    numbers = {nid: number for nid, number, _ in new}
    others = sorted({other for _, other in shared})
    stored = {nid: (value, article_id, claim_id, source_id, (low, high))
              for nid, value, article_id, claim_id, source_id, low, high in select_in(
                  db, """select numbers.id, numbers.value, numbers.article_id, numbers.claim_id, claims.source_id,
                                numbers.low, numbers.high
                         from numbers join claims on claims.id = numbers.claim_id where numbers.id in ({})""", others)}
    stated = stated_figures(db, sorted({row[2] for row in stored.values()}
                                       | {number["claim_id"] for number in numbers.values()}))
    candidates = defaultdict(list)  # new number id -> (weight, other id, shared terms)
    for (nid, other), terms_shared in shared.items():
        number, (value, article_id, claim_id, source_id, bounds) = numbers[nid], stored.get(other, (None,) * 5)
        if value is None or not differ(number["value"], value) or weight(terms_shared) < SAME_THING:
            continue
        if within(number["value"], bounds) or within(value, (number.get("low"), number.get("high"))):
            continue
        if (number["value"], number["unit"]) in stated[claim_id] or (value, number["unit"]) in stated[number["claim_id"]]:
            continue  # one claim states both figures: two different things, not a disagreement
        source = claims_by_id.get(number["claim_id"], {}).get("source_id")
        if article_id == number["article_id"] and not (source and source_id and source != source_id):
            continue
        candidates[nid].append((-weight(terms_shared), other, ", ".join(sorted(terms_shared))))
    rows = {(min(nid, other), max(nid, other)): terms_shared
            for nid, found in candidates.items() for _, other, terms_shared in sorted(found)[:MAX_PAIRS_PER_NUMBER]}
    db.conn.executemany("insert or replace into disagreeing_figures (number_id, other_number_id, shared) values (?, ?, ?)",
                        [(a, b, terms_shared) for (a, b), terms_shared in rows.items()])
    return len(rows)
