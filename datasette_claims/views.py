"""Route handlers for the fact-checker's pages under /-/claims.

Every page reads the first attached database that has a `claims` table; only the review POST
writes, through reviews.py on Datasette's write connection.
"""
import re
from collections import Counter, defaultdict
from urllib.parse import urlencode

from datasette import Forbidden, NotFound, Response
from datasette.resources import DatabaseResource, TableResource
from datasette.utils import tilde_decode, tilde_encode
from markupsafe import Markup

from . import also_in
from .facets import counts_are_kept
from .matching import Model
from .reviews import (
    ACTION, LATEST_REVIEWS_SQL, ClaimGone, ReviewError,
    claim_review, http_url, parse_review, status_label, write_review,
)
from .schema import STATUSES, facet_counts_table

QUEUE_SIZE = 25
LIST_SIZE = 15


async def claims_database(datasette):
    for database in datasette.databases.values():
        if await database.table_exists("claims"):
            return database
    raise NotFound("No attached database has a claims table")


# Every page shows rows of these tables, so it is only for actors who may view all of them.
PAGE_TABLES = ("articles", "claims", "numbers", "sources", "reviews")


async def readable_claims_database(datasette, request):
    """The claims database, after checking the actor may view it and the tables the pages show
    (the default allows everyone), as Datasette's own table pages would."""
    database = await claims_database(datasette)
    await datasette.ensure_permission(
        action="view-database", resource=DatabaseResource(database.name), actor=request.actor
    )
    for table in PAGE_TABLES:
        await datasette.ensure_permission(
            action="view-table", resource=TableResource(database.name, table), actor=request.actor
        )
    return database


READ_ONLY = "This is a published, read-only copy of the claims desk: reviews are made on the fact-checkers' own desk"


async def can_review(datasette, actor, database_name: str) -> bool:
    """Allowed the action, on a database that can be written (not a published immutable copy)."""
    if not datasette.get_database(database_name).is_mutable:
        return False
    return await datasette.allowed(action=ACTION, resource=DatabaseResource(database_name), actor=actor)


def review_refused(database) -> Forbidden:
    """Why a POST of a review was refused: no permission, or a published read-only copy."""
    return Forbidden("You do not have permission to review claims" if database.is_mutable else READ_ONLY)


def page_url(datasette, kind: str, id: str) -> str:
    """/-/claims/<kind>/<id>, tilde-encoded because article and source ids hold / and :."""
    return datasette.urls.path(f"/-/claims/{kind}/{tilde_encode(id)}")


def page_link(datasette, kind: str, id: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(page_url(datasette, kind, id), id)


def status_badge(status: str) -> Markup:
    """The same badge on our pages and in Datasette's tables (render_cell)."""
    known = status if status in STATUSES else "other"
    return Markup('<span class="claims-status claims-status-{}">{}</span>').format(known, status_label(status))


def checkworthiness_meter(value) -> Markup:
    return Markup(
        '<meter class="claims-cw" min="0" max="1" low="0.4" high="0.7" optimum="0" value="{0}"></meter> {0:.2f}'
    ).format(value or 0)


def shade(checkworthiness) -> int:
    """0..4, for the claims-cw-N classes that shade a mark by check-worthiness."""
    return round((checkworthiness or 0) * 4)


async def rows(database, sql, params=None) -> list[dict]:
    return [dict(row) for row in await database.execute(sql, params or [])]


async def page_row(datasette, request, table: str, url_var: str) -> tuple:
    """(database, the row's id, the row) for a page about one row of TABLE; 404 when it is gone."""
    database = await readable_claims_database(datasette, request)
    row_id = tilde_decode(request.url_vars[url_var])
    found = await rows(database, f"select * from {table} where id = ?", [row_id])
    if not found:
        raise NotFound(f"{table[:-1].capitalize()} not found")
    return database, row_id, found[0]


async def review_rows(database, where: str = "", params=None, limit: int = -1) -> list[dict]:
    """Reviews newest first, each saying whether its claim still exists and giving a safe evidence link."""
    reviews = await rows(database, f"""
        select reviews.*, claims.id is not null as claim_exists
        from reviews left join claims on claims.id = reviews.claim_id {where}
        order by reviews.created desc, reviews.id desc limit {int(limit)}""", params)
    for review in reviews:
        review["evidence_href"] = http_url(review["evidence_url"])
    return reviews


async def render(datasette, request, template, context, status=200):
    """Render a claims_*.html template with the helpers they all share."""
    html = await datasette.render_template(template, {
        **context,
        "status_label": status_label,
        "status_badge": status_badge,
        "checkworthiness_meter": checkworthiness_meter,
        "shade": shade,
        "page_url": lambda kind, id: page_url(datasette, kind, id),
    }, request=request)
    return Response.html(html, status=status)


async def claims_counted_by(datasette, database) -> str:
    """SQL template (``{column}``) of claims counted by a column, nulls left out: read from the
    facet counts where they are kept (a few ms at a million claims), else a GROUP BY."""
    if await counts_are_kept(datasette, database.name, "claims"):
        return f"select value, count as n from {facet_counts_table('claims')} where facet = '{{column}}' and filter = ''"
    return "select {column} as value, count(*) as n from claims where {column} is not null group by {column}"


async def desk(datasette, request):
    """/-/claims: what the desk has, what to review next, and what was reviewed lately."""
    database = await readable_claims_database(datasette, request)
    counted = await claims_counted_by(datasette, database)
    counts = {row["value"]: row["n"] for row in await rows(database, counted.format(column="status"))}
    status_counts = [(status, counts.pop(status, 0)) for status in STATUSES] + sorted(counts.items())
    queue = await rows(database, f"""
        select claims.id, claims.text, claims.checkworthiness, claims.claim_type,
               articles.id as article_id, articles.title as article_title, sources.name as source_name
        from claims join articles on articles.id = claims.article_id
          left join sources on sources.id = claims.source_id
        where claims.status = 'unreviewed' and coalesce(claims.claim_type, '') != 'not_claim'
        order by claims.checkworthiness desc limit {QUEUE_SIZE}""")
    top_sources = await rows(database, f"""
        select sources.id, sources.name, sources.type, sources.role, counted.n as claims
        from ({counted.format(column="source_id")}) as counted join sources on sources.id = counted.value
        order by claims desc, sources.name limit {LIST_SIZE}""")
    already_checked = await already_checked_queue(database)
    recent_reviews = await review_rows(database, limit=LIST_SIZE)
    orphaned_reviews = await review_rows(database, "where claims.id is null", limit=LIST_SIZE)
    totals = (await rows(database, """select
        (select count(*) from articles) as articles, (select count(*) from claims) as claims,
        (select count(*) from numbers) as numbers, (select count(*) from sources) as sources,
        (select count(*) from reviews) as reviews,
        (select count(*) from reviews where claim_id not in (select id from claims)) as orphaned_reviews"""))[0]
    if await database.table_exists("disagreeing_figures"):  # not in a database no loader of this version opened
        totals["disagreeing_figures"] = (await rows(database, "select count(*) as n from disagreeing_figures"))[0]["n"]
    return await render(datasette, request, "claims_desk.html", {
        "database": database.name,
        "totals": totals,
        "status_counts": status_counts,
        "queue": queue,
        "already_checked": already_checked,
        "top_sources": top_sources,
        "recent_reviews": recent_reviews,
        "orphaned_reviews": orphaned_reviews,
        "reviewer": await can_review(datasette, request.actor, database.name),
        "tables": {
            name: datasette.urls.table(database.name, name)
            for name in ("articles", "claims", "numbers", "sources", "reviews", "who_said_what", "figures_that_disagree")
        },
    })


async def claim(datasette, request):
    """/-/claims/claim/<id>: the claim in context, its review history and (for reviewers) the form."""
    database = await readable_claims_database(datasette, request)
    claim_id = tilde_decode(request.url_vars["claim_id"])
    reviewer = await can_review(datasette, request.actor, database.name)
    error, form = None, {}
    if request.method == "POST":
        if not reviewer:
            raise review_refused(database)
        form = await request.post_vars()
        try:
            review = parse_review(claim_id, form, (request.actor or {}).get("id"))
            await database.execute_write_fn(
                lambda conn: write_review(conn, review), transaction=True, request=request
            )
        except ClaimGone as gone:
            raise NotFound(str(gone))
        except ReviewError as invalid:
            error = str(invalid)
        else:
            datasette.add_message(request, f"Review saved: {status_label(review.status)}", datasette.INFO)
            return Response.redirect(page_url(datasette, "claim", claim_id), status=303)
    context = await claim_context(datasette, request, database, claim_id)
    return await render(datasette, request, "claims_claim.html", {
        **context, "reviewer": reviewer, "error": error, "form": form, "statuses": STATUSES,
        "read_only": None if database.is_mutable else READ_ONLY,
    }, status=400 if error else 200)


async def claim_context(datasette, request, database, claim_id: str) -> dict:
    reviews = await review_rows(database, "where reviews.claim_id = ?", [claim_id])
    found = await rows(database, """
        select claims.*, articles.title as article_title, articles.url as article_url,
               articles.publisher, articles.published,
               sources.name as source_name, sources.type as source_type, sources.role as source_usual_role,
               via.name as via_name
        from claims join articles on articles.id = claims.article_id
          left join sources on sources.id = claims.source_id
          left join sources as via on via.id = claims.via_source_id
        where claims.id = ?""", [claim_id])
    if not found:
        if not reviews:
            raise NotFound("Claim not found")
        # Re-extraction dropped the claim; its reviews are kept and still readable here.
        return {"database": database.name, "claim": None, "orphan": reviews[0], "reviews": reviews}
    claim = found[0]
    claim["article_href"] = http_url(claim["article_url"])
    neighbours = "select id, text from claims where article_id = ? and {} limit 1"
    before = await rows(database, neighbours.format("end_char <= ? order by end_char desc"),
                        [claim["article_id"], claim["start_char"]])
    after = await rows(database, neighbours.format("start_char >= ? order by start_char"),
                       [claim["article_id"], claim["end_char"]])
    numbers = await rows(database, "select * from numbers where claim_id = ? order by start_char", [claim_id])
    fact_check_matches = await matched_fact_checks(database, claim_id)
    latest = await rows(database, LATEST_REVIEWS_SQL + " and claims.id = ?", [claim_id])
    url = page_url(datasette, "claim", claim_id)
    return {
        "database": database.name,
        "claim": claim,
        "before": before[0] if before else None,
        "after": after[0] if after else None,
        "numbers": numbers,
        "fact_check_matches": fact_check_matches,
        "reviews": reviews,
        "claim_review": claim_review(latest[0], datasette.absolute_url(request, url), await reviewer_name(datasette))
        if latest else None,
        "article_url": page_url(datasette, "article", claim["article_id"]),
        "source_url": page_url(datasette, "source", claim["source_id"]) if claim["source_id"] else None,
        "via_url": page_url(datasette, "source", claim["via_source_id"]) if claim["via_source_id"] else None,
        "row_url": datasette.urls.row(database.name, "claims", tilde_encode(claim_id)),
        **await also_in.context(database, claim_id),
    }


async def matched_fact_checks(database, claim_id: str) -> list[dict]:
    """The claim's fact-check candidates, best first, each marked confident or not (matching.py)."""
    if not await database.table_exists("claim_matches"):
        return []
    matches = await rows(database, """
        select claim_matches.rank, claim_matches.score, fact_checks.*
        from claim_matches join fact_checks on fact_checks.id = claim_matches.fact_check_id
        where claim_matches.claim_id = ? order by claim_matches.rank""", [claim_id])
    confident = Model.load().confident
    for match in matches:
        match["confident"] = match["score"] >= confident
        match["href"] = http_url(match["url"])
    return matches


async def already_checked_queue(database) -> list[dict]:
    """Unreviewed claims with a confident fact-check match, most check-worthy first, with that match."""
    if not await database.table_exists("claim_matches"):
        return []
    return await rows(database, f"""
        select claims.id, claims.text, claims.checkworthiness, fact_checks.claim as fact_check_claim,
               fact_checks.rating, fact_checks.publisher, fact_checks.url, claim_matches.score
        from claims join claim_matches on claim_matches.claim_id = claims.id and claim_matches.rank = 1
          join fact_checks on fact_checks.id = claim_matches.fact_check_id
        where claims.fact_check_match = 'confident' and claims.status = 'unreviewed'
        order by claims.checkworthiness desc limit {QUEUE_SIZE}""")


async def reviewer_name(datasette) -> str:
    """Who publishes the ClaimReviews: the site's title from metadata."""
    return (await datasette.get_instance_metadata()).get("title") or "Datasette"


async def claimreview_json(datasette, request):
    """/-/claims/claimreview.json: every reviewed claim as schema.org ClaimReview."""
    database = await readable_claims_database(datasette, request)
    reviewer = await reviewer_name(datasette)
    return Response.json([
        claim_review(row, datasette.absolute_url(request, page_url(datasette, "claim", row["claim_id"])), reviewer)
        for row in await rows(database, LATEST_REVIEWS_SQL + " order by reviews.created desc")
    ])


async def article(datasette, request):
    """/-/claims/article/<id>: the clean text with every claim marked and linked."""
    database, article_id, article = await page_row(datasette, request, "articles", "article_id")
    claims = await rows(database, "select * from claims where article_id = ? order by start_char", [article_id])
    numbers = await rows(database, "select * from numbers where article_id = ? order by start_char", [article_id])
    sources = {row["id"]: row for row in await rows(database, """
        select * from sources where id in (
          select source_id from claims where article_id = :id
          union select via_source_id from claims where article_id = :id
        ) order by name""", {"id": article_id})}
    for claim_row in claims:
        claim_row["url"] = page_url(datasette, "claim", claim_row["id"])
        claim_row["source_name"] = sources.get(claim_row["source_id"], {}).get("name")
    return await render(datasette, request, "claims_article.html", {
        "database": database.name,
        "article": article,
        "article_href": http_url(article["url"]),
        "pieces": marked_text(article["text"] or "", claims, numbers, sources),
        "sources": [{**source, "url": page_url(datasette, "source", source["id"])} for source in sources.values()],
        "claims_table_url": f"{datasette.urls.table(database.name, 'claims')}?{urlencode({'article_id': article_id})}",
        "check_first": check_first(claims),
    })


def check_first(claims: list[dict], count: int = 3) -> list[dict]:
    """The article's most check-worthy claims, best first (ties in reading order): what a reader
    of the article checks first."""
    ranked = sorted((c for c in claims if c["claim_type"] != "not_claim"), key=lambda c: -(c["checkworthiness"] or 0))
    return ranked[:count]


def marked_text(text: str, claims: list[dict], numbers: list[dict], sources: dict) -> list[dict]:
    """Cut the text into plain pieces and claim pieces; a claim piece is cut into runs, its
    numbers and the names of its sources as runs of their own. Overlapping spans keep the first."""
    numbers_by_claim = defaultdict(list)
    for number in numbers:
        numbers_by_claim[number["claim_id"]].append(number)
    pieces, position = [], 0
    for claim_row in claims:
        start, end = claim_row["start_char"], claim_row["end_char"]
        if start is None or end is None or start < position:
            continue
        if start > position:
            pieces.append({"text": text[position:start]})
        spans = [(n["start_char"], n["end_char"], "number", n) for n in numbers_by_claim[claim_row["id"]]]
        for source_id in (claim_row["source_id"], claim_row["via_source_id"]):
            if source_id in sources:
                span = name_in(text, start, end, sources[source_id]["name"])
                if span:
                    spans.append((*span, "source", sources[source_id]))
        pieces.append({"claim": claim_row, "runs": runs(text, start, end, spans)})
        position = end
    if position < len(text):
        pieces.append({"text": text[position:]})
    return pieces


def name_in(text: str, start: int, end: int, name: str):
    """Where a source is named in text[start:end]: its full name, else its last word (a surname)."""
    words = (name or "").split()
    if not words:
        return None
    for candidate in [name, words[-1]] if len(words) > 1 else [name]:
        match = re.compile(rf"\b{re.escape(candidate)}\b", re.IGNORECASE).search(text, start, end)
        if match:
            return match.start(), match.end()
    return None


def runs(text: str, start: int, end: int, spans: list[tuple]) -> list[dict]:
    result, position = [], start
    placed = (span for span in spans if span[0] is not None and span[1] is not None)
    for span_start, span_end, kind, row in sorted(placed, key=lambda span: span[0]):
        if span_start < position or span_end > end:
            continue
        if span_start > position:
            result.append({"text": text[position:span_start]})
        result.append({"text": text[span_start:span_end], "kind": kind, "row": row})
        position = span_end
    if position < end:
        result.append({"text": text[position:end]})
    return result


async def source(datasette, request):
    """/-/claims/source/<id>: everything one source said, across all articles."""
    database, source_id, source_row = await page_row(datasette, request, "sources", "source_id")
    claims = await rows(database, """
        select claims.*, articles.title as article_title, articles.published,
               claims.via_source_id = :id and coalesce(claims.source_id, '') != :id as only_via
        from claims join articles on articles.id = claims.article_id
        where claims.source_id = :id or claims.via_source_id = :id
        order by articles.published desc, articles.id, claims.start_char""", {"id": source_id})
    for claim_row in claims:
        claim_row["url"] = page_url(datasette, "claim", claim_row["id"])
        claim_row["article_url"] = page_url(datasette, "article", claim_row["article_id"])
    said = [c for c in claims if not c["only_via"]]
    return await render(datasette, request, "claims_source.html", {
        "database": database.name,
        "source": source_row,
        "claims": claims,
        "status_counts": Counter(c["status"] for c in said).most_common(),
        "roles": Counter(c["source_role"] for c in said if c["source_role"]).most_common(),
        "articles": len({c["article_id"] for c in claims}),
        "claims_table_url": f"{datasette.urls.table(database.name, 'claims')}?{urlencode({'source_id': source_id})}",
    })
