"""Transcripts: a paragraph opening with a speaker's label ("CLINTON: ...", "SEN. BERNIE
SANDERS: ...", "MODERATOR (LESTER HOLT): ...") is that speaker's turn, as debates and hearings are
printed; the turn runs on over paragraphs that credit nobody else."""
import re
from dataclasses import replace

from spacy.tokens import Span

from ..units import text_of
from .frames import Attribution, Source
from .quotes import paragraphs

LABEL = re.compile(r"[ \t]*(?P<label>[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,5})"
                   r"(?:[ \t]*\((?P<named>[A-Z][^()\n]{1,40})\))?[ \t]*:[ \t]")
MIN_TURNS = 2  # labelled paragraphs an article needs before its labels are read as speakers


class Transcripts:
    """Speaker turns of a transcript (mixed into ArticleAttribution)."""

    def credit_turns(self, sentences: list[Span], found: list[Attribution | None]):
        """Every sentence of a turn is its speaker's words, whatever it quotes or reports (the
        outer attribution wins); a sentence holding only the label is no claim of anybody's."""
        text = text_of(self.doc)
        turns = [(start, end, match) for start, end in paragraphs(text)
                 if (match := LABEL.match(text, start, end)) and self.is_speaker_label(match)]
        if len(turns) < MIN_TURNS:
            return
        labels = {start: match for start, _, match in turns}
        speakers = self.turn_speakers(labels.values())
        turn, label, paragraph_end = None, None, -1
        for k, sent in enumerate(sentences):
            if sent.start_char > paragraph_end:  # a new paragraph
                paragraph_start = text.rfind("\n", 0, sent.start_char) + 1
                paragraph_end = text.find("\n", sent.start_char)
                paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
                label = labels.get(paragraph_start)
                if label is not None:
                    turn = Attribution(speakers[label.group()], ":", quoted=True)
                elif turn is not None and self.credits_anybody(sentences, found, k, paragraph_end):
                    turn = None  # prose after the transcript: "Trump later told reporters ..."
            if turn is None:
                continue
            found[k] = None if label is not None and sent.end_char <= label.end() else replace(turn)  # "CLINTON:" alone

    def turn_speakers(self, labels) -> dict[str, Source]:
        """{label as written: speaker}; a one-word label is the fuller name another label gives
        ("SANDERS" after "SEN. BERNIE SANDERS")."""
        speakers = {label.group(): self.labelled_speaker(label) for label in labels}
        people = {source.name for source in speakers.values() if source.type == "person"}
        for written, source in speakers.items():
            fuller = {name for name in people if name.lower().endswith(" " + source.name.lower())}
            if source.type == "person" and len(fuller) == 1:
                speakers[written] = Source(fuller.pop(), "person")
        return speakers

    def credits_anybody(self, sentences, found, k, paragraph_end) -> bool:
        return any(found[j] is not None for j in range(k, len(sentences)) if sentences[j].start_char < paragraph_end)

    def is_speaker_label(self, match: re.Match) -> bool:
        """A label that names a speaker: in capitals ("SANDERS", "SEN. SANDERS") or a person's name,
        and not a heading's word (``not_speaker_labels.txt``: "UPDATE", "Editor's note")."""
        label = match.group("label")
        if label.lower().rstrip(".") in self.lexicon.not_speaker_labels or len(label.replace(".", "")) < 2:
            return False
        span = self.doc.char_span(match.start("label"), match.end("label"), alignment_mode="expand")
        if span is None or any(t.ent_type_ in ("GPE", "LOC") for t in span):
            return False  # a dateline: "LONDON: ..."
        return label.replace(".", "").replace("'", "").replace(" ", "").isupper() or any(
            self.is_person(self.entity_of.get(t.i)) for t in span)

    def labelled_speaker(self, match: re.Match) -> Source:
        """The speaker a label names: the name in brackets ("MODERATOR (LESTER HOLT)"), else the
        label without honorifics or titles, under the full name the article gives ("CLINTON":
        Hillary Clinton); a label that is only a role ("MODERATOR") is that article's unnamed one."""
        label = match.group("named") or match.group("label")
        words = label.split()
        titles = [i + 1 for i, word in enumerate(words[:-1]) if self.is_title_word_of_label(word)]
        words = words[max(titles, default=0):]  # "FORMER VICE PRESIDENT JOE BIDEN": Joe Biden
        name = " ".join(w.capitalize() if w.isupper() else w for w in words) or label
        if self.lexicon.is_role(name) or name.lower() in self.lexicon.noun_types:
            return Source(name.lower(), self.lexicon.noun_types.get(name.lower(), "anonymous"), True, True)
        fuller = {full for _, full in self.full_names.get(name.split()[-1].lower(), [])
                  if full.lower().endswith(name.lower()) and len(full) > len(name)}
        return Source(fuller.pop() if len(fuller) == 1 else name, "person")

    def is_title_word_of_label(self, word: str) -> bool:
        lower = word.lower()
        return (lower in self.lexicon.honorifics or lower.rstrip(".") in self.lexicon.honorifics
                or lower in self.lexicon.role_modifiers or self.lexicon.is_role(lower))
