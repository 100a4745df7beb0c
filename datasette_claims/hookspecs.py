"""Extension points of datasette-claims, added to Datasette's own pluggy plugin manager.

Other packages implement these with ``from datasette import hookimpl`` exactly like Datasette
hooks; this package registers its built-in readers, scorer and source lists the same way
(see ``builtins.py``), so a plugin can add to or replace any of them without forking.
"""
from pluggy import HookimplMarker, HookspecMarker

hookspec = HookspecMarker("datasette")
hookimpl = HookimplMarker("datasette")  # what ``datasette.hookimpl`` is, without importing Datasette


@hookspec
def register_claims_readers():
    """Return a dict mapping a file suffix (".txt") to a reader.

    A reader is ``reader(path: Path, relative_name: str)`` yielding ``readers.Article`` or
    ``readers.LoadError`` objects. Later registrations override earlier ones for a suffix.
    """


@hookspec
def register_claims_scorers():
    """Return a list of check-worthiness scorers.

    A scorer has a ``name`` and ``score(sent: spacy.tokens.Span) -> dict`` returning
    ``checkworthiness`` (0..1), ``claim_type``, ``hedged`` and ``negated``. The pipeline uses
    the scorer named by ``--scorer`` (default ``builtin``). A scorer may also have
    ``prepare(docs)``, called with each batch of Docs before its sentences are scored, to do
    per-batch work (feature arrays) once.
    """


@hookspec
def register_claims_sources():
    """Return a list of known sources: dicts with ``name``, ``type`` and optional ``aliases``.

    Used by attribution to type and canonicalise speakers ("Reuters" -> media).
    """
