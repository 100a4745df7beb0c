"""The same claim in other articles: near-duplicate claims found incrementally as batches load.

A claim is the set of its word bigrams (lowercased, numbers without thousands separators), and
the set of the bigrams of the words it quotes. Each set (of MIN_SHINGLES bigrams or more) gets a
MinHash signature of BANDS x ROWS values, and its BANDS band hashes go into ``claim_minhash``
(bucket, claim_id): two sets share a bucket when a whole band agrees, which happens with
probability 1 - (1 - J^ROWS)^BANDS for Jaccard J (0.88 at J = 0.5, 0.98 at 0.6, 0.36 at 0.3).
So a new claim meets only the stored claims that share a bucket with it, never all of them; each
candidate is then scored exactly and kept in ``claim_links`` when:

* ``text``: their bigram Jaccard is at least 0.5 (the same sentence, lightly edited);
* ``quote``: the words they quote have a bigram Jaccard of at least 0.5 (the same quote carried
  by several outlets, each with its own attribution around it);
* ``contained``: 80% of the shorter claim's bigrams (5 or more) are in the longer one (a quote
  carried with another attribution around it);
* ``figure``: Jaccard at least 0.3 and the two state a figure with the same value and unit (the
  same figure restated).

``score`` is the exact Jaccard (0..1) of the two quotes' bigram sets for ``quote``, of the two
claims' otherwise. Links are stored both ways, at most
MAX_LINKS per new claim, and only between claims of different articles. Sentences typed
``not_claim`` and claims of fewer than MIN_SHINGLES bigrams are not linked.

Everything runs inside the loader's write transaction for the batch (store.write_batch): the
links of a re-extracted article are forgotten with its claims and found again, so a reload
gives the same rows.
"""
import hashlib
import re
import zlib
from collections import defaultdict
from functools import cache
from typing import NamedTuple

from .figures import select_in, stated_figures

BANDS, ROWS = 16, 3
MIN_SHINGLES = 4
MAX_LINKS = 20
MAX_PER_BUCKET = 50  # claims of other articles a bucket offers: more is boilerplate, not one claim
LINK_CHUNK = 500  # new claims linked at a time
SAME_TEXT, CONTAINED, SAME_FIGURE = 0.5, 0.8, 0.3
PRIME = (1 << 31) - 1


def _stable_ints(label: str, count: int, low: int) -> list[int]:
    """COUNT integers in [low, PRIME) from SHA-1, so signatures are the same on every machine."""
    return [low + int.from_bytes(hashlib.sha1(f"{label}{i}".encode()).digest()[:8], "big") % (PRIME - low)
            for i in range(count)]


@cache
def _permutations():
    """NumPy is imported here, not at startup: a reload of an unchanged corpus never needs it."""
    import numpy as np

    return np, *(np.array(_stable_ints(label, count, 1), dtype=np.uint64)
                 for label, count in (("a", BANDS * ROWS), ("b", BANDS * ROWS), ("band", ROWS + 1)))


_WORD = re.compile(r"[^\W_]+(?:[.,'\u2019][^\W_]+)*")
_QUOTED = re.compile(r'["\u201c]([^"\u201c\u201d]+)["\u201d]|\u2018([^\u2018\u2019]+)\u2019')


def words(text: str) -> list[str]:
    return [w.replace(",", "") if w[0].isdigit() else w for w in _WORD.findall((text or "").lower())]


def shingles(text: str) -> frozenset[str]:
    tokens = words(text)
    return frozenset(f"{a} {b}" for a, b in zip(tokens, tokens[1:]))


def band_buckets(shingle_sets: list[frozenset]) -> list[list[int]]:
    """The BANDS bucket keys (signed 64-bit) of each non-empty shingle set, vectorised over a batch."""
    np, _A, _B, _BAND_MIX = _permutations()
    hashes = np.array([zlib.crc32(s.encode()) for shingle_set in shingle_sets for s in sorted(shingle_set)],
                      dtype=np.uint64) % PRIME
    starts = np.cumsum([0] + [len(s) for s in shingle_sets[:-1]])
    permuted = (hashes[:, None] * _A + _B) % PRIME
    signatures = np.minimum.reduceat(permuted, starts, axis=0).reshape(len(shingle_sets), BANDS, ROWS)
    keys = np.arange(BANDS, dtype=np.uint64) * _BAND_MIX[ROWS]
    for row in range(ROWS):
        keys = keys + signatures[:, :, row] * _BAND_MIX[row]  # wraps modulo 2**64
    return keys.view(np.int64).tolist()


def similarity(a: frozenset, b: frozenset) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger); (0, 0) when one is empty."""
    if not a or not b:
        return 0.0, 0.0
    shared = len(a & b)
    return shared / len(a | b), shared / min(len(a), len(b))


def link_method(a: "Shingled", b: "Shingled", same_figure: bool) -> tuple[float, str | None]:
    """(score, method) for two claims; method None when they are not the same claim."""
    jaccard, contained = similarity(a.whole, b.whole)
    if jaccard >= SAME_TEXT:
        return jaccard, "text"
    quotes = similarity(a.quote, b.quote)[0] if min(len(a.quote), len(b.quote)) >= MIN_SHINGLES else 0.0
    if quotes >= SAME_TEXT:
        return quotes, "quote"
    if contained >= CONTAINED and min(len(a.whole), len(b.whole)) >= 5:
        return jaccard, "contained"
    if jaccard >= SAME_FIGURE and same_figure:
        return jaccard, "figure"
    return jaccard, None


def forget(db, article_id: str) -> None:
    """Drop the links and index rows of an article's claims, before its claims are replaced."""
    claims = "(select id from claims where article_id = ?)"
    db.execute(f"delete from claim_links where claim_id in {claims}", [article_id])
    db.execute(f"delete from claim_links where other_claim_id in {claims}", [article_id])
    db.execute(f"delete from claim_minhash where claim_id in {claims}", [article_id])


class Shingled(NamedTuple):
    """A claim's bigrams, and those of the words it quotes (empty when it quotes nothing)."""
    article_id: str
    whole: frozenset
    quote: frozenset

    def indexed(self) -> list[frozenset]:
        return [s for s in (self.whole, self.quote) if len(s) >= MIN_SHINGLES]


def shingled(article_id: str, text: str) -> Shingled:
    quoted = " ".join("".join(parts) for parts in _QUOTED.findall(text or ""))
    return Shingled(article_id, shingles(text), shingles(quoted))


def linkable(claim: dict) -> Shingled | None:
    if claim.get("claim_type") == "not_claim":
        return None
    found = shingled(claim["article_id"], claim["text"])
    return found if len(found.whole) >= MIN_SHINGLES else None


def link(db, claims: list[dict]) -> int:
    """Index CLAIMS (just written) and link each to near-duplicates in other articles; returns
    the number of links written (each direction counted once). Claims are linked LINK_CHUNK at
    a time and a bucket offers at most MAX_PER_BUCKET claims of other articles, so memory stays
    flat however alike a batch's claims are."""
    new = {c["id"]: s for c in claims if (s := linkable(c))}
    if not new:
        return 0
    ids = list(new)
    sets = [(cid, shingle_set) for cid in ids for shingle_set in new[cid].indexed()]
    buckets = defaultdict(set)
    for (cid, _), keys in zip(sets, band_buckets([shingle_set for _, shingle_set in sets])):
        buckets[cid].update(keys)
    db.conn.executemany("insert or ignore into claim_minhash (bucket, claim_id) values (?, ?)",
                        [(bucket, cid) for cid in ids for bucket in buckets[cid]])
    rows = {}
    for start in range(0, len(ids), LINK_CHUNK):
        rows.update(link_chunk(db, new, ids[start:start + LINK_CHUNK], buckets))
    db.conn.executemany("insert or replace into claim_links (claim_id, other_claim_id, score, method) values (?, ?, ?, ?)",
                        [(a, b, score, method) for (a, b), (score, method) in rows.items()])
    return len(rows) // 2


def link_chunk(db, new: dict, ids: list[str], buckets: dict) -> dict:
    """The links of the new claims IDS: {(claim, other): (score, method)}, both ways."""
    in_bucket = defaultdict(list)  # bucket -> [(claim id, article id)], in claim id order
    for bucket, cid, article_id in select_in(
            db, """select claim_minhash.bucket, claim_minhash.claim_id, claims.article_id
                   from claim_minhash join claims on claims.id = claim_minhash.claim_id
                   where claim_minhash.bucket in ({}) order by claim_minhash.claim_id""",
            sorted({b for cid in ids for b in buckets[cid]})):
        in_bucket[bucket].append((cid, article_id))
    candidates = {}
    for cid in ids:
        article_id = new[cid].article_id
        candidates[cid] = {other for b in buckets[cid]
                           for other in [c for c, a in in_bucket[b] if a != article_id][:MAX_PER_BUCKET]}
    stored = sorted(set().union(*candidates.values()) - new.keys())
    known = dict(new)
    for cid, article_id, text in select_in(db, "select id, article_id, text from claims where id in ({})", stored):
        known[cid] = shingled(article_id, text)
    figures = stated_figures(db, sorted(set(ids).union(*candidates.values())))
    rows = {}
    for cid in ids:
        found = []
        for other in candidates[cid]:
            if other not in known:
                continue
            score, method = link_method(new[cid], known[other], bool(figures[cid] & figures[other]))
            if method:
                found.append((-score, other, method))
        for negative_score, other, method in sorted(found)[:MAX_LINKS]:
            rows[cid, other] = rows[other, cid] = (round(-negative_score, 4), method)
    return rows
