"""Writes extracted articles to SQLite; keeps every review across reloads.

Knows the schema (schema.py) and the record dicts (records.py), nothing of spaCy.
"""
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

import sqlite_utils

from . import figures, links, sources
from .records import ArticleRecords
from .readers import Article, LoadError
from .schema import (
    FACET_COUNTS, drop_facet_count_triggers, drop_fts_triggers, ensure_schema, rebuild_facet_counts, rebuild_fts,
)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def open_database(path) -> sqlite_utils.Database:
    if os.path.exists(path) and not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block the first read for ever
        raise sqlite3.OperationalError("not a regular file (a FIFO, device or folder)")
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


def _insert(db: sqlite_utils.Database, table: str, rows: list[dict], on_conflict: str = "") -> None:
    """One executemany for ROWS. sqlite-utils' insert_all re-reads the table's schema on every
    call, which was a third of the loader's write time at one call per article and table."""
    if not rows:
        return
    columns = list(dict.fromkeys(column for row in rows for column in row))
    db.conn.executemany(
        f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) values ({', '.join('?' * len(columns))}) {on_conflict}",
        [tuple(row.get(column) for column in columns) for row in rows],
    )


def _upsert(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """Insert ROWS, updating the columns they carry where the id exists (sqlite-utils' upsert)."""
    columns = [column for column in dict.fromkeys(c for row in rows for c in row) if column != "id"]
    _insert(db, table, rows, "on conflict (id) do update set " + ", ".join(f"[{c}] = excluded.[{c}]" for c in columns))


def write_batch(db: sqlite_utils.Database, batch: Iterable[ArticleRecords]) -> None:
    """Replace each article's rows in one transaction: all of the batch lands, or none of it.

    A re-extracted claim whose normalised text is unchanged keeps its id, so its review status
    is restored from the reviews log; reviews themselves are never touched.
    """
    with db.atomic():
        for records in batch:
            article_id = records.article["id"]
            links.forget(db, article_id)  # the first statement writes: the transaction takes the write lock at once
            figures.forget(db, article_id)
            db.execute("delete from numbers where article_id = ?", [article_id])
            # its matches go with its claims; matchstore.match_articles makes them again
            db.execute("delete from claim_matches where claim_id in (select id from claims where article_id = ?)", [article_id])
            db.execute("delete from claims where article_id = ?", [article_id])
            _upsert(db, "articles", [records.article])
            sources.store_sources(db, records)  # merged across articles; repoints the claims
            _insert(db, "claims", records.claims)
            _insert(db, "numbers", records.numbers)
            # Only reviewed claims are updated: an update rewrites the row's search index entry.
            db.execute(
                """update claims set status = (
                       select status from reviews where reviews.claim_id = claims.id
                       order by created desc, id desc limit 1)
                   where article_id = ? and exists (select 1 from reviews where reviews.claim_id = claims.id)""",
                [article_id],
            )
        claims = [claim for records in batch for claim in records.claims]
        links.link(db, claims)
        figures.pair(db, claims, [number for records in batch for number in records.numbers])


@contextmanager
def search_indexed_after(db: sqlite_utils.Database) -> Iterator[None]:
    """Write many rows, then index them for search and count them for facets in one pass each:
    FTS5 sync triggers flush the index row by row and cost more than the rest of a fresh load's
    writes, and the facet count triggers do 37 upserts per claim. Search and counts are complete
    when the block ends (also when it fails; ensure_schema repairs a killed process)."""
    drop_fts_triggers(db)
    drop_facet_count_triggers(db)
    try:
        yield
    finally:
        rebuild_fts(db)
        for table in FACET_COUNTS:
            rebuild_facet_counts(db, table)


def is_empty(db: sqlite_utils.Database) -> bool:
    return db.execute("select not exists (select 1 from articles)").fetchone()[0] == 1


def prune_sources(db: sqlite_utils.Database) -> int:
    """Drop sources no claim credits any more (an article was re-extracted differently)."""
    with db.atomic():
        cursor = db.execute(
            """delete from sources where id not in (select source_id from claims where source_id is not null)
               and id not in (select via_source_id from claims where via_source_id is not null)"""
        )
    return cursor.rowcount


def record_error(db: sqlite_utils.Database, error: LoadError) -> None:
    record_errors(db, [error])


def record_errors(db: sqlite_utils.Database, errors: list[LoadError]) -> None:
    if not errors:
        return
    created = now()
    with db.atomic():
        _insert(db, "load_errors", [{"path": error.path, "record": error.record, "error": error.error, "created": created,
                                     "count": error.count} for error in errors])


def existing_article_ids(db: sqlite_utils.Database, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    placeholders = ",".join("?" * len(ids))
    return {row[0] for row in db.execute(f"select id from articles where id in ({placeholders})", ids)}
