"""The built-in implementations of our own hooks (hookspecs.py).

Marked ``trylast`` so that any other plugin's registrations take precedence.
"""
from datasette import hookimpl

from . import wordlists


@hookimpl(trylast=True)
def register_claims_readers():
    from . import readers

    return readers.BUILTIN_READERS


@hookimpl(trylast=True)
def register_claims_scorers():
    from .nlp.claims import BuiltinScorer

    return [BuiltinScorer()]


@hookimpl(trylast=True)
def register_claims_sources():
    """known_sources.tsv: name, type, then aliases separated by "|"."""
    return [
        {"name": row[0], "type": row[1], "aliases": [a for a in (row[2] if len(row) > 2 else "").split("|") if a]}
        for row in wordlists.rows("known_sources.tsv")
    ]
