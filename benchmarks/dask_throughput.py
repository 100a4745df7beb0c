"""The Dask engine against the local loader, and the writer alone, in one run.

    python benchmarks/dask_throughput.py [--corpus lee|seed] [--processes 2] [--rounds 3] [--cold]

Throughput: each round times, each in a fresh process, one after the other (interleaved, so a
busy moment of a shared machine hits both alike):
  local   Loader(--processes N) with the model loaded (and one Doc made) in the parent before
          the clock starts; its workers are forked from it during the load
  dask    DaskLoader on a LocalCluster of N single-threaded workers whose pipeline is loaded
          (the worker plugin, which also makes one Doc) before the clock starts
so what is compared is the load itself (read, hash, parse on the workers, ship, write in
order, index), not start-up: both start-ups are a model load per process and are paid once per
load, whatever its size. Each engine's fastest round counts; the ratio dask/local is the figure.
--cold also times the whole commands (`datasette-claims load` with and without --engine dask),
start-up included.

Writer alone: the corpus is extracted once, then `store.write_batch` takes the records in
batches of --batch-size (one transaction each): two thirds of the articles into a fresh database
(search index and facet counts built at the end, as a fresh load does), then the last third into
that loaded one (kept in sync row by row); the articles one writer takes per second, and per
second of its CPU (steadier than the clock on a shared machine, but without the waits for the
disk), the fastest of --writer-rounds rounds. Every article is written once: copies of the same texts under other
ids would be near-duplicates of each other, which the writer links (claim_links), so they would
time the worst case of the link index, not a news corpus. Shipping: the size of a task's results as the Dask
engine sends them (compact tuples, no texts) and as plain record dicts, and the time to pickle
and unpickle them.
"""
import argparse
import contextlib
import json
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from throughput import corpus_texts  # noqa: E402

from datasette_claims import plugins, readers, store  # noqa: E402
from datasette_claims.models import model_meta, model_version  # noqa: E402

BIN = Path(sys.executable).parent


def pipeline():
    from datasette_claims.nlp.pipeline import build_nlp

    return build_nlp()


def timed_load(engine: str, corpus: Path, db: Path, processes: int, batch_size: int) -> dict:
    """One load of CORPUS into a fresh DB, start-up excluded (see the module docstring)."""
    from datasette_claims.loader import Loader

    extracted_with = model_version(model_meta())
    cluster = None
    if engine == "local":
        loader = Loader(store.open_database(db), pipeline, extracted_with, batch_size, processes)
        loader.nlp("Warm up.")  # the parent loads the model (and initialises it, as the worker plugin does) before forking
    else:
        import distributed

        from datasette_claims.engine_dask import DaskLoader, PipelinePlugin, local_cluster, plugin_name

        cluster = local_cluster(processes)  # as `load --engine dask` starts it
        with distributed.Client(cluster) as client:  # the pipeline loaded on every worker, ahead
            client.register_plugin(PipelinePlugin(pipeline), name=plugin_name(pipeline))
        loader = DaskLoader(store.open_database(db), pipeline, extracted_with, batch_size, processes,
                            scheduler=cluster.scheduler_address)
    reader_for = plugins.readers()
    started, cpu_before = time.perf_counter(), cpu_seconds()
    summary = loader.load(item for found in readers.find_files([str(corpus)], reader_for)
                          for item in loader.read(found, reader_for))
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_before
    if cluster is not None:
        cluster.close()
    return {"seconds": seconds, "cpu": cpu, "articles": summary.new, "failed": summary.failed}


def cpu_seconds() -> float:
    """CPU time of this process and all its descendants: the live ones (Dask's nannies, workers)
    and the ones it reaped (the local loader's pool)."""
    import psutil

    me = psutil.Process()
    times = me.cpu_times()
    total = times.user + times.system + times.children_user + times.children_system
    for process in me.children(recursive=True):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def in_process(*args) -> dict:
    out = subprocess.run([sys.executable, __file__, "--run", *map(str, args)], capture_output=True, text=True)
    if out.returncode:
        sys.exit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def whole_command(args: list) -> float:
    started = time.perf_counter()
    subprocess.run([str(BIN / "datasette-claims"), "load", *map(str, args)], check=True, capture_output=True)
    return time.perf_counter() - started


def ratio_table(corpus: Path, tmp: Path, n: int, batch_size: int, rounds: int, cold: bool) -> None:
    best = {}
    runs = [("local", "local"), ("dask", "dask")]
    if cold:
        runs += [("local, whole command", ["--processes", n]), ("dask, whole command", ["--engine", "dask", "--processes", n])]
    for _ in range(rounds):
        for name, how in runs:
            db = tmp / "bench.db"
            for path in (db, *tmp.glob("bench.db-*")):
                path.unlink(missing_ok=True)
            if isinstance(how, str):
                result = in_process(how, corpus, db, n, batch_size)
            else:
                result = {"seconds": whole_command([db, corpus, "--batch-size", batch_size, *how]), "cpu": None}
            if name not in best or result["seconds"] < best[name]["seconds"]:
                best[name] = result
    articles = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())
    print(f"## Dask engine against the local loader: {articles} articles, {n} workers, fastest of {rounds} "
          "interleaved round(s)\n")
    print("| run | seconds | articles/s | throughput vs local | CPU s (all processes) | CPU vs local |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, _ in runs:
        run, local = best[name], best["local, whole command" if "whole" in name else "local"]
        cpu = f"{run['cpu']:.2f} | {local['cpu'] / run['cpu']:.2f}" if run["cpu"] else "- | -"
        print(f"| {name} | {run['seconds']:.2f} | {articles / run['seconds']:.1f} | {local['seconds'] / run['seconds']:.2f} | {cpu} |")


def writer_table(texts: list[str], batch_size: int, rounds: int) -> None:
    from datasette_claims.engine_dask import compact, expanded
    from datasette_claims.loader import extract

    nlp = pipeline()
    extracted_with = model_version(model_meta())
    articles = [readers.Article(f"a{i}", f"Article {i}", None, None, None, text, "corpus") for i, text in enumerate(texts)]
    records = extract(nlp, articles, extracted_with, batch_size)
    batches = [records[i:i + batch_size] for i in range(0, len(records), batch_size)]
    split = len(batches) * 2 // 3
    parts = {"fresh (indexed at the end)": batches[:split], "loaded (index and counts kept row by row)": batches[split:]}
    best = {}
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            db = store.open_database(Path(tmp) / "writer.db")
            for name, part in parts.items():
                started = time.perf_counter(), time.process_time()
                with store.search_indexed_after(db) if name.startswith("fresh") else contextlib.nullcontext():
                    for batch in part:
                        store.write_batch(db, batch)
                wall, cpu = time.perf_counter() - started[0], time.process_time() - started[1]
                best[name] = tuple(map(min, best.get(name, (wall, cpu)), (wall, cpu)))
    print(f"\n## The writer alone: {len(records)} articles in batches of {batch_size}, fastest of {rounds} round(s)\n")
    print("| database | articles | claims | seconds | articles/s | CPU seconds | articles per CPU second | claims per CPU second |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, part in parts.items():
        written = sum(len(batch) for batch in part)
        claims = sum(len(r.claims) for batch in part for r in batch)
        wall, cpu = best[name]
        print(f"| {name} | {written} | {claims} | {wall:.2f} | {written / wall:.0f} | {cpu:.2f} | {written / cpu:.0f} | "
              f"{claims / cpu:.0f} |")

    articles_of = [articles[i:i + batch_size] for i in range(0, len(articles), batch_size)]
    print(f"\n## Shipping a task's results ({batch_size} articles), averaged over {len(batches)} tasks\n")
    print("| form | bytes per article | worker ms per article (make, pickle) | driver ms per article (unpickle, rebuild) |")
    print("|---|---:|---:|---:|")
    forms = (("record dicts, texts included", lambda task: task, lambda task, _: task),
             ("compact tuples, no texts (the Dask engine)", lambda task: [compact(r) for r in task],
              lambda task, batch: [expanded(r, a) for r, a in zip(task, batch)]))
    for form, made, rebuilt in forms:
        started = time.perf_counter()
        payloads = [pickle.dumps(made(task), protocol=5) for task in batches]
        worker = time.perf_counter() - started
        started = time.perf_counter()
        for payload, batch in zip(payloads, articles_of):
            rebuilt(pickle.loads(payload), batch)
        driver = time.perf_counter() - started
        print(f"| {form} | {sum(map(len, payloads)) / len(records):,.0f} | {worker * 1000 / len(records):.3f} | "
              f"{driver * 1000 / len(records):.3f} |")

def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--run":
        engine, corpus, db, processes, batch_size = sys.argv[2:7]
        print(json.dumps(timed_load(engine, Path(corpus), Path(db), int(processes), int(batch_size))))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=["seed", "lee"], default="lee")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="also time the whole commands, start-up included")
    parser.add_argument("--writer-rounds", type=int, default=3, help="rounds of the writer alone (the fastest counts)")
    parser.add_argument("--skip", choices=["ratio", "writer"], help="leave one part out")
    args = parser.parse_args()
    texts = corpus_texts(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps({"id": f"a{i}", "title": f"Article {i}", "text": t}) + "\n"
                                  for i, t in enumerate(texts)), encoding="utf-8")
        if args.skip != "ratio":
            ratio_table(corpus, Path(tmp), args.processes, args.batch_size, args.rounds, args.cold)
    if args.skip != "writer":
        writer_table(texts, args.batch_size, args.writer_rounds)


if __name__ == "__main__":
    main()
