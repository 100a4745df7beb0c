"""Writes extracted articles to SQLite; keeps every review across reloads.

Knows the schema (schema.py) and the record dicts (records.py), nothing of spaCy.
"""
from collections.abc import Iterable
from datetime import datetime, timezone

import sqlite_utils

from .records import ArticleRecords
from .readers import Article, LoadError
from .schema import ensure_schema


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def open_database(path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    db.execute("pragma busy_timeout = 30000")  # the site may hold a read or a review write
    ensure_schema(db)
    return db


def is_unchanged(db: sqlite_utils.Database, article: Article, extracted_with: str) -> bool:
    """True when the stored article has the same content and was extracted the same way."""
    row = db.execute(
        "select content_hash, extracted_with from articles where id = ?", [article.id]
    ).fetchone()
    return row is not None and tuple(row) == (article.content_hash, extracted_with)


def _keep_most_telling_role(db: sqlite_utils.Database, source: dict) -> dict:
    from .records import merge_source

    existing = db.execute("select id, name, type, role from sources where id = ?", [source["id"]]).fetchone()
    if existing is None:
        return source
    return merge_source(dict(zip(("id", "name", "type", "role"), existing)), source)


def write_batch(db: sqlite_utils.Database, batch: Iterable[ArticleRecords]) -> None:
    """Replace each article's rows in one transaction: all of the batch lands, or none of it.

    A re-extracted claim whose normalised text is unchanged keeps its id, so its review status
    is restored from the reviews log; reviews themselves are never touched.
    """
    with db.atomic():
        for records in batch:
            article_id = records.article["id"]
            db.execute("delete from numbers where article_id = ?", [article_id])
            db.execute("delete from claims where article_id = ?", [article_id])
            db["articles"].upsert(records.article, pk="id")
            for source in records.sources:
                db["sources"].upsert(_keep_most_telling_role(db, source), pk="id")
            db["claims"].insert_all(records.claims, pk="id")
            db["numbers"].insert_all(records.numbers, pk="id")
            db.execute(
                """update claims set status = coalesce((
                       select status from reviews where reviews.claim_id = claims.id
                       order by created desc, id desc limit 1), 'unreviewed')
                   where article_id = ?""",
                [article_id],
            )


def prune_sources(db: sqlite_utils.Database) -> int:
    """Drop sources no claim credits any more (an article was re-extracted differently)."""
    with db.atomic():
        cursor = db.execute(
            """delete from sources where id not in (select source_id from claims where source_id is not null)
               and id not in (select via_source_id from claims where via_source_id is not null)"""
        )
    return cursor.rowcount


def record_error(db: sqlite_utils.Database, error: LoadError) -> None:
    with db.atomic():
        db["load_errors"].insert({"path": error.path, "record": error.record, "error": error.error, "created": now()})


def existing_article_ids(db: sqlite_utils.Database, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    placeholders = ",".join("?" * len(ids))
    return {row[0] for row in db.execute(f"select id from articles where id in ({placeholders})", ids)}
