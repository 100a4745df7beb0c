"""The database schema contract (../shared/DESIGN.md), created and migrated in one place."""
import sqlite_utils

STATUSES = ("unreviewed", "true", "mostly-true", "misleading", "false", "unverifiable", "needs-context")

TABLES = {
    "articles": (
        {
            "id": str, "title": str, "url": str, "publisher": str, "published": str,
            "text": str, "path": str, "content_hash": str, "extracted_with": str, "loaded": str,
        },
        {"pk": "id"},
    ),
    "sources": (
        {"id": str, "name": str, "type": str, "role": str},
        {"pk": "id"},
    ),
    "claims": (
        {
            "id": str, "article_id": str, "sentence": int, "start_char": int, "end_char": int,
            "text": str, "checkworthiness": float, "claim_type": str, "hedged": int, "negated": int,
            "speech": str, "source_id": str, "source_role": str, "via_source_id": str, "cue": str,
            "status": str,
        },
        {
            "pk": "id",
            "foreign_keys": [
                ("article_id", "articles", "id"),
                ("source_id", "sources", "id"),
                ("via_source_id", "sources", "id"),
            ],
            "defaults": {"status": "unreviewed"},
            "not_null": {"article_id", "text", "status"},
        },
    ),
    "numbers": (
        {
            "id": str, "claim_id": str, "article_id": str, "start_char": int, "end_char": int,
            "text": str, "value": float, "unit": str, "kind": str, "low": float, "high": float,
            "qualifier": str,
        },
        {
            "pk": "id",
            "foreign_keys": [("claim_id", "claims", "id"), ("article_id", "articles", "id")],
        },
    ),
    # Append-only; claim_id is deliberately not a foreign key so a review outlives its claim.
    # claim_text and article_id keep an orphaned review readable.
    "reviews": (
        {
            "id": int, "claim_id": str, "status": str, "note": str, "evidence_url": str,
            "actor_id": str, "created": str, "claim_text": str, "article_id": str,
        },
        {"pk": "id", "not_null": {"claim_id", "status", "created"}},
    ),
    "load_errors": (
        {"id": int, "path": str, "record": str, "error": str, "created": str},
        {"pk": "id"},
    ),
}

INDEXES = {
    "articles": [["publisher"], ["published"], ["content_hash"]],
    "sources": [["type"], ["name"]],
    "claims": [
        ["article_id"], ["source_id"], ["via_source_id"], ["status"], ["speech"], ["cue"],
        ["claim_type"], ["checkworthiness"], ["status", "checkworthiness"],
        # Covering indexes for the review queue's facets ("status = unreviewed, facet by source"):
        # without them a filtered facet looks up every row, seconds at a million claims.
        ["status", "source_id"], ["status", "speech"], ["status", "cue"], ["status", "claim_type"],
    ],
    "numbers": [["claim_id"], ["article_id"], ["unit"], ["kind"]],
    "reviews": [["claim_id"], ["created"]],
}

FTS = {"claims": ["text"], "articles": ["title", "text"]}

# One CSV download answers "who said what, where".
WHO_SAID_WHAT = """
select
  claims.id as claim_id,
  claims.text as claim,
  claims.status,
  claims.checkworthiness,
  claims.claim_type,
  claims.speech,
  claims.cue,
  sources.name as source,
  claims.source_id,
  sources.type as source_type,
  coalesce(claims.source_role, sources.role) as source_role,
  via.name as via,
  articles.id as article_id,
  articles.title as article_title,
  articles.url as article_url,
  articles.publisher,
  articles.published
from claims
  join articles on articles.id = claims.article_id
  left join sources on sources.id = claims.source_id
  left join sources as via on via.id = claims.via_source_id
"""


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create every table, index, FTS table and view that is missing; safe to call on every open."""
    db.enable_wal()
    db.execute("pragma foreign_keys = on")
    for name, (columns, options) in TABLES.items():
        table = db[name]
        if not table.exists():
            table.create(columns, **options)
        else:
            missing = {c: t for c, t in columns.items() if c not in table.columns_dict}
            for column, column_type in missing.items():
                table.add_column(column, column_type)
    for name, indexes in INDEXES.items():
        for columns in indexes:
            db[name].create_index(columns, if_not_exists=True)
    for name, columns in FTS.items():
        if not db[name].detect_fts() or not has_fts_triggers(db, name):  # new, or a bulk load was killed
            db[name].enable_fts(columns, create_triggers=True, tokenize="porter", replace=True)
    db.create_view("who_said_what", WHO_SAID_WHAT, replace=True)


def fts_trigger_names(table: str) -> set[str]:
    """The triggers sqlite-utils' enable_fts makes to keep TABLE's search index in sync."""
    return {f"{table}{suffix}" for suffix in ("_ai", "_ad", "_au")}


def has_fts_triggers(db: sqlite_utils.Database, table: str) -> bool:
    return fts_trigger_names(table) <= set(db[table].triggers_dict)


def drop_fts_triggers(db: sqlite_utils.Database) -> None:
    """Stop syncing the search indexes row by row (a bulk load); rebuild_fts puts it back."""
    for table in FTS:
        for trigger in fts_trigger_names(table):
            db.execute(f"drop trigger if exists [{trigger}]")


def rebuild_fts(db: sqlite_utils.Database) -> None:
    """Index every row for search in one pass and sync row by row again from here on."""
    for table, columns in FTS.items():
        db[table].enable_fts(columns, create_triggers=True, tokenize="porter", replace=True)
