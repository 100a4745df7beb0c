"""Roles: titles and appositions given to people, and a role standing for the person given it."""
from spacy.tokens import Span, Token

from .frames import Source
from .lexicon import TITLE_ENTITIES

TITLE_PREPOSITIONS = {"to", "of", "for", "at", "with", "from"}


class Roles:
    """Roles per person and role mentions in article order (mixed into ArticleAttribution)."""

    def title_before(self, start: int, floor: int, through_prepositions=True) -> str | None:
        """The title written just before a name ("US envoy to NATO" Julian Smith), if any."""
        title = self.doc[self.title_start(start, floor, through_prepositions):start]
        return title.text if len(title) and self.lexicon.is_role(title.text) else None

    def title_start(self, start: int, floor: int, through_prepositions=True) -> int:
        """Where the run of title-like words ending just before START begins (not before FLOOR):
        nouns, adjectives, whole organisations ("the Bureau of Meteorology's") and "to the" after
        a role word or a proper noun ("Ambassador to the OSCE", "News of the World editor")."""
        i = start
        while i > floor:
            token = self.doc[i - 1]
            entity = self.entity_of.get(token.i)
            if entity is not None and entity.label_ in TITLE_ENTITIES:
                i = max(entity.start, floor)
            elif token.pos_ in ("PROPN", "NOUN", "ADJ") or token.tag_ == "POS" or (token.tag_ == "HYPH" and not token.whitespace_):
                i -= 1
            elif through_prepositions and token.lower_ in TITLE_PREPOSITIONS and i - 2 >= floor and (
                    self.lexicon.is_role(self.doc[i - 2].text) or self.doc[i - 2].pos_ == "PROPN") and any(
                    t.lower_.rstrip(".") not in self.lexicon.honorifics for t in self.doc[i:start]):
                i -= 1  # "Ambassador to the OSCE Michael Carpenter", not "a spokesman for Mr Johnson"
            elif token.pos_ == "DET" and i - 2 >= floor and self.doc[i - 2].lower_ in TITLE_PREPOSITIONS:
                i -= 1
            else:
                break
        return i

    def apposition_role(self, head: Token) -> str | None:
        for child in head.children:
            if child.dep_ == "appos":
                text = self.without_determiners(self.phrase(child)).text
                if self.lexicon.is_role(text):
                    return text
        return None

    def predicate_role(self, subject: Token) -> str | None:
        """The role a clause gives its subject ("X was elected Prime Minister", "X is the mayor")."""
        if subject.dep_ not in ("nsubj", "nsubjpass"):
            return None
        for child in subject.head.children:
            if child.dep_ in ("attr", "oprd") and child.pos_ in ("NOUN", "PROPN"):
                return self.role_of(self.phrase(child))
        return None

    def add_role(self, source: Source, role: str | None, position: int):
        if role:
            self.roles.setdefault(source, []).append(role)
            words = [self.lexicon.role_abbreviations.get(word, word) for word in role.lower().split()]
            self.role_mentions.append((position, source, words))  # "Sen." is the senator

    def holder_of(self, phrase: Span) -> Source | None:
        """The person last given the role that a speaker is called by ("the Mayor said"), else the
        first given it after (a lead that names the person in its next sentence); a role
        is another role when the words that change a role differ ("the chancellor" is not the
        shadow chancellor, "the minister" not the former minister: ``role_modifiers.txt``) or it
        names a body the given role does not ("the Labour leader" is not the SNP's leader)."""
        role, modifiers = phrase.root, self.lexicon.role_modifiers
        changed = {t.lower_ for t in phrase if t.lower_ in modifiers}
        # whose role it is must agree too: "the Labour leader" is not "the SNP's Westminster leader"
        bodies = {t.lower_ for t in phrase if t.ent_type_ == "ORG" and t.i != role.i}  # not a nation: "Freedonian"
        same = [(i, source) for i, source, words in self.role_mentions
                if role.lower_ in words and changed == modifiers.intersection(words) and bodies <= set(words)]
        earlier = [pair for pair in same if pair[0] < role.i]
        later = [pair for pair in same if pair[0] > role.i]  # "The new Prime Minister has told ..." named after
        if earlier:
            return max(earlier, key=lambda pair: pair[0])[1]
        return min(later, key=lambda pair: pair[0])[1] if later else None

    def named_later(self, phrase: Span) -> Source | None:
        """The person the article names later by the role an unnamed speaker is introduced with,
        sharing one of its proper nouns ("A spokesman for Afghanistan's Defence Ministry" ...
        "Defence Ministry spokesman Mohamad Habeel"; not a "White House spokesman" for "a
        Pentagon spokesman")."""
        head = phrase.root
        names = {t.lower_ for t in phrase if t.pos_ == "PROPN"}
        later = [(i, source) for i, source, words in self.role_mentions
                 if i > head.i and head.lower_ in words and names & set(words)]
        return min(later, key=lambda pair: pair[0])[1] if later else None

    def role_of(self, span: Span) -> str | None:
        text = self.without_determiners(span).text
        return text if self.lexicon.is_role(text) else None
