"""What attribution produces: a source, one claim's attribution, and a cue candidate."""
from dataclasses import dataclass, field

from spacy.tokens import Token


@dataclass(frozen=True)
class Source:
    """A speaker by canonical name and type; hashable, so roles can be gathered per source."""

    name: str
    type: str
    individual: bool = field(default=False, compare=False)  # one unnamed person ("a dispatcher"): he or she
    generic: bool = field(default=False, compare=False)  # named by common nouns only ("a spokesman"): this article's


@dataclass(frozen=True)
class Attribution:
    """Who is credited with one claim, and how; speech follows from the source and the quotes."""

    source: Source
    cue: str
    role: str | None = None  # the role as given at this claim
    via: Source | None = None
    quoted: bool = False  # the claim's content is wholly or partly inside quote marks

    @property
    def speech(self) -> str:
        if self.source.type == "media":
            return "reported"
        return "direct" if self.quoted else "indirect"


WRAPPING, VERB, FALLBACK = 0, 1, 2


@dataclass
class Candidate:
    """A cue found in a sentence; the outermost one (nearest the root) credits the claim."""

    anchor: Token
    priority: int  # at one anchor, "according to X" (WRAPPING) goes before the VERB it modifies
    attribution: Attribution
