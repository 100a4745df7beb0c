"""The built-in implementations of our own hooks (hookspecs.py).

Marked ``trylast`` so that any other plugin's registrations take precedence.
"""
from functools import cached_property

from . import wordlists
from .hookspecs import hookimpl


@hookimpl(trylast=True)
def register_claims_readers():
    from . import readers

    return readers.BUILTIN_READERS


class LazyBuiltinScorer:
    """The built-in scorer (nlp/claims.py), imported with spaCy and its weights when it first
    scores: naming it (``--scorer builtin``) must not cost a reload that extracts nothing."""

    name = "builtin"

    @cached_property
    def scorer(self):
        from .nlp.claims import BuiltinScorer

        return BuiltinScorer()

    def prepare(self, docs) -> None:
        self.scorer.prepare(docs)

    def score(self, sent) -> dict:
        return self.scorer.score(sent)


@hookimpl(trylast=True)
def register_claims_scorers():
    return [LazyBuiltinScorer()]


@hookimpl(trylast=True)
def register_claims_sources():
    """known_sources.tsv: name, type, then aliases separated by "|"."""
    return [
        {"name": row[0], "type": row[1], "aliases": [a for a in (row[2] if len(row) > 2 else "").split("|") if a]}
        for row in wordlists.rows("known_sources.tsv")
    ]
