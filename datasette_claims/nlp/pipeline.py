"""Build the spaCy pipeline: a trained English model plus this package's components."""
import spacy
from spacy.language import Language

from ..models import ModelNotFound, default_model
from . import attribution, claims, numbers, units  # noqa: F401  (registers the factories)


def build_nlp(model: str | None = None, scorer: str = "builtin") -> Language:
    """Load MODEL (default: see default_model) and add our components after its own."""
    name = model or default_model()
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotFound(f"Cannot load spaCy pipeline {name!r}: {error}") from error
    nlp.add_pipe("claims_paragraphs", before="parser" if "parser" in nlp.pipe_names else None)
    nlp.add_pipe("claims_numbers")
    nlp.add_pipe("claims_attribution")
    nlp.add_pipe("claims_checkworthiness", config={"scorer": scorer})
    return nlp
