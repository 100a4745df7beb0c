"""datasette-claims: Datasette hook implementations only; the work is in the modules they call."""
from datasette import hookimpl
from datasette.permissions import Action
from datasette.resources import DatabaseResource

from . import plugins  # noqa: F401  (adds our hookspecs and built-ins to Datasette's plugin manager)
from . import views
from .reviews import ACTION

STATUS_TABLES = {"claims", "who_said_what", "reviews"}
CHECKWORTHINESS_TABLES = {"claims", "who_said_what"}


@hookimpl
def register_commands(cli):
    from .cli import claims

    cli.add_command(claims)


@hookimpl
def register_routes():
    return [
        (r"^/-/claims$", views.desk),
        (r"^/-/claims/claimreview\.json$", views.claimreview_json),
        (r"^/-/claims/claim/(?P<claim_id>[^/]+)$", views.claim),
        (r"^/-/claims/article/(?P<article_id>[^/]+)$", views.article),
        (r"^/-/claims/source/(?P<source_id>[^/]+)$", views.source),
    ]


@hookimpl
def register_actions():
    return [
        Action(
            name=ACTION,
            abbr="cr",
            description="Review claims: set their status with a note and evidence",
            resource_class=DatabaseResource,
            also_requires="view-database",
        )
    ]


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.static_plugins("datasette-claims", "claims.css")]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/claims"), "label": "Claims desk"}]


@hookimpl
def row_actions(datasette, actor, database, table, row):
    if table != "claims":
        return None

    async def links():
        if not await views.can_review(datasette, actor, database):
            return []
        return [{
            "href": views.page_url(datasette, "claim", row["id"]),
            "label": "Review this claim",
            "description": "Rate it on the claims desk",
        }]

    return links


@hookimpl
def render_cell(value, column, table):
    """Status badges and check-worthiness meters in Datasette's own table and row pages."""
    if column == "status" and table in STATUS_TABLES and isinstance(value, str):
        return views.status_badge(value)
    if column == "checkworthiness" and table in CHECKWORTHINESS_TABLES and isinstance(value, (int, float)):
        return views.checkworthiness_meter(value)
    return None
