"""The review write path and its ClaimReview export.

A review is appended to the `reviews` log and becomes `claims.status` in the same transaction,
so the log and the status never disagree; the loader restores the status from the log on reload.
"""
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

from .schema import STATUSES

ACTION = "claims-review"


class ReviewError(ValueError):
    """A review that must not be written; the message is shown to the reviewer."""


class ClaimGone(ReviewError):
    """The claim was re-extracted away between showing the form and posting it."""


@dataclass(frozen=True)
class Review:
    claim_id: str
    status: str
    note: str | None
    evidence_url: str | None
    actor_id: str | None


def status_label(status: str) -> str:
    return status.replace("-", " ").capitalize()


def http_url(url):
    """The URL when it is an http or https link with a host (safe for an href), else None."""
    try:
        parts = urlsplit(url or "")
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def parse_review(claim_id: str, form: dict, actor_id: str | None) -> Review:
    """Validate a posted review form; raise ReviewError saying what is wrong."""
    status = (form.get("status") or "").strip()
    if status not in STATUSES:
        raise ReviewError(f"Status must be one of: {', '.join(STATUSES)}")
    evidence_url = (form.get("evidence_url") or "").strip() or None
    if evidence_url is not None and http_url(evidence_url) is None:
        raise ReviewError("Evidence URL must be an http:// or https:// link")
    return Review(
        claim_id=claim_id,
        status=status,
        note=(form.get("note") or "").strip() or None,
        evidence_url=evidence_url,
        actor_id=actor_id,
    )


def write_review(conn, review: Review) -> int:
    """Append the review and set the claim's status; run inside one write transaction."""
    claim = conn.execute(
        "select text, article_id from claims where id = ?", [review.claim_id]
    ).fetchone()
    if claim is None:
        raise ClaimGone("This claim no longer exists; it was re-extracted since the page loaded")
    cursor = conn.execute(
        """insert into reviews (claim_id, status, note, evidence_url, actor_id, created, claim_text, article_id)
           values (?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            review.claim_id, review.status, review.note, review.evidence_url, review.actor_id,
            datetime.now(timezone.utc).isoformat(timespec="seconds"), claim[0], claim[1],
        ],
    )
    conn.execute("update claims set status = ? where id = ?", [review.status, review.claim_id])
    return cursor.lastrowid


# The latest review of every claim still in `claims`, with what a ClaimReview needs.
LATEST_REVIEWS_SQL = """
select
  claims.id as claim_id, claims.text as claim_text,
  reviews.status, reviews.note, reviews.created, reviews.evidence_url,
  articles.url as article_url, articles.title as article_title,
  articles.publisher, articles.published,
  sources.name as source_name, sources.type as source_type
from reviews
  join claims on claims.id = reviews.claim_id
  join articles on articles.id = claims.article_id
  left join sources on sources.id = claims.source_id
where reviews.id = (
    select latest.id from reviews as latest where latest.claim_id = reviews.claim_id
    order by latest.created desc, latest.id desc limit 1
  )
  and reviews.status != 'unreviewed'
"""


def claim_review(row: dict, claim_url: str, reviewer: str) -> dict:
    """schema.org ClaimReview for one claim's latest review (https://schema.org/ClaimReview)."""
    appearance = {"@type": "NewsArticle", "headline": row["article_title"]}
    if http_url(row["article_url"]):
        appearance["url"] = row["article_url"]
    if row["publisher"]:
        appearance["publisher"] = {"@type": "Organization", "name": row["publisher"]}
    if row["published"]:
        appearance["datePublished"] = row["published"]
    item = {"@type": "Claim", "appearance": appearance}
    if row["source_name"]:
        author_type = "Person" if row["source_type"] in ("person", "anonymous") else "Organization"
        item["author"] = {"@type": author_type, "name": row["source_name"]}
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim_url,
        "claimReviewed": row["claim_text"],
        "datePublished": row["created"],
        "author": {"@type": "Organization", "name": reviewer},
        "itemReviewed": item,
        "reviewRating": {"@type": "Rating", "alternateName": status_label(row["status"])},
    }
    if row["note"]:
        review["reviewBody"] = row["note"]
    if http_url(row["evidence_url"]):
        review["citation"] = row["evidence_url"]
    return review
