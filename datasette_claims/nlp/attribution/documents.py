"""Documents speak for their authors: "a report by the IFS", "the IFS's report", "a NASA
statement", "the BankSA Trends bulletin" (its publisher, BankSA); an unsigned one for nobody."""
from spacy.tokens import Span, Token

from .frames import Source
from .lexicon import DOCUMENT, NOT_A_SOURCE

DOCUMENT_AUTHOR_PREPOSITIONS = {"by", "from"}


class Documents:
    """Who speaks through a document (mixed into ArticleAttribution)."""

    def document_author(self, document: Token) -> Source | None:
        """Who speaks through a document: its author as written ("a report by the IFS", "a report
        published by", "the IFS's report", "a NASA statement"), else, for "the report", the author
        of the last report the article credited; nobody when the article names none."""
        author = None
        for child in document.children:
            if child.dep_ == "prep" and child.lower_ in DOCUMENT_AUTHOR_PREPOSITIONS:
                author = next((c for c in child.children if c.dep_ == "pobj"), None)
                place = author is not None and author.ent_type_ in ("GPE", "LOC")
                if author is not None and child.lower_ == "from" and (place or not self.names_source(author)):
                    author = None  # "reports from London", "reports from the area"
            elif child.dep_ == "acl" and child.lemma_.lower() in self.lexicon.author_verbs:  # "a report published by X"
                by = [c for c in child.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "in")]
                author = next((c for prep in by for c in prep.children if c.dep_ == "pobj" and self.names_source(c)), None)
            elif child.dep_ == "poss" or (child.dep_ == "compound" and self.names_source(child)):
                author = child  # "the IFS's report", "a NASA statement", "police reports"
            if author is not None:
                break
        noun = document.lemma_.lower()
        if author is None:
            return self.document_authors.get(noun) if self.is_definite(document) else None
        if author.dep_ == "compound":  # a name on the document is its publisher's: "the BankSA Trends bulletin"
            name = self.without_determiners(self.phrase(author))
            part = self.publisher_part(name)
            publisher = ((self.named_source(name) if len(part) == len(name) else self.lexicon.known_source(part.text))
                         or Source(part.text, "organization"))
        else:
            described = self.speaker(author)
            publisher = described[0] if described is not None else None
        if publisher is not None:
            self.document_authors[noun] = publisher
        return publisher

    def publisher_part(self, name: Span) -> Span:
        """The leading part of a document's name that the article also writes on its own, so the
        publisher rather than the title ("the BankSA Trends bulletin" ... "BankSA's managing
        director": BankSA); the whole name when it has none."""
        for end in range(name.end - 1, name.start, -1):
            words = [t.lower_ for t in name[:end - name.start]]
            for token in self.doc:
                after = self.doc[token.i + len(words)] if token.i + len(words) < len(self.doc) else None
                if (token.i != name.start and token.lower_ == words[0] and token.pos_ == "PROPN"
                        and [t.lower_ for t in self.doc[token.i:token.i + len(words)]] == words
                        and (after is None or after.lower_ != self.doc[end].lower_)):
                    return name[:end - name.start]
        return name

    def names_source(self, token: Token) -> bool:
        """Whether TOKEN is a name or a noun the word lists call a source (not "Monday", "initial")."""
        kind = self.lexicon.noun_types.get(token.lower_)
        entity = self.entity_of.get(token.i)
        return (kind not in (None, DOCUMENT, NOT_A_SOURCE)
                or (token.pos_ == "PROPN" and (entity is None or entity.label_ not in ("DATE", "TIME")))
                or token.lower_ in self.lexicon.media_words)
