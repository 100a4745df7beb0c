"""Claim units: the sentences of a Doc, trimmed of whitespace tokens, that become claims rows;
and the Doc's text, read once."""
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span


TEXT = "datasette_claims.text"
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb "


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
    """The claims: trimmed sentences, with a piece the parser split off a quotation joined back
    to the sentence before it in the same paragraph (see joins_previous); punctuation alone where
    it cannot join (a closing mark that opens a paragraph) is no claim."""
    previous = None
    for sent in doc.sents:
        span = trimmed(sent)
        if span is None:
            continue
        if previous is not None and joins_previous(previous, span):
            previous = doc[previous.start:span.end]
            continue
        if not span.text.strip(QUOTE_MARKS):
            continue  # a quote mark left alone at a paragraph's start is no claim
        if previous is not None:
            yield previous
        previous = span
    if previous is not None:
        yield previous


def joins_previous(previous: Span, span: Span) -> bool:
    """Whether SPAN belongs to the claim before it: a lone closing quote mark (no claim consists
    of a '"'), or the attribution after a quoted question or exclamation ('"...fight it out?"'
    / 'the MP asked.'), which opens in lower case, or a sentence the parser cut where no
    punctuation ends it, before words in lower case. Never across a paragraph break."""
    doc = span.doc
    if any("\n" in doc[i].text for i in range(previous.end, span.start)) or (
            span.start > 0 and "\n" in doc[span.start - 1].text):
        return False
    if not span.text.strip(QUOTE_MARKS):
        return True
    ending = previous.text.rstrip("\"'\u201d\u2019 ")
    if ending[-1:].isalpha() and span.text.lstrip(QUOTE_MARKS)[:1].islower():
        return True  # cut mid-sentence before a quotation: 'their customers' "financial health," as one CEO told me'
    return ending[-1:] in ("?", "!") and previous.text[-1:] in "\"'\u201d\u2019" and span.text[:1].islower()


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
