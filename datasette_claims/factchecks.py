"""Published fact-checks in (ClaimReview JSON-LD, fact-check search API JSON, CSV/TSV/JSONL) ->
``fact_checks`` rows, then matched against every claim (matching.py).

Every reader yields a ``FactCheck`` for each good record and a ``LoadError`` for each bad one, so
a broken record never stops the rest of a file, as for articles (readers.py).
"""
import csv
import hashlib
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from .readers import (BadInput, LoadError, _text_or_none, decode, find_files, iso_date, read_bytes, read_found,
                      unique_records)

FIELDS = ("id", "claim", "rating", "url", "publisher", "published", "title")
# The JSON-LD a fact-check's web page embeds, in a <script type="application/ld+json">.
JSON_LD = re.compile(r"<script[^>]*type\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script>", re.S | re.I)


@dataclass(frozen=True)
class FactCheck:
    id: str
    claim: str
    rating: str | None
    url: str | None
    publisher: str | None
    published: str | None
    title: str | None
    path: str

    @property
    def content_hash(self) -> str:
        fields = {k: v for k, v in asdict(self).items() if k != "path"}
        return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[:16]


def _name(value) -> str | None:
    """A schema.org Organization/Person (or a plain string) -> its name."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("site")
    return _text_or_none(value) if isinstance(value, str) else None


def _rating(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name") or value.get("ratingValue")
    return _text_or_none(value) if isinstance(value, (str, int, float)) else None


def fact_check(fields: dict, path: str, default_id: str) -> FactCheck:
    """A record of the plain fields (FIELDS) -> FactCheck; its own id, else its url, else DEFAULT_ID."""
    claim = _text_or_none(fields.get("claim"))
    if not claim:
        raise BadInput("the record has no claim")
    url = _text_or_none(fields.get("url"))
    return FactCheck(
        id=_text_or_none(fields.get("id")) or url or default_id,
        claim=claim,
        rating=_rating(fields.get("rating")),
        url=url,
        publisher=_name(fields.get("publisher")),
        published=iso_date(fields.get("published")),
        title=_text_or_none(fields.get("title")),
        path=path,
    )


def from_claim_review(review: dict) -> dict:
    """schema.org ClaimReview -> the plain fields."""
    item = review.get("itemReviewed") if isinstance(review.get("itemReviewed"), dict) else {}
    return {
        "id": review.get("@id") or review.get("identifier"),
        "claim": review.get("claimReviewed") or item.get("name") or item.get("text"),
        "rating": review.get("reviewRating"),
        "url": review.get("url"),
        "publisher": review.get("publisher") or review.get("author"),
        "published": review.get("datePublished"),
        "title": review.get("headline") or review.get("name"),
    }


def from_search_api(claim: dict) -> Iterator[dict]:
    """One entry of a fact-check search API's ``claims`` -> the plain fields of each of its reviews."""
    for review in claim.get("claimReview") or []:
        if isinstance(review, dict):
            yield {
                "claim": claim.get("text"),
                "rating": review.get("textualRating"),
                "url": review.get("url"),
                "publisher": review.get("publisher"),
                "published": review.get("reviewDate") or claim.get("claimDate"),
                "title": review.get("title"),
            }


def _is_claim_review(value) -> bool:
    kind = value.get("@type") if isinstance(value, dict) else None
    return kind == "ClaimReview" or (isinstance(kind, list) and "ClaimReview" in kind)


def records_in_json(data) -> Iterator[dict]:
    """The plain fields of every fact-check in parsed JSON: ClaimReview (one, a list, an @graph),
    a search API answer (``claims[].claimReview[]``) or plain records."""
    if isinstance(data, dict) and isinstance(data.get("claims"), list):
        for claim in data["claims"]:
            if isinstance(claim, dict):
                yield from from_search_api(claim)
        return
    if isinstance(data, dict) and isinstance(data.get("@graph"), list):
        data = data["@graph"]
    for item in data if isinstance(data, list) else [data]:
        if _is_claim_review(item):
            yield from_claim_review(item)
        elif isinstance(item, dict) and "claim" in item:
            yield item
        elif isinstance(item, dict) and isinstance(item.get("claimReview"), list):
            yield from from_search_api(item)
        elif not (isinstance(item, dict) and "@type" in item):  # other JSON-LD on a page is not an error
            yield BadInput(f"not a fact-check record (no claim, ClaimReview or claimReview): {str(item)[:60]}")


def _numbered(path: Path, name: str, labelled: Iterable[tuple[str, object]]) -> Iterator[FactCheck | LoadError]:
    def checked(record, n: int) -> FactCheck:
        if not isinstance(record, dict):
            raise BadInput(f"a record must be an object, not {type(record).__name__}")
        return fact_check(record, str(path), f"{name}#{n}")

    numbered = ((label, n, record) for n, (label, record) in enumerate(labelled, start=1))
    return unique_records(path, numbered, checked)


def _parsed_json(text: str, where: str = ""):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput(f"malformed JSON{where}: {error.msg} (line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise BadInput(f"malformed JSON{where}: nested too deeply") from None


def read_json(path: Path, name: str) -> Iterator[FactCheck | LoadError]:
    data = _parsed_json(decode(read_bytes(path)))
    yield from _numbered(path, name, ((f"record {n}", r) for n, r in enumerate(records_in_json(data), start=1)))


def read_html(path: Path, name: str) -> Iterator[FactCheck | LoadError]:
    """The ClaimReview JSON-LD a fact-check's page embeds."""
    blocks = JSON_LD.findall(decode(read_bytes(path)))
    found = [r for n, block in enumerate(blocks, start=1) for r in records_in_json(_parsed_json(block, f" in script {n}"))]
    if not found:
        raise BadInput("no ClaimReview JSON-LD in the page")
    yield from _numbered(path, name, ((f"record {n}", r) for n, r in enumerate(found, start=1)))


def read_jsonl(path: Path, name: str) -> Iterator[FactCheck | LoadError]:
    def labelled():
        for line_number, line in enumerate(decode(read_bytes(path)).split("\n"), start=1):
            if line.strip():
                try:
                    records = list(records_in_json(_parsed_json(line)))
                except BadInput as error:
                    records = [error]
                for record in records:
                    yield f"line {line_number}", record

    yield from _numbered(path, name, labelled())


def read_delimited(path: Path, name: str) -> Iterator[FactCheck | LoadError]:
    """CSV or TSV with a header row; ``vclaim`` (CLEF CheckThat!) is read as ``claim``."""
    csv.field_size_limit(sys.maxsize)
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") or path.name.lower().endswith(".tsv.gz") else ","
    reader = csv.DictReader(io.StringIO(decode(read_bytes(path)), newline=""), delimiter=delimiter)
    columns = set(reader.fieldnames or [])
    if not columns & {"claim", "vclaim"}:
        raise BadInput(f"no claim column (columns: {', '.join(sorted(c for c in columns if c)) or 'none'})")

    def labelled():
        for row in reader:
            if "claim" not in row:
                row["claim"] = row.get("vclaim")
            if not row.get("id") and row.get(""):  # pandas' unnamed index column
                row["id"] = row[""]
            yield f"line {reader.line_num}", row

    try:
        yield from _numbered(path, name, labelled())
    except csv.Error as error:
        raise BadInput(f"malformed CSV at line {reader.line_num}: {error}") from None


READERS = {".json": read_json, ".jsonld": read_json, ".jsonl": read_jsonl, ".ndjson": read_jsonl,
           ".html": read_html, ".htm": read_html, ".csv": read_delimited, ".tsv": read_delimited}


def read_fact_checks(paths: Iterable[str]) -> Iterator[FactCheck | LoadError]:
    """Every fact-check (and every error) in PATHS: files, folders, globs."""
    for found in find_files(paths, READERS):
        yield from read_found(found, READERS)
