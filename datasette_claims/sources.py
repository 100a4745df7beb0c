"""One row per real source across the whole database: the cross-article merge rule.

Within an article the attribution component already gives each speaker a canonical name. Across
articles the same person can still arrive under two names ("Dmitry Peskov" in one article,
"Peskov" alone in another), and an outlet under an alias ("AP"). The rule, applied whenever an
article's sources are written (docs/attribution.md):

1. An alias of a known source (``known_sources.tsv`` and the ``register_claims_sources`` hook)
   is that source: the attribution component already writes its canonical name ("AP" is
   "Associated Press"), so its id is the same in every article.
2. A person named by a surname alone merges into the person with a full name ending in that
   surname only when exactly one such person is in the database; with none or several it stays
   its own row (two Smiths make "Smith" ambiguous, so it is not guessed).
3. A person with a full name absorbs an earlier surname-only row of that surname when it becomes
   the only full-name person with that surname: that row's claims are repointed and it goes.
4. Full names merge only when they are the same name (case, accents and punctuation aside):
   "Julian Smith" and "Sarah Smith" are two people, and so are "George Bush" and "George W. Bush".

5. A full name typed as an organisation (the small model tags some names ``ORG``: "Elena
   Varga") is the person of that full name when one is stored, and a person takes over an
   organisation row of exactly its full name.

Other types merge only by identical name (rule 4) or alias (rule 1). A merged row keeps the
most telling role seen (``records.merge_source``). The rule depends on what is already loaded:
a surname merged while it was unambiguous stays merged when a second full name arrives later.
"""
import sqlite_utils

from .records import ArticleRecords, merge_source, slug

COLUMNS = ("id", "name", "type", "role")


# --- the rule, as pure functions -----------------------------------------------------------------

def name_parts(name: str) -> list[str]:
    """The words of a name as compared: folded to ASCII lowercase, punctuation dropped."""
    return slug(name).split("-")


def is_full_name(source: dict) -> bool:
    return source["type"] in ("person", "organization") and len(name_parts(source["name"])) > 1


def is_surname_only(source: dict) -> bool:
    return source["type"] == "person" and len(name_parts(source["name"])) == 1


def surname(source: dict) -> str:
    return name_parts(source["name"])[-1]


def merge_target(source: dict, namesakes: list[dict]) -> dict | None:
    """The existing row SOURCE is the same real source as, among NAMESAKES (persons sharing its
    surname), or None when it is a new row (rules 2 and 4)."""
    same = next((row for row in namesakes if row["id"] == source["id"]), None)
    if source["type"] == "organization":
        return next((row for row in namesakes if row["id"] == f"person:{slug(source['name'])}"), same)
    if same is not None or not is_surname_only(source):
        return same
    full_names = [row for row in namesakes if row["type"] == "person" and not is_surname_only(row)]
    return full_names[0] if len(full_names) == 1 else None


def absorbed(source: dict, namesakes: list[dict]) -> list[dict]:
    """Rows the full-name person SOURCE takes over: surname-only ones (rule 3) and an organisation
    of exactly its name (rule 5)."""
    if source["type"] != "person" or is_surname_only(source):
        return []
    mislabelled = [row for row in namesakes if row["type"] == "organization"]
    people = [row for row in namesakes if row["type"] == "person"]
    others = [row for row in people if not is_surname_only(row) and row["id"] != source["id"]]
    return mislabelled + ([] if others else [row for row in people if is_surname_only(row)])


# --- the database --------------------------------------------------------------------------------

def namesakes(db: sqlite_utils.Database, source: dict) -> list[dict]:
    """Stored rows SOURCE could merge with: the same id; for a person, persons sharing its surname
    and the organisation of its full name; for a full name typed organisation, that person."""
    same_name = [source["id"]]
    if is_full_name(source):
        same_name += [f"person:{slug(source['name'])}", f"organization:{slug(source['name'])}"]
    found = db.execute(f"select id, name, type, role from sources where id in ({', '.join('?' * len(same_name))})", same_name).fetchall()
    if source["type"] == "person":
        last = surname(source)
        found += db.execute(
            "select id, name, type, role from sources where type = 'person' and (id = ? or id like ?)",
            [f"person:{last}", f"person:%-{last}"],
        ).fetchall()
    rows = {row[0]: dict(zip(COLUMNS, row)) for row in found}
    return [row for row in rows.values()
            if row["id"] in same_name or (row["type"] == "person" and surname(row) == surname(source))]


def store_sources(db: sqlite_utils.Database, records: ArticleRecords) -> None:
    """Write RECORDS' sources merged into the rows they are the same as; RECORDS then holds those
    rows, and its claims' ``source_id`` and ``via_source_id`` point at them. Call inside the
    batch's transaction, before its claims are inserted."""
    merged_id, rows = {}, {}
    for written in records.sources:
        existing = namesakes(db, written)
        target = merge_target(written, existing)
        row = merge_source(target, {**written, "id": target["id"]}) if target else written
        taken_over = absorbed(row, existing)
        for old in taken_over:
            row = merge_source(row, {**old, "id": row["id"]})
        db.execute(  # a plain upsert: sqlite-utils' re-reads the table's schema on every call
            """insert into sources (id, name, type, role) values (?, ?, ?, ?) on conflict (id) do update
               set name = excluded.name, type = excluded.type, role = excluded.role""",
            [row[column] for column in COLUMNS],
        )
        for old in taken_over:
            db.execute("update claims set source_id = ? where source_id = ?", [row["id"], old["id"]])
            db.execute("update claims set via_source_id = ? where via_source_id = ?", [row["id"], old["id"]])
            db.execute("delete from sources where id = ?", [old["id"]])
            rows.pop(old["id"], None)  # an earlier source of this same article may have merged into it
            merged_id.update({key: row["id"] for key, value in merged_id.items() if value == old["id"]})
        merged_id[written["id"]], rows[row["id"]] = row["id"], row
    for claim in records.claims:
        for column in ("source_id", "via_source_id"):
            if claim[column] is not None:
                claim[column] = merged_id.get(claim[column], claim[column])
    records.sources = list(rows.values())
