"""The `claims_numbers` component: every figure in a Doc with its value, bounds, unit and kind.

spaCy says what a figure is (NER labels, the dependency parse for the counted noun); this
package reads the value itself, because NER spans neither parse "$1.5bn" nor tell 1990 troops
from "the 1990s". One module per idea: `pieces` (the text cut into numerals, words and symbols),
`lexicon` (the word lists of datasette_claims/data/, which users extend without forking),
`digits` (digits and scales), `words` (number words and fractions), `ranges` (ranges, bounds and
proportions), `units` (currencies, units and counted nouns), `measures` (whether a figure
measures, from the words around it), `physical` (physical units through pint), `kinds` (year,
age, score, multiplier, ...) and `reader`, which reads a Doc's rows with them. docs/numbers.md
states the rules and what benchmarks/numbers_accuracy.py, benchmarks/numbers_real_news.py and
benchmarks/numbers_general_text.py measure.
"""
from spacy.language import Language
from spacy.tokens import Doc

from .lexicon import lexicon
from .reader import Reader

if not Doc.has_extension("numbers"):
    Doc.set_extension("numbers", default=None)


@Language.factory("claims_numbers")
def make_numbers_component(nlp: Language, name: str):
    return find_numbers


def find_numbers(doc: Doc) -> Doc:
    """Set doc._.numbers to a fresh list of figure dicts (see docs/pipeline.md)."""
    doc._.numbers = Reader(doc, lexicon()).rows()
    return doc
