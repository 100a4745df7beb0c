"""Extracted Docs -> plain dicts for each table of the schema contract, with stable ids.

Knows the contract's id rules but nothing of SQLite (store.py writes) nor of how the Doc's
annotations were made (nlp/).
"""
import hashlib
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .readers import Article

if TYPE_CHECKING:  # spaCy is imported only where Docs are made, so an unchanged reload skips it
    from spacy.tokens import Doc

QUOTE_FOLDS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


@dataclass
class ArticleRecords:
    article: dict
    claims: list[dict] = field(default_factory=list)
    numbers: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)


def normalised(text: str) -> str:
    """What makes two claim texts "the same claim": case, spacing and quote style do not."""
    return " ".join(text.translate(QUOTE_FOLDS).lower().split())


def claim_id(article_id: str, text: str, occurrence: int) -> str:
    key = "\x1f".join((article_id, normalised(text), str(occurrence)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or hashlib.sha1(name.encode()).hexdigest()[:8]


def source_id(source: dict, article_id: str | None = None) -> str:
    """type:slug-of-canonical-name, so one real source is one row across all articles; a generic
    source (named by common nouns only: "a spokesman", "officials", "the MP") gets its article's id
    too, so the spokesman of one article is never the spokesman of another."""
    key = f"{source['type']}:{slug(source['name'])}"
    return f"{key}@{slug(article_id)}" if article_id is not None and source.get("generic") else key


def _source_row(source: dict | None, article_id: str) -> dict | None:
    if not source or not source.get("name") or not source.get("type"):
        return None
    return {"id": source_id(source, article_id), "name": source["name"], "type": source["type"], "role": source.get("role")}


def _claim_at(start: int, claim_starts: list[int], claim_spans: list[tuple[int, int, str]]) -> str | None:
    """The id of the claim whose span holds offset START, if any (spans are sorted, disjoint)."""
    i = bisect_right(claim_starts, start) - 1
    if i >= 0 and start < claim_spans[i][1]:
        return claim_spans[i][2]
    return None


def article_records(article: Article, docs: Iterable[tuple[int, "Doc"]], extracted_with: str, loaded: str) -> ArticleRecords:
    """Rows for one article from its (offset, Doc) chunks (chunks.pipe): each Doc's text is
    ``article.text`` from that offset, so its offsets shifted by it index the whole article.

    Sentence indexes and claim-id occurrence numbers run on across chunks, so an article gets
    the same kind of ids whether or not it had to be cut.
    """
    from .nlp.units import claim_sentences, text_of

    records = ArticleRecords(article={
        "id": article.id, "title": article.title, "url": article.url, "publisher": article.publisher,
        "published": article.published, "text": article.text, "path": article.path,
        "content_hash": article.content_hash, "extracted_with": extracted_with, "loaded": loaded,
    })
    sources = {}
    occurrences = Counter()
    per_claim = Counter()
    for offset, doc in docs:
        text = text_of(doc)
        assert article.text[offset:offset + len(text)] == text, "a Doc must be made from the article's text"
        attributions = doc._.attributions or {}
        scores = doc._.claim_scores or {}
        claim_spans = []
        for sent in claim_sentences(doc):
            start, end = sent.start_char, sent.end_char
            sent_text = text[start:end]  # Span.text would join its tokens again
            same_claim = normalised(sent_text)
            occurrences[same_claim] += 1
            cid = claim_id(article.id, sent_text, occurrences[same_claim])
            claim_spans.append((start, end, cid))
            attribution = attributions.get(start) or {}
            score = scores.get(start) or {}
            source, via = (_source_row(attribution.get(key), article.id) for key in ("source", "via"))
            for row in (source, via):
                if row:
                    sources[row["id"]] = merge_source(sources.get(row["id"]), row)
            records.claims.append({
                "id": cid, "article_id": article.id, "sentence": len(records.claims),
                "start_char": offset + start, "end_char": offset + end, "text": sent_text,
                "checkworthiness": score.get("checkworthiness"), "claim_type": score.get("claim_type"),
                "hedged": int(bool(score.get("hedged"))), "negated": int(bool(score.get("negated"))),
                "speech": attribution.get("speech") if source else None,
                "source_id": source["id"] if source else None,
                "source_role": attribution.get("source_role") if source else None,
                "via_source_id": via["id"] if via else None,
                "cue": attribution.get("cue") if source else None,
            })
        claim_starts = [start for start, _, _ in claim_spans]
        for number in sorted(doc._.numbers or [], key=lambda n: n["start_char"]):
            cid = _claim_at(number["start_char"], claim_starts, claim_spans)
            if cid is None:
                continue
            per_claim[cid] += 1
            records.numbers.append({
                "id": f"{cid}-{per_claim[cid]}", "claim_id": cid, "article_id": article.id,
                "start_char": offset + number["start_char"], "end_char": offset + number["end_char"],
                **{k: number.get(k) for k in ("text", "value", "unit", "kind", "low", "high", "qualifier")},
            })
    records.sources = list(sources.values())
    return records


def merge_source(existing: dict | None, new: dict) -> dict:
    """Keep the most telling role seen: the one with the most words (the first on a tie)."""
    if existing is None:
        return new
    if len((new.get("role") or "").split()) > len((existing.get("role") or "").split()):
        return {**existing, "role": new["role"]}
    return existing
