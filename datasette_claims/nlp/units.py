"""Claim units: the sentences of a Doc, trimmed of whitespace tokens, that become claims rows;
and the Doc's text, read once."""
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span


TEXT = "datasette_claims.text"


def text_of(doc: Doc) -> str:
    """DOC's text, joined once: spaCy's Doc.text rebuilds it from every token at each access, and
    the numbers, attribution and records steps all read it."""
    text = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return text


def doc_with_text(nlp: Language, text: str) -> Doc:
    """TEXT tokenised as nlp.pipe would, remembering TEXT for text_of: spaCy's tokenizer is
    lossless, so the Doc's text is TEXT, and no step need rebuild it."""
    doc = nlp.make_doc(text)
    doc.user_data[TEXT] = text
    return doc


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


@Language.component("claims_paragraphs")
def paragraph_sentence_starts(doc: Doc) -> Doc:
    """A paragraph break always starts a sentence, so no claim runs across paragraphs."""
    after_newline = False
    for token in doc:
        if token.is_space:
            after_newline = after_newline or "\n" in token.text
        elif after_newline:
            token.is_sent_start = True
            after_newline = False
    return doc
