"""Facets for news at newsroom scale.

`CountedColumnFacet` takes the place of Datasette's column facet: the same UI and URLs, but it
reads the counts schema.FACET_COUNTS keeps (a few ms) instead of a GROUP BY over up to a million
claims per facet, where the page's rows allow it.

`MonthFacet`: news is read by month, and Datasette only facets by day. It counts rows by the
YYYY-MM prefix of an ISO 8601 date column (articles.published), newest month first, and selecting
a month filters with Datasette's own `column__startswith=YYYY-MM`, so the filter shows and is
removed like any other. Enable it with `?_facet_month=published` or in metadata:
`facets: [{month: published}]`.
"""
import copy
import re

from datasette.database import QueryInterrupted
from datasette.facets import ColumnFacet, Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from .schema import FACET_COUNTS, counted_filters, facet_counts_kept_by, facet_counts_table


async def counts_are_kept(datasette, database: str, table: str) -> bool:
    triggers = await datasette.execute(
        database, "select name, sql from sqlite_master where type = 'trigger' and tbl_name = ?", [table]
    )
    return facet_counts_kept_by(table, {row["name"]: row["sql"] for row in triggers})


class CountedColumnFacet(ColumnFacet):
    """Datasette's column facet, answered from TABLE_facet_counts when the page's rows are those
    of a set of equality filters the counts are kept under (schema.counted_filters: none, one,
    or status and one more) and the counts are being kept (a fresh bulk load drops their
    triggers until its end). Any other page (a search, `_where`, another operator, `_next`,
    which Datasette's facets also honour) gets Datasette's own GROUP BY."""

    async def facet_results(self):
        page_filters = await self.page_filters()
        configs = self.get_configs()
        counted, uncounted, timed_out, names = {}, [], [], []
        for source_and_config in configs:
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            names.append(column)
            if page_filters is not None and column in FACET_COUNTS[self.table]:
                hideable = source_and_config["source"] != "metadata"
                try:
                    counted[column] = await self.counted_result(column, hideable, page_filters)
                except QueryInterrupted:
                    timed_out.append(column)
            else:
                uncounted.append(source_and_config)
        found = {}
        if uncounted:
            # Datasette's own GROUP BY for the rest, on a copy told of those configurations only:
            # this instance also answers suggest(), which must still see them all.
            rest = copy.copy(self)
            rest.get_configs = lambda: uncounted
            results, missed = await ColumnFacet.facet_results(rest)
            found = {result["name"]: result for result in results}
            timed_out += missed
        in_order = [counted.get(name) or found.get(name) for name in dict.fromkeys(names)]
        return [result for result in in_order if result is not None], timed_out

    async def page_filters(self) -> dict[str, str] | None:
        """The page's filters as {column: value} when the counts answer for them, else None."""
        if self.table not in FACET_COUNTS:
            return None
        filters = self.equality_filters()
        if filters is None:
            return None
        columns = tuple(column for column in FACET_COUNTS[self.table] if column in filters)
        if len(columns) != len(filters) or columns not in counted_filters(self.table):
            return None
        return filters if await counts_are_kept(self.ds, self.database, self.table) else None

    def equality_filters(self) -> dict[str, str] | None:
        """{column: value} when every clause of the page is `column = value` (else None), read
        from the SQL Datasette hands its facets (`select ... from claims [where "status" = :p0
        and ...]`), so that any other clause, whatever made it, falls back."""
        match = re.fullmatch(rf"select .*? from {re.escape(escape_sqlite(self.table))} (?:where (.*) )?", self.sql, re.S)
        if match is None:
            return None
        filters = {}
        for clause in match[1].split(" and ") if match[1] else []:
            equality = re.fullmatch(r'"(\w+)" = :(\w+)', clause)
            if equality is None or equality[1] in filters or not isinstance(self.params.get(equality[2]), str):
                return None
            filters[equality[1]] = self.params[equality[2]]
        return filters

    async def counted_result(self, column: str, hideable: bool, page_filters: dict[str, str]) -> dict:
        """The facet's result as ColumnFacet.facet_results builds it, from the counts. Under a
        filter on the facet's own column the only value is the filter's, counted under the others."""
        others = [c for c in FACET_COUNTS[self.table] if c in page_filters and c != column]
        params = {"facet": column, "filter": ",".join(others), **{f"v{i}": page_filters[c] for i, c in enumerate(others)}}
        own_value = ""
        if column in page_filters:
            own_value, params["value"] = " and [value] = :value", page_filters[column]
        facet_size = self.get_facet_size()
        rows = (await self.ds.execute(
            self.database,
            f"""select [value], [count] from [{facet_counts_table(self.table)}]
                where [facet] = :facet and [filter] = :filter
                  and [filter_value] = json_array({', '.join(f':v{i}' for i in range(len(others)))}){own_value}
                order by [count] desc, [value] limit {facet_size + 1}""",
            params,
            custom_time_limit=self.ds.setting("facet_time_limit_ms"),
        )).rows
        values = [row["value"] for row in rows[:facet_size]]
        labels = await self.ds.expand_foreign_keys(self.request.actor, self.database, self.table, column, values)
        pairs = self.get_querystring_pairs()
        results = []
        for row in rows[:facet_size]:
            value = row["value"]
            selected_args = {key: str(value) for key in (column, f"{column}__exact") if (key, str(value)) in pairs}
            toggle_path = (path_with_removed_args(self.request, selected_args) if selected_args
                           else path_with_added_args(self.request, {column: value}))
            results.append({
                "value": value,
                "label": labels.get((column, value), value),
                "count": row["count"],
                "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle_path)),
                "selected": bool(selected_args),
            })
        return {
            "name": column,
            "type": self.type,
            "hideable": hideable,
            "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
            "results": results,
            "truncated": len(rows) > facet_size,
        }


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
