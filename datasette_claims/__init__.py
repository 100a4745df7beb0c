"""datasette-claims: Datasette hook implementations only; the work is in the modules they call.

Datasette's own modules (and ours that use them) are imported inside the hooks: ``datasette-claims
load`` imports this package too, and starts faster without Datasette (see plugins.py).
"""
from .hookspecs import hookimpl

STATUS_TABLES = {"claims", "who_said_what", "reviews"}
CHECKWORTHINESS_TABLES = {"claims", "who_said_what"}
# Row pages of these tables link to the desk's page for the same row.
ROW_PAGES = {
    "articles": ("article", "Read it with its claims marked", "The article text with every claim, number and source"),
    "sources": ("source", "Everything this source said", "Its claims across all articles, with their statuses"),
}
# These views and link tables have no foreign keys for Datasette to link, so their ids link to our pages.
PAGE_LINKS = {
    ("who_said_what", "claim_id"): "claim",
    ("who_said_what", "article_id"): "article",
    ("who_said_what", "source_id"): "source",
    ("claim_links", "claim_id"): "claim",
    ("claim_links", "other_claim_id"): "claim",
    **{("figures_that_disagree", f"{prefix}{kind}_id"): kind for prefix in ("", "other_") for kind in ("claim", "article")},
}


@hookimpl
def register_commands(cli):
    from .cli import claims

    cli.add_command(claims)


@hookimpl
def register_routes():
    from . import also_in, views

    return [
        (r"^/-/claims$", views.desk),
        (r"^/-/claims/claimreview\.json$", views.claimreview_json),
        (r"^/-/claims/claim/(?P<claim_id>[^/]+)$", views.claim),
        (r"^/-/claims/claim/(?P<claim_id>[^/]+)/apply$", also_in.apply),
        (r"^/-/claims/article/(?P<article_id>[^/]+)$", views.article),
        (r"^/-/claims/source/(?P<source_id>[^/]+)$", views.source),
    ]


@hookimpl(wrapper=True)
def register_facet_classes():
    """Adds the month facet, and puts CountedColumnFacet in the place of Datasette's ColumnFacet
    (a subclass: same UI, same `_facet=` URLs, the counts where they answer the page)."""
    from datasette.facets import ColumnFacet

    from .facets import CountedColumnFacet, MonthFacet

    facet_classes = yield
    replaced = [[CountedColumnFacet if cls is ColumnFacet else cls for cls in classes] for classes in facet_classes]
    return [*replaced, [MonthFacet]]


@hookimpl
def register_actions():
    from datasette.permissions import Action
    from datasette.resources import DatabaseResource

    from .reviews import ACTION

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
def extra_js_urls(datasette):
    return [{"url": datasette.urls.static_plugins("datasette-claims", "claims.js"), "module": False}]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/claims"), "label": "Claims desk"}]


@hookimpl
def row_actions(datasette, actor, database, table, row):
    from . import views

    if table in ROW_PAGES:
        kind, label, description = ROW_PAGES[table]
        return [{"href": views.page_url(datasette, kind, row["id"]), "label": label, "description": description}]
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
def render_cell(value, column, table, datasette):
    """Status badges, check-worthiness meters and links to the claims desk's pages in Datasette's
    own table and row pages (foreign keys elsewhere already show as links with their labels)."""
    from . import views

    if column == "status" and table in STATUS_TABLES and isinstance(value, str):
        return views.status_badge(value)
    if column == "checkworthiness" and table in CHECKWORTHINESS_TABLES and isinstance(value, (int, float)):
        return views.checkworthiness_meter(value)
    if (table, column) in PAGE_LINKS and isinstance(value, str):
        return views.page_link(datasette, PAGE_LINKS[table, column], value)
    return None

