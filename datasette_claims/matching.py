"""Claims <-> published fact-checks: FTS5 bm25 finds candidates, a small logistic model re-ranks.

For each query (a claim, or a whole short article such as a post), bm25 over the fact-checks'
claim and title proposes ``CANDIDATES``; each is scored by a logistic model over features that
carry meaning beyond word counts: how much of the fact-check's words, names, numbers with their
units and word pairs the query covers. The weights are in ``data/fact_check_matching.json``,
trained by ``benchmarks/train_fact_check_matching.py`` on CLEF-2020 CheckThat! Task 2; the score
is that model's probability that the fact-check verifies the query.

With the ``embeddings`` extra (see embeddings.py), the query's sentence vector adds the nearest
fact-checks to the candidates (how many, and how many of bm25's, the data file says) and three features (cosine, its gap to
the nearest fact-check's, the inverse of its rank by cosine), weighed by a second model trained
the same way (``with_embeddings`` in the data file).
"""
import json
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from . import embeddings, wordlists
from .matchtext import Terms, fts_query, idf_weight, terms

CANDIDATES = 40  # bm25 candidates unless the data file says otherwise
DENSE_CANDIDATES = 10  # the nearest by cosine, added to bm25's
DENSE_RANKED = 200  # a cosine rank below this gives dense_inverse_rank 0
KEEP = 5


@dataclass(frozen=True)
class Model:
    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    claim_weight: float  # bm25 column weights
    title_weight: float
    confident: float  # the score from which the site calls a match confident
    candidates: int = CANDIDATES  # bm25's best this many are re-ranked
    dense_candidates: int = DENSE_CANDIDATES  # and (with vectors) the nearest this many by cosine

    @classmethod
    def load(cls, path=None, with_embeddings: bool = False) -> "Model":
        data = json.loads((path or wordlists.DATA / "fact_check_matching.json").read_text(encoding="utf-8"))
        weighed = data["with_embeddings"] if with_embeddings else data
        return cls(tuple(weighed["features"]), tuple(weighed["weights"]), weighed["bias"], data["claim_weight"],
                   data["title_weight"], weighed["confident"],
                   weighed.get("candidates", CANDIDATES), weighed.get("dense_candidates", DENSE_CANDIDATES))

    @property
    def uses_embeddings(self) -> bool:
        return "cosine" in self.features

    def score(self, values: dict[str, float]) -> float:
        z = self.bias + sum(w * values[name] for name, w in zip(self.features, self.weights))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def features(query: Terms, claim: Terms, title: Terms, rank: int | None, bm25: float, best_bm25: float, idf) -> dict[str, float]:
    """What the re-ranker weighs for one (query, fact-check) pair (RANK None: not a bm25
    candidate). IDF is an IdfWeights."""
    both = claim.stems | title.stems
    names = claim.names | title.names
    numbers = claim.numbers | title.numbers
    quantities = claim.quantities | title.quantities
    return {
        "bm25": bm25,
        "bm25_share": bm25 / best_bm25 if best_bm25 > 0 else 0.0,
        "inverse_rank": 1 / rank if rank else 0.0,
        "claim_covered": idf.covered(claim.stems, query.stems),
        "title_covered": idf.covered(title.stems, query.stems),
        "query_covered": idf.covered(query.stems, both),
        "bigrams_covered": len(query.bigrams & (claim.bigrams | title.bigrams)) / (1 + len(claim.bigrams)),
        "names_covered": len(query.names & names) / len(names) if names else 0.0,
        "names_missing": float(bool(names) and not (query.names & names)),
        "numbers_shared": float(len(query.numbers & numbers)),
        "numbers_missing": float(bool(numbers) and not (query.numbers & numbers)),
        "quantities_shared": float(len(query.quantities & quantities)),
    }


class IdfWeights:
    """Inverse document frequencies of stems over the fact-checks, and sums of them (memoised:
    a fact-check's stems are summed once, not for every query it is a candidate of)."""

    def __init__(self, frequency: Counter, documents: int):
        self.weight = {s: idf_weight(n, documents) for s, n in frequency.items()}
        self.unseen = idf_weight(0, documents)
        self._totals: dict[frozenset, float] = {}

    def total(self, stems: frozenset[str]) -> float:
        found = self._totals.get(stems)
        if found is None:
            if len(self._totals) > 500_000:  # queries come and go; the fact-checks' sums are made again
                self._totals.clear()
            found = self._totals[stems] = sum(self.weight.get(s, self.unseen) for s in stems)
        return found

    def covered(self, part: frozenset[str], whole: frozenset[str]) -> float:
        """The IDF-weighted share of PART that WHOLE holds (0 when PART is empty)."""
        total = self.total(part)
        return sum(self.weight.get(s, self.unseen) for s in part & whole) / total if total else 0.0


class Matcher:
    """Matches texts against every fact-check in DB. Build one per load: it reads the fact-checks'
    terms, document frequencies and (with the embeddings extra) vectors once."""

    def __init__(self, db, model: Model | None = None):
        self.db = db
        self.model = model or Model.load(with_embeddings=embeddings.available())
        self.fact_checks: dict[int, tuple[str, Terms, Terms]] = {}
        self.stems: dict[str, frozenset[str]] = {}  # fact-check id -> the stems of its claim and title
        frequency = Counter()
        for rowid, fact_check_id, claim, title in db.execute("select rowid, id, claim, title from fact_checks order by rowid"):
            parsed = (fact_check_id, terms(claim), terms(title))
            self.fact_checks[rowid] = parsed
            self.stems[fact_check_id] = parsed[1].stems | parsed[2].stems
            frequency.update(self.stems[fact_check_id])
        self.idf = IdfWeights(frequency, len(self.fact_checks))
        self.rowids, self.vectors, self._query_vectors = list(self.fact_checks), None, {}
        self.position = {rowid: i for i, rowid in enumerate(self.rowids)}  # rowid -> row of self.vectors
        if self.model.uses_embeddings and self.rowids:
            embeddings.store_vectors(db)
            self.vectors = embeddings.load_vectors(db, [self.fact_checks[r][0] for r in self.rowids])

    def shares_words(self, fact_check_id: str, stems: frozenset[str]) -> bool:
        return not self.stems[fact_check_id].isdisjoint(stems)

    def prepare(self, texts: list[str]) -> None:
        """Embed TEXTS in one batch for the match calls that follow (a no-op without vectors)."""
        if self.vectors is not None:
            texts = list(dict.fromkeys(texts))
            self._query_vectors = dict(zip(texts, embeddings.queries(texts))) if texts else {}

    def _query_vector(self, text: str):
        vector = self._query_vectors.get(text)
        if vector is None:
            if len(self._query_vectors) > 10_000:
                self._query_vectors.clear()
            vector = self._query_vectors[text] = embeddings.queries([text])[0]
        return vector

    def candidates(self, query: Terms) -> list[tuple[int, float]]:
        """(fact_checks rowid, bm25 as a positive number) of the best CANDIDATES by bm25."""
        if not query.words:
            return []
        sql = f"""select rowid, -bm25(fact_checks_fts, {self.model.claim_weight}, {self.model.title_weight})
                  from fact_checks_fts where fact_checks_fts match ? order by bm25(fact_checks_fts,
                  {self.model.claim_weight}, {self.model.title_weight}) limit {self.model.candidates}"""
        return [(rowid, score) for rowid, score in self.db.execute(sql, [fts_query(query.words)]) if rowid in self.fact_checks]

    def scored(self, text: str) -> list[tuple[dict, str]]:
        """(feature values, fact-check id) of every candidate for TEXT: bm25's in bm25 order,
        then (with vectors) the nearest others by cosine."""
        query = terms(text)
        found = self.candidates(query)
        best = found[0][1] if found else 0.0
        rows = [(rowid, rank, bm25) for rank, (rowid, bm25) in enumerate(found, start=1)]
        dense = None
        if self.vectors is not None and text.strip():
            cosines = self.vectors @ self._query_vector(text)
            nearest = np.argpartition(-cosines, min(DENSE_RANKED, len(cosines)) - 1)[:DENSE_RANKED]
            nearest = nearest[np.argsort(-cosines[nearest])]
            dense_rank = {self.rowids[i]: rank for rank, i in enumerate(nearest, start=1)}
            seen = {rowid for rowid, _ in found}
            rows += [(self.rowids[i], None, 0.0) for i in nearest[:self.model.dense_candidates]  # a match shares a word at least
                     if self.rowids[i] not in seen and self.shares_words(self.fact_checks[self.rowids[i]][0], query.stems)]
            dense = (cosines, float(cosines[nearest[0]]), dense_rank)
        out = []
        for rowid, rank, bm25 in rows:
            fact_check_id, claim, title = self.fact_checks[rowid]
            values = features(query, claim, title, rank, bm25, best, self.idf)
            if dense:
                cosines, top, dense_rank = dense
                cosine = float(cosines[self.position[rowid]])
                values.update(cosine=cosine, cosine_gap=cosine - top, dense_inverse_rank=1 / dense_rank.get(rowid, math.inf))
            out.append((values, fact_check_id))
        return out

    def match(self, text: str, keep: int = KEEP) -> list[tuple[str, float]]:
        """The best KEEP (fact-check id, score) for TEXT, best first."""
        ranked = sorted(((self.model.score(values), fact_check_id) for values, fact_check_id in self.scored(text)),
                        key=lambda pair: (-pair[0], pair[1]))
        return [(fact_check_id, round(score, 4)) for score, fact_check_id in ranked[:keep]]
