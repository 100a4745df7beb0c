"""Quote spans and the sentences they credit: quotations per paragraph, a quotation's speaker
carried to all its sentences, signed posts and dash attributions."""
import re
from dataclasses import replace

from spacy.tokens import Span

from .frames import Attribution

QUOTE_MARK = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
SINGLE_QUOTE_MARK = re.compile("['\u2018\u2019]")
OPENING_MARKS = "\u201c\u201e\u00ab"
CLOSING_MARKS = "\u201d\u00bb"
DASHES = {"-", "--", "\u2013", "\u2014"}
SPACE_BEFORE_OPENING = "([{:\u2013\u2014"
PUNCT_AFTER_CLOSING = ".,;:!?)]}-\u2013\u2014"
PARAGRAPH_ENDS = {".", "!", "?", "\u2026", ":"}
POST_LENGTH = 320  # characters of a post broken over lines (280 and a link): longer, it is prose


def paragraphs(text: str):
    """(start, end) of each line: a paragraph, as the reader writes articles."""
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations, from the opening mark to just after the closing one.

    Straight marks get a direction from their spacing. An opening-looking mark inside a quotation
    closes it (the detached '... here, "he said') unless the next mark closes (a quote re-opened
    at its next sentence); an unclosed quotation ends with its paragraph.
    """
    spans = []
    for paragraph_start, paragraph_end in paragraphs(text):
        found = QUOTE_MARK.finditer(text, paragraph_start, paragraph_end)
        marks = [(m.start(), mark_direction(text, m.start())) for m in found]
        opened, unquoted_from = None, paragraph_start
        for k, (position, direction) in enumerate(marks):
            if opened is None:
                if direction == "close" and text[position - 1] in ",.?!":  # its opening mark is missing
                    spans.append((unquoted_from, position + 1))
                    unquoted_from = position + 1
                elif direction != "close":
                    opened = position
            elif direction == "open" and k + 1 < len(marks) and marks[k + 1][1] == "close":
                continue
            else:
                spans.append((opened, position + 1))
                opened, unquoted_from = None, position + 1
        if opened is not None:
            spans.append((opened, paragraph_end))
    return spans


def single_quotation_spans(text: str) -> list[tuple[int, int]]:
    """Quotations in single marks (British style), read strictly because the same marks are
    apostrophes: one opens after a space before a letter and closes before a space or
    punctuation; unclosed, it is a quotation only when it opens a sentence."""
    spans = []
    for paragraph_start, paragraph_end in paragraphs(text):
        opened = None
        for match in SINGLE_QUOTE_MARK.finditer(text, paragraph_start, paragraph_end):
            position = match.start()
            before = text[position - 1] if position > paragraph_start else " "
            after = text[position + 1] if position + 1 < paragraph_end else " "
            if opened is None:
                spaced_before = before.isspace() or before in SPACE_BEFORE_OPENING or before in '"\u201c'
                if spaced_before and after.isalpha() and match.group() != "\u2019":
                    opened = position
            elif not after.isalnum() and (before.isalnum() or before in ".,?!"):
                spans.append((opened, position + 1))
                opened = None
        if opened is not None and text[paragraph_start:opened].rstrip()[-1:] in ("", ".", "?", "!"):
            spans.append((opened, paragraph_end))
    return spans


def mark_direction(text: str, position: int) -> str:
    """'open', 'close' or 'either', from the mark itself or, for a straight mark, its spacing."""
    mark = text[position]
    if mark in OPENING_MARKS:
        return "open"
    if mark in CLOSING_MARKS:
        return "close"
    before = text[position - 1] if position > 0 else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    spaced_before = before.isspace() or before in SPACE_BEFORE_OPENING
    spaced_after = after.isspace() or after in PUNCT_AFTER_CLOSING
    if spaced_before and not spaced_after:
        return "open"
    if spaced_after and not spaced_before:
        return "close"
    return "either"


class QuoteCredit:
    """Carries a quotation's speaker to every sentence of it (mixed into ArticleAttribution)."""

    def quoted_content(self, sent: Span, excluded: range = range(0)) -> bool:
        """Whether words of SENT (outside EXCLUDED, the speaker's own phrase) are inside quote marks."""
        return any(self.quotation_of[t.i] >= 0 and (t.is_alpha or t.like_num) and t.i not in excluded for t in sent)

    def credit_quotations(self, sentences: list[Span], found: list):
        """Sentences inside a quotation get its speaker: the one credited in any of its sentences,
        after a dash, or, for a quotation that opens a sentence, the previous sentence's speaker;
        a quote-only paragraph that follows nobody's words gets the speaker of the next paragraph
        when that one opens with a credited quotation ("...." / '"...," said Ana Ruiz, a farmer.')."""
        sentences_of = [[] for _ in self.quotations]
        for k, sent in enumerate(sentences):
            for q in sorted(set(self.quotation_of[sent.start:sent.end]) - {-1}):
                sentences_of[q].append(k)
        for quotation, members in zip(self.quotations, sentences_of):
            if not members:
                continue
            credited = next((found[k] for k in members if found[k] is not None), None)
            credited = credited or self.dash_attribution(quotation)
            first = sentences[members[0]]
            opens_sentence = quotation.start <= first.start
            previous = found[members[0] - 1] if opens_sentence and members[0] > 0 else None
            continues = previous is not None and previous.speech != "reported" and (
                previous.source.type == "person" or not previous.cue.lower().startswith("according"))  # not data's
            if credited is None and continues:
                credited = replace(previous, role=None, via=None)
            after = members[-1] + 1
            whole_paragraph = (opens_sentence and self.opens_paragraph(first) and quotation.end >= sentences[members[-1]].end - 1
                               and after < len(sentences) and self.opens_paragraph(sentences[after]))
            if credited is None and not continues and whole_paragraph and found[after] is not None:
                if found[after].quoted and self.quotation_of[sentences[after][0].i] >= 0:
                    credited = replace(found[after], role=None, via=None)  # the speaker named in the next quote
            if credited is None:
                continue
            for k in members:
                if found[k] is None:
                    found[k] = replace(credited, quoted=True)

    def dash_attribution(self, quotation: Span) -> Attribution | None:
        """'"..." - Starks': a short name after a dash right after the quotation."""
        i = quotation.end
        while i < len(self.doc) and self.doc[i].is_space and "\n" not in self.doc[i].text:
            i += 1
        return self.signed_by(i)

    def signed_by(self, i: int, name_expected=True) -> Attribution | None:
        """The attribution of a short name after the dash at token I ("- Starks")."""
        if i >= len(self.doc) or self.doc[i].text not in DASHES:
            return None
        end = i + 1
        while end < len(self.doc) and end - i <= 6 and not self.doc[end].is_punct and not self.doc[end].is_space:
            end += 1
        name = self.doc[i + 1:end]
        if not len(name) or not name[0].text[:1].isupper():
            return None
        described = self.describe(name, name_expected=name_expected)
        return Attribution(described[0], self.doc[i].text, described[1], None, True) if described else None

    def credit_lists(self, sentences: list[Span], found: list):
        """What follows "X said:" is X's until its paragraph ends, or, when the colon ends the
        paragraph, until the next paragraph ends (a list set out below it)."""
        for k, sent in enumerate(sentences):
            if found[k] is None or not self.opens_list(sent):
                continue
            j = k + 1
            ends_paragraph = j < len(sentences) and self.opens_paragraph(sentences[j])
            while j < len(sentences) and found[j] is None and (ends_paragraph or not self.opens_paragraph(sentences[j])):
                found[j] = replace(found[k], role=None, via=None, quoted=self.quoted_content(sentences[j]))
                j += 1
                ends_paragraph = False

    def opens_list(self, sent: Span) -> bool:
        """Whether SENT ends with a colon, or has one right after a cue outside quotation marks."""
        return sent[-1].text == ":" or any(
            t.text == ":" and self.quotation_of[t.i] < 0 and t.i > sent.start and self.lexicon.cue_length(self.doc[t.i - 1])
            for t in sent[1:])

    def credit_signed_paragraphs(self, sentences: list[Span], found: list):
        """A paragraph signed by the next one ("— Robert Maguire (@handle) November 18, 2019", as an
        embedded post is printed) is its signer's words, when nothing in it credits anybody."""
        for k, sent in enumerate(sentences):
            if k == 0 or found[k] is not None or not self.opens_paragraph(sent):
                continue
            signed = self.is_signature(sent.start) and (self.signed_by(sent.start, False) or self.signed_by(sent.start))
            if not signed:
                continue
            paragraph = [k - 1]
            while paragraph[-1] > 0 and (not self.opens_paragraph(sentences[paragraph[-1]]) or (
                    found[paragraph[-1] - 1] is None and self.continues_post(
                        sentences[paragraph[-1] - 1], sentences[k - 1]))):
                paragraph.append(paragraph[-1] - 1)
            if all(found[j] is None for j in paragraph):
                for j in paragraph:
                    found[j] = replace(signed, quoted=True)

    def continues_post(self, sent: Span, last: Span) -> bool:
        """Whether SENT, ending the paragraph before, is still the post that ends with LAST: a line
        broken inside the post, without the punctuation that ends a paragraph of prose, and
        together no longer than a post."""
        words = [t for t in sent if not t.is_space]
        return (bool(words) and words[-1].text not in PARAGRAPH_ENDS and not QUOTE_MARK.fullmatch(words[-1].text)
                and last.end_char - sent.start_char <= POST_LENGTH)

    def is_signature(self, dash: int) -> bool:
        """Whether the paragraph from token DASH on is a post's signature: a dash, a name, then only
        a handle in brackets and a date ("— Robert Maguire (@RobertMaguire_) November 18, 2019")."""
        end = dash + 1
        while end < len(self.doc) and "\n" not in self.doc[end].text:
            end += 1
        rest = self.doc[dash + 1:end]
        bracket = next((t.i for t in rest if t.text == "("), None)
        handle = bracket is not None and bracket + 1 < end and self.doc[bracket + 1].text.startswith("@")
        if self.doc[dash].text not in DASHES or not handle or bracket - dash > 7:
            return False  # "— Reuters, March 3" or "- John Smith" under a paragraph signs no post
        closing = next((t.i for t in self.doc[bracket:end] if t.text == ")"), bracket - 1)
        return all(t.ent_type_ == "DATE" or t.is_punct or t.like_num or t.is_space for t in self.doc[closing + 1:end])

    def opens_paragraph(self, sent: Span) -> bool:
        return sent.start == 0 or "\n" in self.doc[sent.start - 1].text
