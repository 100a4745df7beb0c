"""spaCy components of datasette-claims; see docs/pipeline.md for what each writes."""
