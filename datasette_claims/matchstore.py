"""Fact-checks and claim_matches in SQLite: writes loaded fact-checks and keeps every claim's best
matches current both ways (new claims against every fact-check, new fact-checks against every
claim they could be the best match of)."""
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from itertools import islice

import sqlite_utils

from . import embeddings
from .factchecks import FactCheck
from .matching import CANDIDATES, KEEP, Matcher
from .matchtext import fts_query, terms
from .readers import LoadError
from .store import _upsert, now, record_error

# An article this short (a post, a tweet, a quote card) is one message: it is matched as a whole,
# as its sentences alone may say little ("Footage by Julie Favell"), and each claim in it keeps
# the message's matches that share a word with it.
SHORT_ARTICLE_CHARS = 1000
# Loading fact-checks re-matches the claims (and short articles) where their words rank this high.
REVERSE_CANDIDATES = 100


def has_fact_checks(db: sqlite_utils.Database) -> bool:
    return db.execute("select exists (select 1 from fact_checks)").fetchone()[0] == 1


def write_fact_checks(db: sqlite_utils.Database, batch: list[FactCheck]) -> tuple[list[str], list[str]]:
    """Upsert BATCH in one transaction; (ids that are new, ids whose content changed). Unchanged
    fact-checks are not written, so a reload of the same file changes nothing."""
    ids = [fact_check.id for fact_check in batch]
    stored = dict(db.execute(
        f"select id, content_hash from fact_checks where id in ({','.join('?' * len(ids))})", ids).fetchall()) if ids else {}
    fresh = [fact_check for fact_check in batch if stored.get(fact_check.id) != fact_check.content_hash]
    loaded = now()
    with db.atomic():
        _upsert(db, "fact_checks", [{**asdict(f), "content_hash": f.content_hash, "loaded": loaded} for f in fresh])
    return [f.id for f in fresh if f.id not in stored], [f.id for f in fresh if f.id in stored]


def _matches(db: sqlite_utils.Database, matcher: Matcher, article_ids: list[str]):
    """(claim id, its best KEEP (fact-check id, score)) for every claim of ARTICLE_IDS."""
    articles = []
    for article_id in article_ids:
        row = db.execute("select text from articles where id = ?", [article_id]).fetchone()
        claims = db.execute("select id, text from claims where article_id = ? order by start_char", [article_id]).fetchall()
        if row is not None and claims:
            articles.append((row[0], claims))
    matcher.prepare([text for article, claims in articles for text in
                     ([article] if len(article) <= SHORT_ARTICLE_CHARS else [t for _, t in claims])])
    for text, claims in articles:
        if len(text) > SHORT_ARTICLE_CHARS:
            yield from ((claim_id, matcher.match(claim_text, KEEP)) for claim_id, claim_text in claims)
            continue
        whole = matcher.match(text, CANDIDATES)
        for claim_id, claim_text in claims:
            stems = terms(claim_text).stems
            yield claim_id, [match for match in whole if matcher.shares_words(match[0], stems)][:KEEP]


def match_articles(db: sqlite_utils.Database, matcher: Matcher, article_ids: list[str]) -> int:
    """Replace the matches of every claim of ARTICLE_IDS with its best KEEP against every
    fact-check, in one transaction; the number of claims with a match."""
    rows, best = [], {}
    for claim_id, found in _matches(db, matcher, article_ids):
        rows.extend((claim_id, fact_check_id, rank, score) for rank, (fact_check_id, score) in enumerate(found, start=1))
        best[claim_id] = found[0][1] if found else None
    confident = matcher.model.confident
    with db.atomic():
        for start in range(0, len(best), 500):
            ids = list(best)[start:start + 500]
            db.execute(f"delete from claim_matches where claim_id in ({','.join('?' * len(ids))})", ids)
        db.conn.executemany("insert into claim_matches (claim_id, fact_check_id, rank, score) values (?, ?, ?, ?)", rows)
        db.conn.executemany(
            "update claims set fact_check_match = ?1 where id = ?2 and fact_check_match is not ?1",
            [(None if score is None else "confident" if score >= confident else "possible", claim_id)
             for claim_id, score in best.items()])
    return sum(score is not None for score in best.values())


def articles_to_rematch(db: sqlite_utils.Database, fact_check_ids: list[str]) -> list[str]:
    """The articles whose matches new or changed fact-checks could change: every article when
    they are many for the claims there are (a first load), else those where the fact-checks' words
    rank among the best REVERSE_CANDIDATES claims or short articles."""
    articles = db.execute("select count(*) from articles").fetchone()[0]
    if not articles or not fact_check_ids:
        return []
    if len(fact_check_ids) * REVERSE_CANDIDATES >= articles:
        return [row[0] for row in db.execute("select id from articles order by id")]
    found = set()
    for start in range(0, len(fact_check_ids), 500):  # a changed fact-check may no longer match where it did
        ids = fact_check_ids[start:start + 500]
        found.update(row[0] for row in db.execute(
            f"""select distinct claims.article_id from claim_matches join claims on claims.id = claim_matches.claim_id
                where claim_matches.fact_check_id in ({','.join('?' * len(ids))})""", ids))
    for fact_check_id in fact_check_ids:
        claim, title = db.execute("select claim, title from fact_checks where id = ?", [fact_check_id]).fetchone()
        words = terms(f"{claim}\n{title or ''}").words
        if not words:
            continue
        query = fts_query(words)
        found.update(row[0] for row in db.execute(
            f"""select claims.article_id from claims_fts join claims on claims.rowid = claims_fts.rowid
                where claims_fts match ? order by rank limit {REVERSE_CANDIDATES}""", [query]))
        found.update(row[0] for row in db.execute(
            f"""select articles.id from articles_fts join articles on articles.rowid = articles_fts.rowid
                where articles_fts match ? and length(articles.text) <= {SHORT_ARTICLE_CHARS}
                order by rank limit {REVERSE_CANDIDATES}""", [query]))
    return sorted(found)


@dataclass
class FactCheckSummary:
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    matched_claims: int = 0
    started: float = field(default_factory=time.monotonic)

    def line(self) -> str:
        return (f"fact-checks read: {self.read}, new: {self.new}, updated: {self.updated}, unchanged: {self.unchanged}, "
                f"failed: {self.failed}; claims with a match: {self.matched_claims}; {time.monotonic() - self.started:.1f}s")


def load_fact_checks(db: sqlite_utils.Database, items: Iterable, on_error: Callable[[LoadError], None],
                     batch_size: int = 500) -> FactCheckSummary:
    """Write every FactCheck of ITEMS (errors are recorded and reported), then re-match the claims
    the new or changed ones could be the best match of."""
    summary, first_path, changed = FactCheckSummary(), {}, []

    def fail(error: LoadError) -> None:
        summary.failed += 1
        record_error(db, error)
        on_error(error)

    stream = iter(items)
    while batch := list(islice(stream, batch_size)):
        good = []
        for item in batch:
            if isinstance(item, LoadError):
                fail(item)
            elif first_path.setdefault(item.id, item.path) != item.path:
                fail(LoadError(item.path, item.id, f"duplicate id (first read from {first_path[item.id]}); skipped"))
            else:
                good.append(item)
        summary.read += len(good)
        new, updated = write_fact_checks(db, good)
        summary.new, summary.updated = summary.new + len(new), summary.updated + len(updated)
        summary.unchanged += len(good) - len(new) - len(updated)
        changed += new + updated
    if changed:
        embeddings.store_vectors(db)  # once, here, rather than when the next articles are matched
    articles = articles_to_rematch(db, changed)
    if articles:
        matcher = Matcher(db)
        for start in range(0, len(articles), 100):
            summary.matched_claims += match_articles(db, matcher, articles[start:start + 100])
    return summary
