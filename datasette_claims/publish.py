"""Prepares a loaded database to be published as an immutable, read-only replica.

``datasette serve -i`` opens a file read-only with no locking and trusts it never changes, so
everything a writer would do lazily is done here, once: the facet counts and search indexes are
complete, the search indexes merged into one segment each (faster searches), the query planner's
statistics made, the write-ahead log folded back into the file and switched off (a replica is
one file, and an immutable open never reads a -wal beside it), and the file vacuumed. Then
``datasette inspect`` writes the table counts and hash an immutable database is served with, so
a replica starts without counting a million rows.
"""
import subprocess
import sys
from pathlib import Path

from . import schema, store


def inspect_path(database: Path) -> Path:
    """claims.db -> claims-inspect.json, beside it."""
    return database.with_name(database.stem + "-inspect.json")


def prepare(database: Path) -> Path:
    """Prepare DATABASE in place (see the module docstring); returns the inspect file written."""
    db = store.open_database(database)  # builds facet counts and search indexes a killed load left out
    for table in schema.FTS:
        db.execute(f"insert into [{table}_fts] ([{table}_fts]) values ('optimize')")
    db.execute("analyze")
    db.conn.commit()
    db.execute("pragma wal_checkpoint(truncate)")
    db.disable_wal()
    db.execute("vacuum")
    db.close()
    inspect_file = inspect_path(database)
    subprocess.run([sys.executable, "-m", "datasette", "inspect", str(database), "--inspect-file", str(inspect_file)],
                   check=True, capture_output=True, text=True)
    return inspect_file
