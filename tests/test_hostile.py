"""Hostile input, round 2 (issue 17): bombs, link loops, odd names, racing loaders, orphaned
workers, endless lines.

Each case runs the real `datasette-claims load` as a process, with a time limit, and checks that
it prints no traceback, loads the good file beside the bad one and (where memory is the attack)
that the process tree's memory stays under 1 GB. Sizes are small where the mechanism is the same
at any size; the cap on an article's size is lowered through its documented environment variable
(DATASETTE_CLAIMS_MAX_INPUT_BYTES) only where a test needs input over it.
"""
import bz2
import csv
import gzip
import json
import lzma
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from datasette_claims import chunks, streams
from datasette_claims.errors import escape_path, unescape_path

LOADER = str(Path(sys.executable).with_name("datasette-claims"))
GOOD = "The council approved 12 new homes on Monday. The mayor said the plan would cost $1.5bn.\n"
GB = 2**30


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_bytes: int  # the largest sum of the process tree's proportional set sizes seen

    @property
    def errors(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("error: ")]


def _tree(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid] + [p for child in children for p in _tree(int(child))]


def _pss(pid: int) -> int:
    """A process's proportional set size: shared pages (the forked model) counted once over the tree."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def load(db: Path, *args, timeout: float = 300, env: dict | None = None, on_start=None) -> Run:
    """The standalone loader as a process (its own session), watched for time and memory."""
    started = time.monotonic()
    process = subprocess.Popen([LOADER, "load", str(db), *map(str, args)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={**os.environ, **(env or {})}, start_new_session=True)
    peak, done = [0], threading.Event()

    def watch():
        while not done.wait(0.1):
            peak[0] = max(peak[0], sum(_pss(pid) for pid in _tree(process.pid)))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    if on_start:
        on_start(process)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"the load did not finish within {timeout} s")
    finally:
        done.set()
        watcher.join()
    run = Run(process.returncode, out.decode(errors="replace"), err.decode(errors="replace"),
              time.monotonic() - started, peak[0])
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    return run


def rows(db: Path, sql: str, params=()) -> list[dict]:
    with sqlite3.connect(db, timeout=30) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def article_ids(db: Path) -> set[str]:
    return {r["id"] for r in rows(db, "select id from articles")}


# ---- decompression bombs -----------------------------------------------------------------------

def write_zeros(path: Path, opener, size: int) -> None:
    block = b"\0" * 2**20
    with opener(path, "wb") as f:
        for _ in range(size // len(block)):
            f.write(block)


@pytest.mark.parametrize("suffix, opener", [(".gz", gzip.open), (".bz2", bz2.open), (".xz", lzma.open)])
def test_a_decompression_bomb_is_one_error_in_bounded_memory_and_the_rest_loads(tmp_path, suffix, opener):
    folder = tmp_path / "in"
    folder.mkdir()
    write_zeros(folder / f"bomb.txt{suffix}", opener, GB)  # 1 GB of zeros: ~1 MB gzip, ~1 KB bz2
    with opener(folder / f"good.txt{suffix}", "wt") as f:
        f.write(GOOD)
    run = load(tmp_path / "claims.db", folder, "--processes", "1", timeout=240)
    assert run.returncode == 1
    (error,) = run.errors
    kind = streams.DECOMPRESSORS[suffix][0]
    assert error.startswith(f"error: {folder / f'bomb.txt{suffix}'}: {kind} data expanding more than {streams.MAX_RATIO} times")
    assert error.endswith("a decompression bomb, not an article; skipped")
    assert article_ids(tmp_path / "claims.db") == {"good.txt" + suffix}
    assert run.peak_bytes < GB, run.peak_bytes


def test_a_compressed_file_over_the_article_cap_is_one_error_having_read_no_more_than_the_cap(tmp_path):
    """Text that compresses like text (no bomb) but expands past the cap: the cap stops it."""
    lines = [f"Officials in district {i} said {i * 7 % 1000} people were moved on day {i % 31}." for i in range(20_000)]
    with gzip.open(tmp_path / "big.txt.gz", "wt") as f:
        f.write("\n".join(lines))
    (tmp_path / "big.txt").write_text("\n".join(lines))
    (tmp_path / "good.txt").write_text(GOOD)
    run = load(tmp_path / "claims.db", tmp_path / "big.txt.gz", tmp_path / "big.txt", tmp_path / "good.txt",
               "--processes", "1", env={"DATASETTE_CLAIMS_MAX_INPUT_BYTES": "200000"}, timeout=240)
    assert run.returncode == 1
    reason = "the file is over the maximum input size of 0.191 MiB (200000 bytes); skipped"
    assert run.errors == [f"error: {tmp_path / 'big.txt.gz'}: {reason}", f"error: {tmp_path / 'big.txt'}: {reason}"]
    assert article_ids(tmp_path / "claims.db") == {"good.txt"}


def test_a_line_over_the_cap_in_jsonl_is_one_error_and_the_other_lines_load(tmp_path):
    huge = json.dumps({"id": "huge", "text": "The mayor said 3 homes were built. " * 20_000})
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress("\n".join(
        [json.dumps({"id": "a", "text": GOOD}), huge, json.dumps({"id": "b", "text": GOOD})]).encode()))
    run = load(tmp_path / "claims.db", tmp_path / "feed.jsonl.gz", "--processes", "1",
               env={"DATASETTE_CLAIMS_MAX_INPUT_BYTES": "100000"}, timeout=240)
    assert run.errors == [f"error: {tmp_path / 'feed.jsonl.gz'}: record line 2: the line is over the maximum input "
                          "size of 0.0954 MiB (100000 bytes); skipped"]
    assert article_ids(tmp_path / "claims.db") == {"a", "b"}


# ---- folders, globs and links ------------------------------------------------------------------

@pytest.fixture
def linked_folder(tmp_path) -> Path:
    """A folder with link loops, a hard link, a link inside and links to secrets outside it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("The password is 12345 and the bank said 3 accounts were open.\n")
    root = tmp_path / "dir"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(GOOD)
    (root / "sub" / "b.txt").write_text("Officials said 40 schools will close.\n")
    os.symlink(".", root / "l1")
    os.symlink("..", root / "sub" / "up")
    os.symlink(root, root / "sub" / "absolute-loop")
    os.link(root / "a.txt", root / "sub" / "hard-link-to-a.txt")
    os.symlink("sub/b.txt", root / "link-to-b.txt")
    os.symlink(outside / "secret.txt", root / "secret.txt")
    os.symlink("/etc/passwd", root / "passwd.txt")
    os.symlink(outside, root / "outside-folder")
    os.mkfifo(root / "pipe.txt")
    return root


def test_a_folder_with_link_loops_loads_each_real_file_once_and_never_leaves_the_folder(tmp_path, linked_folder):
    run = load(tmp_path / "claims.db", linked_folder, "--processes", "1", timeout=240)
    assert article_ids(tmp_path / "claims.db") == {"a.txt", "sub/b.txt"}
    assert sorted(run.errors) == sorted([
        f"error: {linked_folder / 'passwd.txt'}: a symbolic link to a file outside the folder; not followed",
        f"error: {linked_folder / 'pipe.txt'}: not a regular file (a FIFO, socket or device); skipped",
        f"error: {linked_folder / 'secret.txt'}: a symbolic link to a file outside the folder; not followed",
    ])
    texts = " ".join(r["text"] for r in rows(tmp_path / "claims.db", "select text from articles"))
    assert "password" not in texts and "root:" not in texts


def test_a_recursive_glob_over_link_loops_finishes_and_matches_each_file_once(tmp_path, linked_folder):
    run = load(tmp_path / "claims.db", f"{linked_folder}/**/*.txt", "--processes", "1", timeout=240)
    assert article_ids(tmp_path / "claims.db") == {"a.txt", "sub/b.txt"}
    assert len(run.errors) == 3 and "articles read: 2," in run.stdout


def test_a_glob_and_a_folder_naming_the_same_files_read_them_once(tmp_path, linked_folder):
    run = load(tmp_path / "claims.db", f"{linked_folder}/*.txt", linked_folder, linked_folder / "a.txt",
               "--processes", "1", timeout=240)
    # the glob reaches sub/b.txt only through its link, and the first argument to reach a file names it
    assert "articles read: 2," in run.stdout and article_ids(tmp_path / "claims.db") == {"a.txt", "link-to-b.txt"}


def test_a_named_fifo_is_an_error_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(GOOD)
    run = load(tmp_path / "claims.db", tmp_path / "pipe.txt", tmp_path / "good.txt", "--processes", "1", timeout=120)
    assert run.errors == [f"error: {tmp_path / 'pipe.txt'}: not a regular file (a FIFO, socket or device); skipped"]
    assert article_ids(tmp_path / "claims.db") == {"good.txt"}


# ---- odd file names ----------------------------------------------------------------------------

def test_names_that_are_not_utf8_or_hold_controls_load_escaped_and_round_trip(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    folder_bytes = os.fsencode(folder)
    names = [b"caf\xe9.txt", b"new\nline.txt", b"esc\x1b[31mape.txt", b"back\\slash.txt"]
    for name in names:
        Path(os.fsdecode(folder_bytes + b"/" + name)).write_text(GOOD)
    Path(os.fsdecode(folder_bytes + b"/bad\nname\xff.txt")).write_bytes(b"\x00\x01\x02 word")
    run = load(tmp_path / "claims.db", folder, "--processes", "1", timeout=240)
    assert run.returncode == 1
    assert run.errors == [f"error: {folder}/bad\\nname\\xff.txt: not text: the file looks binary "
                          "(38% of its first characters are control characters or undecodable bytes)"]
    stored = rows(tmp_path / "claims.db", "select id, path from articles")
    assert {r["id"] for r in stored} == {"caf\\xe9.txt", "new\\nline.txt", "esc\\x1b[31mape.txt".replace("\\x1b", "\\u001b"),
                                         "back\\\\slash.txt"}
    for row in stored:
        assert os.fsencode(unescape_path(row["id"])) in names
        assert Path(unescape_path(row["path"])).read_text() == GOOD  # the stored path opens the file
    (logged,) = rows(tmp_path / "claims.db", "select path from load_errors")
    assert os.fsencode(unescape_path(logged["path"])) == folder_bytes + b"/bad\nname\xff.txt"


@pytest.mark.parametrize("name", ["plain.txt", "a\nb", "caf\udce9", "tab\there", "\\x41", "\\", "bell\x07\u2028\x85"])
def test_escaped_names_are_one_printable_line_and_round_trip(name):
    escaped = escape_path(name)
    assert escaped.isprintable() and unescape_path(escaped) == name
    escaped.encode("utf-8")


# ---- binary files of any size ------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"\x00\x01\x02word", b"\x00", b"\x01\x02\x03\x04 a few words of text here",
                                  b"A text start. " * 2000 + bytes(range(32)) * 2000])
def test_binary_files_of_any_size_are_refused(tmp_path, data):
    (tmp_path / "binary.txt").write_bytes(data)
    (tmp_path / "good.txt").write_text(GOOD)
    run = load(tmp_path / "claims.db", tmp_path, "--processes", "1", timeout=240)
    assert len(run.errors) == 1 and "not text: the file looks binary" in run.errors[0], run.errors
    assert article_ids(tmp_path / "claims.db") == {"good.txt"}


# ---- many empty or bad records -----------------------------------------------------------------

def test_a_million_empty_csv_rows_cost_almost_nothing(tmp_path):
    with open(tmp_path / "empty.csv", "w", newline="") as f:
        f.write("id,title,text\n" + ",,\n" * 500_000 + ' , ,  \n' * 500_000)
        csv.writer(f).writerow(["c1", "Good", GOOD])
    run = load(tmp_path / "claims.db", tmp_path / "empty.csv", "--processes", "1", timeout=240)
    assert run.returncode == 1 and article_ids(tmp_path / "claims.db") == {"c1"}
    assert len(run.errors) == 11 and run.errors[0].endswith("record line 2: a blank record (every field empty); skipped")
    assert run.errors[-1].endswith("999990 more errors not shown one by one (the last: record line 1000001: "
                                   "a blank record (every field empty); skipped)")
    assert [r["count"] for r in rows(tmp_path / "claims.db", "select count from load_errors")] == [1] * 10 + [999_990]
    assert "failed: 1000000" in run.stdout
    print(f"\na million blank CSV rows: {run.seconds:.1f} s")


def test_repeated_errors_in_a_file_print_ten_lines_and_a_count(tmp_path):
    with open(tmp_path / "bad.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "title", "text"])
        writer.writerows([f"r{i}", "no text", ""] for i in range(100_000))
        writer.writerow(["c1", "Good", GOOD])
    (tmp_path / "feed.jsonl").write_text("{broken\n" * 3 + json.dumps({"id": "j1", "text": GOOD}) + "\n")
    run = load(tmp_path / "claims.db", tmp_path, "--processes", "1", timeout=240)
    assert run.returncode == 1
    in_csv = [line for line in run.errors if "bad.csv" in line]
    assert len(in_csv) == 11
    assert in_csv[-1] == (f"error: {tmp_path / 'bad.csv'}: 99990 more errors not shown one by one (the last: "
                          "record line 100001: the record has no text (or html) field with content)")
    assert len([line for line in run.errors if "feed.jsonl" in line]) == 3
    logged = rows(tmp_path / "claims.db", "select path, count from load_errors")
    assert len(logged) == 14 and sum(r["count"] for r in logged) == 100_003
    assert [r["count"] for r in logged if r["path"].endswith("bad.csv")] == [1] * 10 + [99_990]
    assert f"failed: {100_003}" in run.stdout and article_ids(tmp_path / "claims.db") == {"c1", "j1"}


# ---- two loaders on a new database -------------------------------------------------------------

def snapshot(db: Path) -> dict:
    tables = {
        "articles": "select id, title, text, content_hash from articles",
        "claims": "select id, article_id, start_char, end_char, text, status, source_id from claims",
        "numbers": "select id, claim_id, start_char, end_char, value, unit from numbers",
        "sources": "select id, name, type from sources",
        # rowids differ (the second loader rewrites the rows): each claim is indexed once, with its text
        "claims_fts": "select claims.id, claims_fts.text from claims_fts join claims on claims.rowid = claims_fts.rowid",
        "articles_fts": "select articles.id, articles_fts.title from articles_fts join articles on articles.rowid = articles_fts.rowid",
        "claims_facet_counts": "select facet, filter, filter_value, value, count from claims_facet_counts",
        "triggers": "select name from sqlite_master where type = 'trigger'",
    }
    return {name: sorted(map(tuple, map(dict.values, rows(db, sql)))) for name, sql in tables.items()}


def test_two_loaders_racing_on_a_new_database_both_succeed_with_the_rows_of_one(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"a{i}", "text": f"Officials said {i} schools will close. " + GOOD}) + "\n"
                              for i in range(12)))
    single = tmp_path / "single.db"
    assert load(single, corpus, "--processes", "1").returncode == 0
    expected = snapshot(single)
    for trial in range(2):
        db = tmp_path / f"race{trial}.db"
        runs = [None, None]

        def run(i):
            runs[i] = load(db, corpus, "--processes", "1", timeout=300)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
        assert snapshot(db) == expected


# ---- workers and signals -----------------------------------------------------------------------

def corpus_of(path: Path, articles: int) -> Path:
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": (f"Officials said {i} schools will close. " + GOOD) * 20})
                            + "\n" for i in range(articles)))
    return path


def wait_for_workers(process: subprocess.Popen, count: int, timeout: float = 120) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        workers = _tree(process.pid)[1:]
        if len(workers) >= count:
            return workers
        time.sleep(0.1)
    pytest.fail("the loader's workers never started")


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_workers_die_promptly_when_the_loader_is_killed(tmp_path):
    workers = []

    def kill_when_working(process):
        workers.extend(wait_for_workers(process, 2))
        time.sleep(1)
        os.kill(process.pid, signal.SIGKILL)  # the loader only: the workers must see it go

    run = load(tmp_path / "claims.db", corpus_of(tmp_path / "corpus.jsonl", 200), "--processes", "2",
               on_start=kill_when_working, timeout=300)
    assert run.returncode == -signal.SIGKILL and len(workers) == 2
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_ends_the_load_with_128_plus_n_one_line_and_no_worker_left(tmp_path, signum):
    workers = []

    def signal_when_working(process):
        workers.extend(wait_for_workers(process, 2))
        time.sleep(1)
        os.kill(process.pid, signum)

    run = load(tmp_path / "claims.db", corpus_of(tmp_path / "corpus.jsonl", 200), "--processes", "2",
               on_start=signal_when_working, timeout=300)
    assert run.returncode == 128 + signum
    assert run.errors == [f"error: stopped by {signal.Signals(signum).name}; the articles written so far are kept"]
    time.sleep(0.5)
    assert not any(alive(pid) for pid in workers)
    rerun = load(tmp_path / "claims.db", tmp_path / "corpus.jsonl", "--processes", "1", timeout=600)
    assert rerun.returncode == 0 and len(article_ids(tmp_path / "claims.db")) == 200


# ---- very long single lines --------------------------------------------------------------------

def one_line(chars: int) -> str:
    sentences, size, i = [], 0, 0
    while size < chars:
        sentence = f"Officials in district {i} said {i * 7 % 1000} people were moved on day {i % 31}."
        sentences.append(sentence)
        size += len(sentence) + 1
        i += 1
    return " ".join(sentences)


def test_a_long_single_line_is_cut_on_sentence_ends_into_bounded_chunks():
    text = one_line(3_000_000)
    parts = chunks.split(text, chunks.CHUNK_CHARS)
    assert len(parts) >= 3_000_000 // chunks.CHUNK_CHARS
    assert all(len(p.text) <= chunks.CHUNK_CHARS and p.text.endswith(".") for p in parts)
    assert all(text[p.start:p.start + len(p.text)] == p.text for p in parts)


def test_a_long_single_line_loads_in_flat_memory_and_linear_time(tmp_path):
    """The same sentences as one line of 100,000 and of 400,000 characters: four times the text
    takes about four times as long and no more memory."""
    runs = {}
    for chars in (100_000, 400_000):
        (tmp_path / f"line{chars}.txt").write_text(one_line(chars))
        runs[chars] = load(tmp_path / f"{chars}.db", tmp_path / f"line{chars}.txt", "--processes", "1", timeout=600)
        assert runs[chars].returncode == 0
        (article,) = rows(tmp_path / f"{chars}.db", "select text from articles")
        assert "\n" not in article["text"] and len(article["text"]) >= chars - 100
        assert rows(tmp_path / f"{chars}.db", "select count(*) as n from claims")[0]["n"] > chars / 100
    small, big = runs[100_000], runs[400_000]
    print(f"\n100k chars: {small.seconds:.1f} s, {small.peak_bytes / 2**20:.0f} MB; "
          f"400k chars: {big.seconds:.1f} s, {big.peak_bytes / 2**20:.0f} MB")
    assert big.peak_bytes < small.peak_bytes + 150 * 2**20 and big.peak_bytes < GB
    assert big.seconds < 8 * small.seconds


def test_a_5_mb_single_line_is_over_the_maximum_article_size_one_error_and_quick(tmp_path):
    text = one_line(5_000_000)
    (tmp_path / "five-mb.txt").write_text(text)
    (tmp_path / "good.txt").write_text(GOOD)
    run = load(tmp_path / "claims.db", tmp_path, "--processes", "1", timeout=180)
    assert run.errors == [f"error: {tmp_path / 'five-mb.txt'}: the article is over the maximum article size of "
                          f"{chunks.max_article_chars():,} characters; skipped"]
    assert article_ids(tmp_path / "claims.db") == {"good.txt"} and run.peak_bytes < GB


def test_an_input_over_the_maximum_input_size_is_one_error_and_read_no_further(tmp_path):
    (tmp_path / "endless.txt").write_text(one_line(3_000_000))
    (tmp_path / "good.txt").write_text(GOOD)
    run = load(tmp_path / "claims.db", tmp_path, "--processes", "1", timeout=180,
               env={"DATASETTE_CLAIMS_MAX_INPUT_BYTES": str(2**20)})
    assert run.errors == [f"error: {tmp_path / 'endless.txt'}: the file is over the maximum input size of 1 MiB "
                          "(1048576 bytes); skipped"]
    assert article_ids(tmp_path / "claims.db") == {"good.txt"} and run.peak_bytes < GB


# ---- round 3: broken outputs, deep folders, many small failures, parse costs -------------------

def _articles_and_errors(path: Path) -> tuple[dict, list]:
    from datasette_claims import plugins, readers

    items = list(readers.read_articles([str(path)], plugins.readers()))
    return ({i.id: i for i in items if isinstance(i, readers.Article)},
            [e for e in items if isinstance(e, readers.LoadError)])


@pytest.mark.parametrize("closed", ["stdout", "stderr"])
def test_a_reader_that_goes_away_costs_the_output_not_the_load(tmp_path, closed):
    """`load db dir | head -1`, `2>&1 | head -1`: a broken pipe used to end the load at its first
    error line (no article loaded) or print a traceback; now everything loads and the status holds."""
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "bad.txt").write_bytes(b"")
    process = subprocess.Popen([LOADER, "load", str(tmp_path / "claims.db"), str(tmp_path), "--processes", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    getattr(process, closed).close()  # the reader is gone before the first line is written
    other = process.stderr if closed == "stdout" else process.stdout
    output = other.read().decode()
    assert process.wait(timeout=240) == 1  # the empty file failed; the rest loaded
    assert "Traceback" not in output and article_ids(tmp_path / "claims.db") == {"good.txt"}
    assert rows(tmp_path / "claims.db", "select error from load_errors") == [{"error": "the file is empty"}]


def test_closed_standard_outputs_never_become_the_database(tmp_path):
    """`load ... >&- 2>&-`: with descriptors 1 and 2 closed, SQLite could open the database as one
    of them; they are opened on /dev/null first."""
    (tmp_path / "good.txt").write_text(GOOD)
    done = subprocess.run(f"{LOADER} load {tmp_path / 'claims.db'} {tmp_path} missing.txt --processes 1 >&- 2>&-",
                          shell=True, timeout=240)
    assert done.returncode == 1 and article_ids(tmp_path / "claims.db") == {"good.txt"}
    assert rows(tmp_path / "claims.db", "pragma integrity_check") == [{"integrity_check": "ok"}]


def test_folders_nested_thousands_deep_are_walked_without_recursion(tmp_path):
    from datasette_claims import plugins, readers

    deep = tmp_path / "in" / "/".join(["d"] * 1500)  # a RecursionError (a traceback) before
    subprocess.run(["mkdir", "-p", str(deep)], check=True)
    (deep / "deep.txt").write_text(GOOD)
    try:
        for paths in ([str(tmp_path / "in")], [f"{tmp_path / 'in'}/**/*.txt"]):
            found = list(readers.find_files(paths, plugins.readers()))
            assert [name for _, name in found] == ["d/" * 1500 + "deep.txt"]
    finally:  # pytest's own clean-up of old temporary folders recurses, and would fail on this one
        subprocess.run(["rm", "-rf", str(tmp_path / "in")], check=True)


def test_an_argument_the_system_cannot_look_up_is_one_error(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    run = load(tmp_path / "claims.db", "x" * 300 + ".txt", tmp_path / "good.txt", "--processes", "1", timeout=240)
    assert run.errors == [f"error: {'x' * 300}.txt: cannot read it: File name too long"]
    assert article_ids(tmp_path / "claims.db") == {"good.txt"}


def test_a_fifo_put_in_place_of_a_file_after_the_walk_does_not_block(tmp_path):
    from datasette_claims.errors import BadInput

    os.mkfifo(tmp_path / "swapped.txt")  # open() without O_NONBLOCK would wait for a writer for ever
    with pytest.raises(BadInput, match="not a regular file"):
        streams.open_input(tmp_path / "swapped.txt")


def test_thousands_of_failing_files_write_their_errors_together(tmp_path):
    """One commit per error row took 80 s for 20,000 empty files; rows are written in batches."""
    for i in range(3000):
        (tmp_path / f"empty{i:04}.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(GOOD)
    run = load(tmp_path / "claims.db", tmp_path, "--processes", "1", timeout=240)
    assert len(run.errors) == 3000 and article_ids(tmp_path / "claims.db") == {"good.txt"}
    assert rows(tmp_path / "claims.db", "select count(*) as n from load_errors") == [{"n": 3000}]
    writes = rows(tmp_path / "claims.db", "select count(distinct created) as n from load_errors")[0]["n"]
    assert writes <= 3000 // 500 + 2


def _peak_allocated(action) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        action()
    except Exception:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


@pytest.mark.parametrize("text", ["ab \n" * 2_500_000, "ab " * 3_300_000], ids=["short lines", "short words"])
def test_cleaning_a_huge_text_stops_early_in_memory_near_its_size(text):
    """10 MB of short lines or words: the old cleaning held every line and word as an object
    (~0.9 GB for 30 MB); now lines are cleaned one at a time (long ones a slice at a time) and the
    cleaning stops at the maximum article size."""
    from datasette_claims.errors import BadInput
    from datasette_claims.readers import clean_text

    with pytest.raises(BadInput, match="over the maximum article size"):
        clean_text(text, stop_after=chunks.max_article_chars())
    assert _peak_allocated(lambda: clean_text(text, stop_after=chunks.max_article_chars())) < 4 * len(text)


def test_cleaning_a_line_by_slices_is_the_same_as_cleaning_it_whole(monkeypatch):
    import random
    import unicodedata

    from datasette_claims import readers

    def whole(text):  # the cleaning as it was, all at once
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
        text = readers._CONTROL.sub("", text).replace("\u2028", "\n").replace("\u2029", "\n").replace("\t", " ")
        lines = [" ".join(line.split()) for line in text.split("\n")]
        return "\n".join(line for line in lines if line and not readers.is_boilerplate(line))

    monkeypatch.setattr(readers, "LINE_SLICE", 7)
    alphabet = " \t\n\r\x00\x1f\x85\u2028\u2029\xa0\u3000ae\u0301\u00e9\ufeffXy."
    generator = random.Random(17)
    for _ in range(20_000):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 60)))
        assert readers.clean_text(text) == whole(text), text


def test_huge_or_nested_fields_are_one_error_and_the_next_record_loads(tmp_path):
    lines = [{"id": "long-title", "text": GOOD, "title": "ab " * 1_000_000},  # 0.8 GB to clean at 30 MB
             {"id": "nested", "text": GOOD, "publisher": [[["x"]]]},
             {"id": "long-date", "text": GOOD, "published": "1 " * 1_000_000},  # dateutil: 35 s at 10 MB
             {"id": "after", "text": GOOD}]
    (tmp_path / "records.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    started = time.monotonic()
    found, failed = _articles_and_errors(tmp_path / "records.jsonl")
    assert time.monotonic() - started < 10
    assert set(found) == {"long-date", "after"} and found["long-date"].published is None
    assert [e.record for e in failed] == ["line 1", "line 2"]
    assert "a field of 3,000,000 characters" in failed[0].error and "a JSON list" in failed[1].error


@pytest.mark.parametrize("suffix, content", [
    (".jsonl", json.dumps({"id": "wide", "text": GOOD, "junk": [[]] * 3_000_000}) + "\n"
               + json.dumps({"id": "after", "text": GOOD}) + "\n"),
    (".json", json.dumps([{"text": GOOD}] + [{}] * 3_000_000)),
    (".csv", "id,text\nbefore,A sentence.\nwide" + ",ab" * 3_000_000 + "\n"),
])
def test_a_record_that_would_cost_many_times_its_size_to_parse_is_refused(tmp_path, suffix, content):
    """A 30 MB line of `[],` or `,ab` parses into ten million objects (~0.8 GB): refused by its
    commas and brackets before parsing, the rest of a JSONL file still loads."""
    (tmp_path / f"x{suffix}").write_text(content)
    found, failed = _articles_and_errors(tmp_path / f"x{suffix}")
    assert len(failed) == 1 and "holds more than 2,000,000 values" in failed[0].error, failed
    assert set(found) == {".jsonl": {"after"}, ".json": set(), ".csv": {"before"}}[suffix]


@pytest.mark.parametrize("html, reason", [
    ("<p>The mayor said 3 things.</p>" * 60_000, "tags, over the 100,000"),
    ("<p>" + "The mayor said 3 things. " * 400_000 + "</p>", "characters outside its tags"),
])
def test_a_page_too_big_to_extract_is_refused_before_extraction(tmp_path, html, reason):
    """A 30 MB page of paragraphs took trafilatura over 3 GB and ten minutes (the load's round
    waited on it, so even the good file beside it was not written)."""
    (tmp_path / "page.html").write_text(f"<html><body><article>{html}</article></body></html>")
    started = time.monotonic()
    found, failed = _articles_and_errors(tmp_path / "page.html")
    assert not found and len(failed) == 1 and reason in failed[0].error
    assert time.monotonic() - started < 10


def test_a_file_growing_as_it_is_read_is_read_up_to_its_size_when_opened(tmp_path):
    """`yes '{"text": ""}' >> f.jsonl` beside a load kept the load reading for ever (and filled the
    disk); a file is read up to the size it had when it was opened."""
    path = tmp_path / "growing.jsonl"
    path.write_bytes(b'{"text": "The first line."}\n')
    with streams.open_input(path) as stream, open(path, "ab") as writer:
        writer.write(b'{"text": "Appended after the open."}\n' * 1000)
        writer.flush()
        assert stream.read() == b'{"text": "The first line."}\n'
    with gzip.open(tmp_path / "growing.txt.gz", "wb") as f:
        f.write(b"Compressed text.\n")
    with streams.open_input(tmp_path / "growing.txt.gz") as stream:
        assert stream.read() == b"Compressed text.\n"  # the decompressor reads through the same limit


def test_a_killed_worker_costs_no_article_and_no_stop_line(tmp_path):
    """The pool ends the other workers with SIGTERM after one dies; they ran the loader's handler
    and each printed `error: stopped by SIGTERM` although the load went on."""
    def kill_a_worker(process):
        worker = wait_for_workers(process, 2)[0]
        time.sleep(1)
        os.kill(worker, signal.SIGKILL)

    run = load(tmp_path / "claims.db", corpus_of(tmp_path / "corpus.jsonl", 40), "--processes", "2",
               on_start=kill_a_worker, timeout=400)
    assert run.returncode == 0 and run.errors == [] and len(article_ids(tmp_path / "claims.db")) == 40


@pytest.mark.parametrize("delay", [0.3, 0.6, 1.0])
def test_a_signal_while_the_command_starts_is_one_line_not_a_traceback(tmp_path, delay):
    """Imports take up to a second on a busy machine; a Ctrl-C then printed a KeyboardInterrupt
    traceback. The handlers are now the command's first lines (launch.py)."""
    (tmp_path / "good.txt").write_text(GOOD)
    process = subprocess.Popen([LOADER, "load", str(tmp_path / "claims.db"), str(tmp_path), "--processes", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert "Traceback" not in err.decode(), err.decode()
    assert process.returncode in (-signal.SIGINT, 128 + signal.SIGINT, 0)  # before Python's handler, stopped, or done


@pytest.mark.parametrize("module", ["links", "figures"])
def test_one_long_article_of_like_sentences_costs_its_length_not_its_square(tmp_path, module):
    """A 990,000-character article of one sentence pattern (12,000 claims, 36,000 numbers): the
    main process reached 7 GB while linking claims (each met every other of its own article) and
    pairing figures (2.4 million candidate pairs held at once). 6,000 claims here."""
    import resource

    from datasette_claims import figures, links, store

    db = store.open_database(tmp_path / "claims.db")
    db.execute("pragma foreign_keys = off")  # rows written here without their articles
    claims = [{"id": f"c{i}", "article_id": "long", "claim_type": "statistic", "source_id": None,
               "text": f"Officials in district {i} said {i * 7 % 1000} people were moved on day {i % 31}."}
              for i in range(6000)]
    numbers = [{"id": f"n{i}", "claim_id": f"c{i}", "article_id": "long", "kind": "count",
                "value": float(i * 7 % 1000), "unit": "people", "low": None, "high": None} for i in range(6000)]
    db.conn.executemany("insert into numbers (id, claim_id, article_id, kind, value, unit) values (?, ?, ?, ?, ?, ?)",
                        [(n["id"], n["claim_id"], "long", "count", n["value"], "people") for n in numbers])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with db.conn:
        found = links.link(db, claims) if module == "links" else figures.pair(db, claims, numbers)
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
    assert found == 0  # one article, no sources: nothing to link or pair
    assert grown < 150 * 2**20 and time.monotonic() - started < 60, (grown, time.monotonic() - started)


def test_many_articles_of_one_sentence_are_linked_in_linear_time(tmp_path):
    """10,000 tiny files of one sentence share every near-duplicate bucket: each new claim met
    every stored one (2,000 claims: 74 s, 5,000: 294 s). A bucket is now read for at most
    links.MAX_PER_BUCKET claims; each claim still gets its links.MAX_LINKS best."""
    from datasette_claims import links, store

    db = store.open_database(tmp_path / "claims.db")
    db.execute("pragma foreign_keys = off")
    started = time.monotonic()
    for start in range(0, 3000, 64):
        claims = [{"id": f"c{i:05}", "article_id": f"a{i}", "claim_type": "statistic",
                   "text": "The council approved twelve new homes on Monday evening."} for i in range(start, min(3000, start + 64))]
        with db.conn:
            db.conn.executemany("insert into claims (id, article_id, text, claim_type, sentence, start_char, end_char, "
                                "checkworthiness) values (?, ?, ?, ?, 0, 0, 0, 0)",
                                [(c["id"], c["article_id"], c["text"], c["claim_type"]) for c in claims])
            links.link(db, claims)
    assert time.monotonic() - started < 60
    per_claim = rows(tmp_path / "claims.db", "select claim_id, count(*) as n from claim_links group by claim_id")
    assert len(per_claim) == 3000 and min(r["n"] for r in per_claim) >= links.MAX_LINKS


def test_fact_checks_from_a_file_with_an_odd_name_load(tmp_path):
    """read_found gives an item its escaped path; it assigned it, and a fact-check is frozen, so
    every fact-check file failed with `cannot assign to field 'path'`."""
    from datasette_claims import factchecks, readers

    name = tmp_path / "checks\nnew.jsonl"
    name.write_text(json.dumps({"id": "fc1", "claim": "The council approved 12 homes.", "rating": "False"}) + "\n")
    (item,) = readers.read_found((name, "checks\nnew.jsonl"), factchecks.READERS)
    assert item.id == "fc1" and item.path == escape_path(str(name))
