"""Figures that disagree: numbers about the same thing with different values, found as batches load.

"The same thing" is the same unit (for counts, the counted noun: "troops") and kind, in claims
that share a term: a source credited in both (``source:<id>``, also the medium a quote came via),
or a capitalised word of the claim's text ("Russia", "NATO"; the words in
data/figure_term_stopwords.txt, such as "The" or "He", are not terms). Each countable number
(kind count, money, percent or quantity, with a value and a unit) is indexed in ``number_terms``
(unit, kind, term, number_id), so a new number meets only the stored numbers with its unit, kind
and one of its terms: at most MAX_PER_TERM of them per term (in number id order).
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

from . import wordlists
from .links import select_in

COUNTABLE = ("count", "money", "percent", "quantity")
MAX_PER_TERM = 200
_CAPITALISED = re.compile(r"\b[A-Z][\w'\u2019.-]*\w|\b[A-Z]\b")


def terms(claim: dict) -> set[str]:
    """What a claim is about, for matching figures: its sources and its capitalised words."""
    stop = {word.lower() for word in wordlists.words("figure_term_stopwords.txt")}
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
    the same thing that state a different value; returns the number of pairs written."""
    claims_by_id = {claim["id"]: claim for claim in claims}
    new = {n["id"]: (n, terms(claims_by_id.get(n["claim_id"], {}))) for n in numbers if countable(n)}
    db.conn.executemany("insert or ignore into number_terms (unit, kind, term, number_id) values (?, ?, ?, ?)",
                        [(n["unit"], n["kind"], term, nid) for nid, (n, found) in new.items() for term in found])
    shared = defaultdict(set)  # (new number id, other number id) -> shared terms
    for nid, (number, found) in new.items():
        for term in sorted(found):
            for (other,) in db.execute(
                    """select number_id from number_terms where unit = ? and kind = ? and term = ? and number_id != ?
                       limit ?""", [number["unit"], number["kind"], term, nid, MAX_PER_TERM]):
                shared[nid, other].add(term)
    others = sorted({other for _, other in shared})
    stored = {nid: (value, article_id, claim_id, source_id) for nid, value, article_id, claim_id, source_id in select_in(
        db, """select numbers.id, numbers.value, numbers.article_id, numbers.claim_id, claims.source_id
               from numbers join claims on claims.id = numbers.claim_id where numbers.id in ({})""", others)}
    rows = {}
    for (nid, other), terms_shared in shared.items():
        number, (value, article_id, claim_id, source_id) = new[nid][0], stored.get(other, (None,) * 4)
        if value is None or not differ(number["value"], value) or claim_id == number["claim_id"]:
            continue
        source = claims_by_id.get(number["claim_id"], {}).get("source_id")
        if article_id == number["article_id"] and not (source and source_id and source != source_id):
            continue
        rows[min(nid, other), max(nid, other)] = ", ".join(sorted(terms_shared))
    db.conn.executemany("insert or replace into disagreeing_figures (number_id, other_number_id, shared) values (?, ?, ?)",
                        [(a, b, terms_shared) for (a, b), terms_shared in rows.items()])
    return len(rows)
