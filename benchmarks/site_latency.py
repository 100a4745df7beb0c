"""Page latency of the site on a large claims database, through Datasette's in-process client.

    python benchmarks/synthetic_db.py /tmp/claims.db          # 1M claims, 2M numbers, 20k sources
    python benchmarks/site_latency.py /tmp/claims.db [--runs 20] [--datasette-defaults] [--no-csv] [--facets a,b]

Serves DB as the "claims" database with the repository's metadata.yml and datasette.yml (whose
settings docs/scaling.md explains; --datasette-defaults measures without them), and prints p50/p95/max per page, whether any facet timed out, and the time to
stream every claim as CSV. CPU ms is this process's CPU time per page (server and SQL
threads): the steadier figure when others load the machine. Each page is fetched RUNS times (article and claim pages with a
different random row each time) after one warm-up fetch. Wall times: on a shared machine,
compare runs made together.
"""
import argparse
import asyncio
import csv
import io
import random
import re
import statistics
import time
from pathlib import Path

import yaml
from datasette.app import Datasette
from datasette.database import Database
from datasette.utils import tilde_encode

ROOT = Path(__file__).resolve().parents[1]

async def timed(datasette: Datasette, path: str) -> tuple[float, float, object]:
    """Wall ms, CPU ms (this process: the server and its SQL threads) and the response."""
    started, cpu = time.perf_counter(), time.process_time()
    response = await datasette.client.get(path)
    elapsed, cpu = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}\n{response.text[:2000]}")
    return elapsed, cpu, response


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def main(args):
    config = yaml.safe_load((ROOT / "datasette.yml").read_text())
    if args.datasette_defaults:
        config.pop("settings", None)
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text())
    if args.facets is not None:
        metadata["databases"]["claims"]["tables"]["claims"]["facets"] = [f for f in args.facets.split(",") if f]
    datasette = Datasette(metadata=metadata, config=config)
    datasette.add_database(Database(datasette, path=str(args.db), is_mutable=True), name="claims")
    await datasette.invoke_startup()
    database = datasette.get_database("claims")
    rng = random.Random(1)
    counts = {table: (await database.execute(f"select count(*) from {table}")).first()[0]
              for table in ("articles", "claims", "numbers", "sources", "reviews")}
    async def sample_ids(table: str) -> list[str]:
        """RUNS + 1 ids of TABLE, the same ones on every run."""
        last = (await database.execute(f"select max(rowid) from {table}")).first()[0]
        rowids = rng.sample(range(1, last + 1), min(last, args.runs + 1))
        found = await database.execute(f"select id from {table} where rowid in ({','.join('?' * len(rowids))})", rowids)
        return [row[0] for row in found]

    article_ids, claim_ids = await sample_ids("articles"), await sample_ids("claims")
    word = (await database.execute("select text from claims where rowid = 1")).first()[0].split()[1]
    top_source = (await database.execute(
        "select source_id from claims where source_id is not null group by 1 order by count(*) desc limit 1",
        custom_time_limit=60_000)).first()[0]
    pages = {
        "claims table, default facets": lambda i: "/claims/claims",
        "status=unreviewed, facet by source_id": lambda i: "/claims/claims?status=unreviewed&_facet=source_id",
        "(extra) the top source's claims, default facets": lambda i: f"/claims/claims?source_id={top_source}",
        "(extra) two filters, default facets": lambda i: "/claims/claims?status=unreviewed&speech=direct",
        "(extra) numbers table, default facets": lambda i: "/claims/numbers",
        "(extra) numbers of one kind, default facets": lambda i: "/claims/numbers?kind=count",
        "article page": lambda i: f"/-/claims/article/{tilde_encode(article_ids[i % len(article_ids)])}",
        "claim page": lambda i: f"/-/claims/claim/{tilde_encode(claim_ids[i % len(claim_ids)])}",
        "(extra) claims desk /-/claims": lambda i: "/-/claims",
        f"(extra) full-text search '{word}'": lambda i: f"/claims/claims?_search={word}",
    }
    print(f"database: {args.db} ({Path(args.db).stat().st_size / 1e6:,.0f} MB): "
          + ", ".join(f"{n:,} {t}" for t, n in counts.items()))
    print(f"settings: {config.get('settings') or 'Datasette defaults'}")
    print(f"claims table default facets: {metadata['databases']['claims']['tables']['claims'].get('facets')}\n")
    print("| page | p50 ms | p95 ms | max ms | CPU ms p50 | facets timed out |")
    print("|---|---:|---:|---:|---:|---|")
    for name, path in pages.items():
        await timed(datasette, path(args.runs))  # warm-up: page cache, plugin start-up
        measured = [await timed(datasette, path(i)) for i in range(args.runs)]
        times, cpu = [m[0] for m in measured], [m[1] for m in measured]
        timed_out = ""
        table_path = re.match(r"/claims/(claims|numbers)(?=\?|$)", path(0))
        if table_path and "_search" not in path(0):
            json_path = path(0).replace(table_path[0], table_path[0] + ".json", 1)
            *_, response = await timed(datasette, json_path + ("&" if "?" in json_path else "?") + "_extra=facets_timed_out")
            timed_out = ", ".join(response.json().get("facets_timed_out") or []) or "none"
        print(f"| {name} | {statistics.median(times):.0f} | {percentile(times, 95):.0f} | {max(times):.0f} | "
              f"{statistics.median(cpu):.0f} | {timed_out} |")
    if not args.no_csv:
        # Datasette's keyset pagination over the default sort (checkworthiness, a float with ties)
        # returned some rows twice and missed others in a stream; in id order it is exact.
        for order in ("_sort=id", "default order"):
            path = "/claims/claims.csv?_stream=on&_size=max" + ("&" + order if order.startswith("_") else "")
            elapsed, _, response = await timed(datasette, path)
            ids = [row[0] for row in csv.reader(io.StringIO(response.text))][1:]
            exact = "complete" if len(ids) == len(set(ids)) == counts["claims"] else (
                f"NOT EXACT: {len(ids):,} rows, {len(set(ids)):,} distinct, {counts['claims']:,} claims")
            print(f"\nCSV stream of all claims ({order}): {len(ids):,} rows, {len(response.content) / 1e6:,.0f} MB "
                  f"in {elapsed / 1000:.1f}s, {exact}")

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--datasette-defaults", action="store_true", help="measure with Datasette's default settings")
    parser.add_argument("--no-csv", action="store_true", help="skip streaming every claim as CSV")
    parser.add_argument("--facets", help="comma-separated default facets of the claims table instead of metadata.yml's")
    asyncio.run(main(parser.parse_args()))
