"""The database schema contract (../shared/DESIGN.md), created and migrated in one place."""
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

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
            "status": str, "fact_check_match": str,
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
    # Published fact-checks (load-fact-checks) and each claim's best candidates among them (matching.py).
    "fact_checks": (
        {
            "id": str, "claim": str, "rating": str, "url": str, "publisher": str, "published": str,
            "title": str, "path": str, "content_hash": str, "loaded": str,
        },
        {"pk": "id", "not_null": {"claim"}},
    ),
    "claim_matches": (
        {"claim_id": str, "fact_check_id": str, "rank": int, "score": float},
        {
            "pk": ("claim_id", "fact_check_id"),
            "foreign_keys": [("claim_id", "claims", "id"), ("fact_check_id", "fact_checks", "id")],
        },
    ),
    "load_errors": (
        # count: how many errors the row stands for (a file's repeats past the first few are one row)
        {"id": int, "path": str, "record": str, "error": str, "created": str, "count": int},
        {"pk": "id"},
    ),
}

INDEXES = {
    "articles": [["publisher"], ["published"], ["content_hash"]],
    "sources": [["type"], ["name"]],
    "claims": [
        ["article_id"], ["via_source_id"], ["checkworthiness"],
        # The table's default order under a filter on a facet column: the first page of
        # "claim_type = quantity" by check-worthiness reads 101 rows, not 150,000 sorted.
        ["status", "checkworthiness"], ["source_id", "checkworthiness"], ["speech", "checkworthiness"],
        ["cue", "checkworthiness"], ["claim_type", "checkworthiness"],
        # Covering indexes for the review queue's facets ("status = unreviewed, facet by source"):
        # without them a filtered facet looks up every row, seconds at a million claims.
        ["status", "source_id"], ["status", "speech"], ["status", "cue"], ["status", "claim_type"],
    ],
    "numbers": [["claim_id"], ["article_id"], ["unit"], ["kind"]],
    "reviews": [["claim_id"], ["created"]],
    "fact_checks": [["publisher"], ["rating"]],
    "claim_matches": [["fact_check_id"]],
}

# The desk's "already checked" queue; partial, so the loader's inserts (no match yet) skip it.
PARTIAL_INDEXES = [
    "create index if not exists [idx_claims_fact_check_match] on claims ([fact_check_match], [checkworthiness]) "
    "where [fact_check_match] is not null",
]

FTS = {"claims": ["text"], "articles": ["title", "text"]}
# Searched by the matcher; kept in sync row by row (a bulk load of articles does not touch it).
FACT_CHECK_FTS = {"fact_checks": ["claim", "title"]}

# Datasette counts a facet with a GROUP BY over the (filtered) table, one facet after another:
# 100-1000 ms each at a million claims or two million numbers. The default facets' text columns
# are counted ahead in TABLE_facet_counts: over the whole table, under an equality filter on one
# of them ("status = unreviewed, facet by source"), and under the first one's filter with one
# more (the review queue's next click: "unreviewed, direct speech"). Triggers keep the counts
# exact; facets.CountedColumnFacet reads them.
FACET_COUNTS = {
    "claims": ("status", "speech", "source_id", "cue", "claim_type"),
    "numbers": ("unit", "kind"),
}

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


def enable_wal(db: sqlite_utils.Database) -> None:
    """WAL mode, waiting as long as the busy timeout while another connection holds the lock
    (SQLite answers "database is locked" to the pragma at once, without waiting itself)."""
    deadline = time.monotonic() + db.execute("pragma busy_timeout").fetchone()[0] / 1000
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


# Cross-article tables (links.py, figures.py): derived data, rebuilt with the claims they join,
# so no foreign keys (a plain "delete from claims" must not fail on them; pages join to claims).
# The two index tables are WITHOUT ROWID, as their primary key is the index every lookup uses
# (half the size of a rowid table and its index).
CROSS_ARTICLE_TABLES = {
    "claim_minhash": """create table if not exists [claim_minhash] (
        [bucket] integer not null, [claim_id] text not null, primary key ([bucket], [claim_id])) without rowid""",
    "claim_links": """create table if not exists [claim_links] (
        [claim_id] text not null, [other_claim_id] text not null,
        [score] real not null, [method] text not null, primary key ([claim_id], [other_claim_id]))""",
    "number_terms": """create table if not exists [number_terms] (
        [unit] text not null, [kind] text not null, [term] text not null, [number_id] text not null,
        primary key ([unit], [kind], [term], [number_id])) without rowid""",
    "disagreeing_figures": """create table if not exists [disagreeing_figures] (
        [number_id] text not null, [other_number_id] text not null,
        [shared] text, primary key ([number_id], [other_number_id]))""",
}
CROSS_ARTICLE_INDEXES = {
    "claim_minhash": ["claim_id"], "claim_links": ["other_claim_id"],
    "number_terms": ["number_id"], "disagreeing_figures": ["other_number_id"],
}

# Each pair of figures that disagree, with the claims, sources and articles around both.
FIGURES_THAT_DISAGREE = """
select
  number.unit, number.kind,
  number.value, number.text as figure, claim.text as claim, source.name as source,
  article.title as article_title, article.publisher, article.published,
  other.value as other_value, other.text as other_figure, other_claim.text as other_claim,
  other_source.name as other_source, other_article.title as other_article_title,
  other_article.publisher as other_publisher, other_article.published as other_published,
  pairs.shared,
  claim.id as claim_id, other_claim.id as other_claim_id,
  article.id as article_id, other_article.id as other_article_id,
  pairs.number_id, pairs.other_number_id
from disagreeing_figures as pairs
  join numbers as number on number.id = pairs.number_id
  join numbers as other on other.id = pairs.other_number_id
  join claims as claim on claim.id = number.claim_id
  join claims as other_claim on other_claim.id = other.claim_id
  join articles as article on article.id = claim.article_id
  join articles as other_article on other_article.id = other_claim.article_id
  left join sources as source on source.id = claim.source_id
  left join sources as other_source on other_source.id = other_claim.source_id
"""


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create every table, index, FTS table and view that is missing; safe to call on every open,
    and by two processes at once: all of it happens inside one write transaction taken first
    (BEGIN IMMEDIATE, which waits out the busy timeout), so the second finds the first's work
    done instead of creating the same trigger twice."""
    enable_wal(db)
    db.execute("pragma foreign_keys = on")
    with write_locked(db):
        _create_missing(db)


@contextmanager
def write_locked(db: sqlite_utils.Database) -> Iterator[None]:
    """One transaction holding the write lock from its start (BEGIN IMMEDIATE waits out the busy
    timeout): a schema change checked and made in it cannot interleave with another process's."""
    db.conn.execute("begin immediate")
    try:
        yield
        db.conn.execute("commit")
    except BaseException:
        db.conn.rollback()
        raise


def _create_missing(db: sqlite_utils.Database) -> None:
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
    for sql in PARTIAL_INDEXES:
        db.execute(sql)
    for name, columns in {**FTS, **FACT_CHECK_FTS}.items():
        if not db[name].detect_fts() or not has_fts_triggers(db, name):  # new, or a bulk load was killed
            db[name].enable_fts(columns, create_triggers=True, tokenize="porter", replace=True)
    for table in FACET_COUNTS:
        if not has_facet_count_triggers(db, table):  # new, a bulk load was killed, or the columns changed
            rebuild_facet_counts(db, table)
    db.create_view("who_said_what", WHO_SAID_WHAT, replace=True)
    for name, sql in CROSS_ARTICLE_TABLES.items():
        db.execute(sql)
        db.execute(f"create index if not exists [{name}_{CROSS_ARTICLE_INDEXES[name][0]}] "
                   f"on [{name}] ([{CROSS_ARTICLE_INDEXES[name][0]}])")
    db.create_view("figures_that_disagree", FIGURES_THAT_DISAGREE, replace=True)


def fts_trigger_names(table: str) -> set[str]:
    """The triggers sqlite-utils' enable_fts makes to keep TABLE's search index in sync."""
    return {f"{table}{suffix}" for suffix in ("_ai", "_ad", "_au")}


def has_fts_triggers(db: sqlite_utils.Database, table: str) -> bool:
    return fts_trigger_names(table) <= set(db[table].triggers_dict)


def drop_fts_triggers(db: sqlite_utils.Database) -> None:
    """Stop syncing the search indexes row by row (a bulk load); rebuild_fts puts it back."""
    with write_locked(db):
        for table in FTS:
            for trigger in fts_trigger_names(table):
                db.execute(f"drop trigger if exists [{trigger}]")


def rebuild_fts(db: sqlite_utils.Database) -> None:
    """Index every row for search in one pass and sync row by row again from here on."""
    with write_locked(db):
        for table, columns in FTS.items():
            db[table].enable_fts(columns, create_triggers=True, tokenize="porter", replace=True)


def facet_counts_table(table: str) -> str:
    return f"{table}_facet_counts"


def counted_filters(table: str) -> list[tuple[str, ...]]:
    """The sets of equality filters the counts are kept under, columns in FACET_COUNTS order."""
    first, *others = FACET_COUNTS[table]
    return [(), (first,), *[(column,) for column in others], *[(first, column) for column in others]]


def facet_count_slices(table: str) -> list[tuple[tuple[str, ...], str]]:
    """(filters, facet) of every slice counted: each column under each filter set without it."""
    return [(filters, facet) for filters in counted_filters(table) for facet in FACET_COUNTS[table] if facet not in filters]


def filter_sql(filters: tuple[str, ...], row: str = "") -> tuple[str, str]:
    """SQL for a slice's `filter` (its columns, comma-separated) and `filter_value` (a JSON array
    of their values; null when one is null, as no equality filter matches a null)."""
    values = ", ".join(f"{row}[{column}]" for column in filters)
    present = " and ".join(f"{row}[{column}] is not null" for column in filters)
    return f"'{','.join(filters)}'", f"case when {present} then json_array({values}) end" if filters else "json_array()"


def _slice_rows(table: str, row: str) -> str:
    """SQL selecting the (facet, filter, filter_value, value) of each slice a row (new or old) counts in."""
    selects = []
    for filters, facet in facet_count_slices(table):
        name, value = filter_sql(filters, f"{row}.")
        selects.append(f"select '{facet}' as facet, {name} as filter, {value} as filter_value, {row}.[{facet}] as value")
    return " union all ".join(selects)


def facet_count_triggers(table: str) -> dict[str, str]:
    """Name -> CREATE TRIGGER statement of the triggers that keep TABLE's facet counts exact.
    Null values are not counted: Datasette's facets leave them out and no equality filter matches them."""
    counts, columns = facet_counts_table(table), FACET_COUNTS[table]
    key = "([facet], [filter], [filter_value], [value])"

    def upsert(row: str, new_count: int, change: str) -> str:
        """An upsert finds each slice's row by primary key (an UPDATE ... WHERE key IN (...) scans)."""
        return f"""insert into [{counts}] ([facet], [filter], [filter_value], [value], [count])
    select facet, filter, filter_value, value, {new_count} from ({_slice_rows(table, row)})
    where value is not null and filter_value is not null
    on conflict {key} do update set [count] = [count] {change};"""

    def count_in(row: str) -> str:
        return upsert(row, 1, "+ 1")

    def count_out(row: str) -> str:
        return f"""{upsert(row, 0, "- 1")}
  delete from [{counts}] where [count] = 0;"""

    changed = " or ".join(f"old.[{c}] is not new.[{c}]" for c in columns)
    return {
        f"{counts}_ai": f"CREATE TRIGGER [{counts}_ai] after insert on [{table}] begin\n  {count_in('new')}\nend",
        f"{counts}_ad": f"CREATE TRIGGER [{counts}_ad] after delete on [{table}] begin\n  {count_out('old')}\nend",
        f"{counts}_au": (
            f"CREATE TRIGGER [{counts}_au] after update of {', '.join(f'[{c}]' for c in columns)} on [{table}]\n"
            f"when {changed} begin\n  {count_out('old')}\n  {count_in('new')}\nend"
        ),
    }


def has_facet_count_triggers(db: sqlite_utils.Database, table: str) -> bool:
    return facet_counts_kept_by(table, db[table].triggers_dict)


def facet_counts_kept_by(table: str, triggers: dict[str, str]) -> bool:
    """True when TRIGGERS (name -> SQL, TABLE's) are the ones this version makes to keep TABLE's
    facet counts, so the counts are exact (not mid bulk load, not an older version)."""
    return all(triggers.get(name) == sql for name, sql in facet_count_triggers(table).items())


def drop_facet_count_triggers(db: sqlite_utils.Database) -> None:
    """Stop counting row by row (a bulk load); rebuild_facet_counts counts everything again."""
    with write_locked(db):
        for table in FACET_COUNTS:
            for trigger in facet_count_triggers(table):
                db.execute(f"drop trigger if exists [{trigger}]")


def rebuild_facet_counts(db: sqlite_utils.Database, table: str) -> None:
    """Count TABLE's facet columns in one GROUP BY per slice and keep them counted row by row
    from here on, in one transaction: readers see the old counts or the new, never a part."""
    counts = facet_counts_table(table)
    with db.atomic():
        for trigger in facet_count_triggers(table):
            db.execute(f"drop trigger if exists [{trigger}]")
        db.execute(f"drop table if exists [{counts}]")
        db.execute(f"""create table [{counts}] (
            [facet] text not null, [filter] text not null, [filter_value] not null, [value] not null,
            [count] integer not null,
            primary key ([facet], [filter], [filter_value], [value])
        ) without rowid""")
        # Only the rows a delete or an update just emptied: the triggers' cleanup finds them at once.
        db.execute(f"create index [{counts}_emptied] on [{counts}] ([count]) where [count] = 0")
        for filters, facet in facet_count_slices(table):
            name, value = filter_sql(filters)
            db.execute(f"""insert into [{counts}] select '{facet}', {name}, {value}, [{facet}], count(*)
                from [{table}] where {' and '.join(f'[{column}] is not null' for column in (*filters, facet))}
                group by {', '.join(f'[{column}]' for column in (*filters, facet))}""")
        for sql in facet_count_triggers(table).values():
            db.execute(sql)
