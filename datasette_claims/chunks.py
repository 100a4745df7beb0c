"""Article texts longer than the pipeline takes at once -> chunks, each run as its own Doc.

spaCy refuses texts over ``nlp.max_length`` and the parser's memory grows with the text, so a
long article is cut on paragraph breaks (else after a sentence's final punctuation, else at a
space) into pieces of at most ``chunk_limit`` characters. Each chunk remembers where it starts
in the article, so rows built from its Doc index ``article.text`` exactly. Nothing is carried
across a cut: a pronoun that opens a chunk cannot be resolved to a speaker in the one before.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: an unchanged reload never imports spaCy
    from spacy.language import Language
    from spacy.tokens import Doc

# The longest article extracted (docs/hostile.md): time is linear in the text, and one article's
# rows are held, sent and written together (~100 MB per million characters of number-dense text),
# so this bounds both. News articles run to ~100,000 characters.
DEFAULT_MAX_ARTICLE_CHARS = 1_000_000  # spaCy's own default nlp.max_length
CHUNK_CHARS = 50_000  # ~10,000 tokens
# The parser's memory grows with the characters in one nlp.pipe batch (~2 GB per million: a
# worker peaked at 900 MB with 250,000), so a batch holds at most about this many characters:
# a worker then peaks near 400 MB whatever the article's size (measured in docs/hostile.md).
BATCH_CHARS = 100_000
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*(?=\s)")


@dataclass(frozen=True)
class Chunk:
    start: int  # offset of text in the whole article
    text: str


def max_article_chars() -> int:
    """The maximum article size (``DATASETTE_CLAIMS_MAX_ARTICLE_CHARS`` overrides it)."""
    value = os.environ.get("DATASETTE_CLAIMS_MAX_ARTICLE_CHARS", "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_ARTICLE_CHARS


def chunk_limit(nlp: Language) -> int:
    return min(CHUNK_CHARS, nlp.max_length)


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """(end of this chunk, start of the next) for a piece of text[start:end] that is too long."""
    newline = text.rfind("\n", start + 1, end + 1)
    if newline > start:
        return newline, newline + 1
    sentence_ends = [m.end() for m in SENTENCE_END.finditer(text, start, end)]
    cut = sentence_ends[-1] if sentence_ends else text.rfind(" ", start + 1, end + 1)
    if cut <= start:
        return end, end
    return cut, cut + 1 if text[cut:cut + 1].isspace() else cut


def split(text: str, limit: int) -> list[Chunk]:
    """Non-empty chunks of at most LIMIT characters; with the breaks between them they are TEXT."""
    chunks, start = [], 0
    while len(text) - start > limit:
        end, next_start = _cut(text, start, start + limit)
        chunks.append(Chunk(start, text[start:end]))
        start = next_start
    if start < len(text):
        chunks.append(Chunk(start, text[start:]))
    return chunks


def pipe(nlp: Language, texts: list[str], batch_size: int) -> Iterator[Iterator[tuple[int, Doc]]]:
    """For each text, its (offset, Doc) chunks, all through one ``nlp.pipe``.

    Lazy, so a huge article never holds all its Docs at once: consume each text's chunks
    before asking for the next text's.
    """
    from .nlp.units import doc_with_text

    pieces = [split(text, chunk_limit(nlp)) for text in texts]
    longest = max((len(chunk.text) for chunks in pieces for chunk in chunks), default=0)
    batch_size = max(1, min(batch_size, BATCH_CHARS // max(longest, 1)))
    docs = nlp.pipe((doc_with_text(nlp, chunk.text) for chunks in pieces for chunk in chunks), batch_size=batch_size)
    for chunks in pieces:
        yield _with_offsets(chunks, docs)


def _with_offsets(chunks: Iterable[Chunk], docs: Iterator[Doc]) -> Iterator[tuple[int, Doc]]:
    for chunk in chunks:
        yield chunk.start, next(docs)
