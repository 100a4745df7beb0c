"""The claim page's "Also in" list (claim_links, see links.py), the "Rated ... in another article"
banner, and applying that rating to the claim and every claim linked to it in one action.

Nothing is changed by showing a page: only the reviewer's explicit POST to
/-/claims/claim/<id>/apply appends reviews, one per claim, through reviews.write_review.
"""
from datasette import NotFound, Response
from datasette.utils import tilde_decode

from . import views
from .reviews import ClaimGone, Review, ReviewError, status_label, write_review

ALSO_IN_SQL = """
select claims.id, claims.text, claims.status, claim_links.score, claim_links.method,
       articles.id as article_id, articles.title as article_title, articles.publisher, articles.published,
       sources.id as source_id, sources.name as source_name
from claim_links join claims on claims.id = claim_links.other_claim_id
  join articles on articles.id = claims.article_id
  left join sources on sources.id = claims.source_id
where claim_links.claim_id = ?
order by claim_links.score desc, claims.id
"""


async def context(database, claim_id: str) -> dict:
    """``also_in``: the linked claims; ``rated_elsewhere``: the first linked claim with each rating."""
    if not await database.table_exists("claim_links"):  # a database made before the links existed
        return {"also_in": [], "rated_elsewhere": []}
    linked = await views.rows(database, ALSO_IN_SQL, [claim_id])
    rated = {}
    for claim in linked:
        if claim["status"] != "unreviewed":
            rated.setdefault(claim["status"], claim)
    return {"also_in": linked, "rated_elsewhere": list(rated.values())}


def latest_rating(conn, claim_id: str):
    row = conn.execute("""select status, evidence_url from reviews where claim_id = ?
                          order by created desc, id desc limit 1""", [claim_id]).fetchone()
    return row if row and row[0] != "unreviewed" else None


def apply_linked_rating(conn, claim_id: str, rated_id: str, actor_id: str | None) -> tuple[str, int]:
    """Append RATED_ID's latest rating as a review of CLAIM_ID and of every claim linked to it
    (RATED_ID and claims that already have that status left out); one transaction. Returns
    (status, reviews appended)."""
    if conn.execute("select 1 from claims where id = ?", [claim_id]).fetchone() is None:
        raise ClaimGone("This claim no longer exists; it was re-extracted since the page loaded")
    if not conn.execute("select 1 from sqlite_master where name = 'claim_links'").fetchone() or conn.execute(
            "select 1 from claim_links where claim_id = ? and other_claim_id = ?", [claim_id, rated_id]).fetchone() is None:
        raise ReviewError("That claim is not linked to this one")
    rating = latest_rating(conn, rated_id)
    if rating is None:
        raise ReviewError("That claim has no rating to apply")
    status, evidence_url = rating
    targets = conn.execute("""
        select id from claims where (id = :claim or id in (select other_claim_id from claim_links where claim_id = :claim))
          and id != :rated and status != :status order by id""",
        {"claim": claim_id, "rated": rated_id, "status": status}).fetchall()
    note = f"Rated {status_label(status)} in another article (claim {rated_id}); applied to the claims linked to it"
    for (target,) in targets:
        write_review(conn, Review(target, status, note, evidence_url, actor_id))
    return status, len(targets)


async def apply(datasette, request):
    """POST /-/claims/claim/<id>/apply: the reviewer applies a linked claim's rating (form field
    ``rated``) to this claim and every claim linked to it."""
    if request.method != "POST":
        return Response.text("Method not allowed", status=405)
    database = await views.readable_claims_database(datasette, request)
    if not await views.can_review(datasette, request.actor, database.name):
        raise views.review_refused(database)
    claim_id = tilde_decode(request.url_vars["claim_id"])
    rated_id = ((await request.post_vars()).get("rated") or "").strip()
    actor_id = (request.actor or {}).get("id")
    try:
        status, count = await database.execute_write_fn(
            lambda conn: apply_linked_rating(conn, claim_id, rated_id, actor_id), transaction=True, request=request)
    except ClaimGone as gone:
        raise NotFound(str(gone))
    except ReviewError as invalid:
        datasette.add_message(request, str(invalid), datasette.ERROR)
    else:
        datasette.add_message(request, f"Applied {status_label(status)} to {count} claim{'s' * (count != 1)}",
                              datasette.INFO)
    return Response.redirect(views.page_url(datasette, "claim", claim_id), status=303)
