"""Transcripts: a paragraph opening with a speaker's label ("CLINTON: ...", "SEN. BERNIE
SANDERS: ...", "MODERATOR (LESTER HOLT): ...") is that speaker's turn, as debates and hearings are
printed; the turn runs on over paragraphs that credit nobody else."""
import re
from dataclasses import replace

from spacy.tokens import Span

from .frames import Attribution, Source
from .quotes import paragraphs

LABEL = re.compile(r"[ \t]*(?P<label>[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,3})"
                   r"(?:[ \t]*\((?P<named>[A-Z][^()\n]{1,40})\))?[ \t]*:[ \t]")
MIN_TURNS = 2  # labelled paragraphs an article needs before its labels are read as speakers


class Transcripts:
    """Speaker turns of a transcript (mixed into ArticleAttribution)."""

    def credit_turns(self, sentences: list[Span], found: list[Attribution | None]):
        """Every sentence of a turn is its speaker's words, whatever it quotes or reports (the
        outer attribution wins); a sentence holding only the label is no claim of anybody's."""
        text = self.doc.text
        turns = [(start, end, match) for start, end in paragraphs(text)
                 if (match := LABEL.match(text, start, end)) and self.is_speaker_label(match)]
        if len(turns) < MIN_TURNS:
            return
        opening = {start: match for start, _, match in turns}
        turn, paragraph_end, credits_other = None, -1, False
        for k, sent in enumerate(sentences):
            if sent.start_char > paragraph_end:  # a new paragraph
                paragraph_start = text.rfind("\n", 0, sent.start_char) + 1
                paragraph_end = text.find("\n", sent.start_char)
                paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
                if paragraph_start in opening:
                    turn = Attribution(self.labelled_speaker(opening[paragraph_start]), ":", quoted=True)
                elif turn is not None and self.credits_anybody(sentences, found, k, paragraph_end):
                    turn = None  # prose after the transcript: "Trump later told reporters ..."
            if turn is None:
                continue
            label_end = opening.get(paragraph_start)
            if label_end is not None and sent.end_char <= label_end.end():
                found[k] = None  # "CLINTON:" split off as a sentence of its own
            else:
                found[k] = replace(turn)

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
        words = [w for w in label.split() if w.lower().rstrip(".") not in self.lexicon.honorifics
                 and w.lower() not in self.lexicon.honorifics]
        while len(words) > 1 and self.lexicon.is_role(words[0]):
            words = words[1:]
        name = " ".join(w.capitalize() if w.isupper() else w for w in words) or label
        if self.lexicon.is_role(name) or name.lower() in self.lexicon.noun_types:
            return Source(name.lower(), self.lexicon.noun_types.get(name.lower(), "anonymous"), True, True)
        fuller = {full for _, full in self.full_names.get(name.split()[-1].lower(), [])
                  if full.lower().endswith(name.lower()) and len(full) > len(name)}
        return Source(fuller.pop() if len(fuller) == 1 else name, "person")
