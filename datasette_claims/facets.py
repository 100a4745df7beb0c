"""A `month` facet for Datasette: news is read by month, and Datasette only facets by day.

It counts rows by the YYYY-MM prefix of an ISO 8601 date column (articles.published), newest month
first, and selecting a month filters with Datasette's own `column__startswith=YYYY-MM`, so the
filter shows and is removed like any other. Enable it with `?_facet_month=published` or in
metadata: `facets: [{month: published}]`.
"""
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

# Values that start like an ISO 8601 date: 2024-02, 2024-02-01, 2024-02-01T10:00:00Z.
ISO_MONTH_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]*"


def month_of(column: str) -> str:
    """SQL for the column's YYYY-MM, null where it does not start like an ISO date."""
    quoted = escape_sqlite(column)
    return f"(case when {quoted} glob '{ISO_MONTH_GLOB}' then substr({quoted}, 1, 7) end)"


class MonthFacet(Facet):
    type = "month"

    def toggle_url(self, path: str) -> str:
        """request.path already holds any base_url, so the path is not prefixed again."""
        return self.ds.absolute_url(self.request, path)

    async def suggest(self):
        """Columns whose first rows hold ISO dates in more than one month; one query for them all."""
        already_enabled = {c["config"]["simple"] for c in self.get_configs()}
        columns = [c for c in await self.get_columns(self.sql, self.params) if c not in already_enabled]
        if not columns:
            return []
        months = ", ".join(f"count(distinct {month_of(column)})" for column in columns)
        try:
            counts = (await self.ds.execute(
                self.database,
                f"select {months} from (select * from ({self.sql}) limit {self.suggest_consider})",
                self.params,
                truncate=False,
                custom_time_limit=self.ds.setting("facet_suggest_time_limit_ms"),
            )).rows[0]
        except QueryInterrupted:
            return []
        return [
            {
                "name": column,
                "type": self.type,
                "toggle_url": self.toggle_url(path_with_added_args(self.request, {"_facet_month": column})),
            }
            for column, count in zip(columns, counts)
            if count > 1
        ]

    async def facet_results(self):
        results, timed_out = [], []
        pairs = self.get_querystring_pairs()
        facet_size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            month = month_of(column)
            try:
                rows = (await self.ds.execute(
                    self.database,
                    f"""select {month} as month, count(*) as n from ({self.sql})
                        where {month} is not null group by {month} order by {month} desc
                        limit {facet_size + 1}""",
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )).rows
            except QueryInterrupted:
                timed_out.append(column)
                continue
            filter_key = f"{column}__startswith"
            values = []
            for row in rows[:facet_size]:
                selected = (filter_key, row["month"]) in pairs
                change = path_with_removed_args if selected else path_with_added_args
                values.append({
                    "value": row["month"],
                    "label": row["month"],
                    "count": row["n"],
                    "toggle_url": self.toggle_url(change(self.request, {filter_key: row["month"]})),
                    "selected": selected,
                })
            results.append({
                "name": column,
                "type": self.type,
                "hideable": source_and_config["source"] != "metadata",
                "toggle_url": path_with_removed_args(self.request, {"_facet_month": column}),
                "results": values,
                "truncated": len(rows) > facet_size,
            })
        return results, timed_out
