"""Claim units: the sentences of a Doc, trimmed of whitespace tokens, that become claims rows."""
from collections.abc import Iterator

from spacy.tokens import Doc, Span


def trimmed(span: Span) -> Span | None:
    """The span without leading and trailing whitespace tokens, or None if nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end] if start < end else None


def claim_sentences(doc: Doc) -> Iterator[Span]:
    for sent in doc.sents:
        span = trimmed(sent)
        if span is not None:
            yield span
