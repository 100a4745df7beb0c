"""Attribution: who said what, for every claim sentence that credits somebody.

A claim's speaker is found from the dependency parse: the subject (or passive agent) of a speech
cue outside quote marks, the object of "according to", or a name before a colon or after a dash.
Quote marks are tracked per paragraph, so a sentence inside a quotation that is credited elsewhere
(a quote spanning two sentences, a quote-only paragraph) gets the speaker of that quotation.
Speakers become canonical sources: pronouns and surnames resolve to the full name given earlier
in the article, "the official" to the official introduced before, "the company" to the company
named before, titles become roles, and known sources, entity labels and word lists give types. A
document (a report, a video) speaks only for its author. The small model's mistakes are read
through where the text shows them: a person tagged as an organisation, a word glued to a name.
Every word list lives in ``datasette_claims/data/`` (see ``datasette_claims.wordlists``).

One module per idea: quotes, cues, speakers (pronouns), roles, names, identity (naming,
typing, the junk filter), lexicon, frames, and article, which puts them together.
"""
from .article import ArticleAttribution, AttributionComponent, make_attribution
from .frames import Attribution, Source

__all__ = ["ArticleAttribution", "Attribution", "AttributionComponent", "Source", "make_attribution"]
