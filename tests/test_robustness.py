"""Robustness: any input, any crash, nothing lost (issue 8).

Bad files are generated here (tests/data/bad would only hold copies of what this module writes).
Everything runs for real: the spaCy model, SQLite, `datasette claims load` in-process and as a
process that is killed with SIGKILL, Datasette serving while a load runs.
"""
import codecs
import csv
import io
import itertools
import json
import os
import random
import signal
import sqlite3
import struct
import subprocess
import sys
import time
import zlib
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SHARED, run_load
from datasette_claims import chunks, plugins, readers
from datasette_claims.loader import extract
from datasette_claims.nlp.pipeline import build_nlp
from datasette_claims.reviews import Review, write_review
from datasette_claims.store import open_database, write_batch

GOOD = "The council approved 12 new homes on Monday. The mayor said the plan would cost $1.5bn."
DATASETTE = str(Path(sys.executable).with_name("datasette"))


@cache
def nlp():
    return build_nlp()


def png() -> bytes:
    """A real 1x1 PNG image."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


# ---- every bad-input case through `datasette claims load` --------------------------------------

CP1252 = "Café owners said prices rose 5% – “the worst year”, said Renée Müller."
LATIN1 = "José Muñoz said the façade cost £1,200 and took 3½ weeks."
UTF16 = "The minister said 40 schools will close. Ça va, said Zoë."
RTL = "قال الوزير إن 12 مدرسة ستغلق.\nהשר אמר כי 20 בתי ספר ייסגרו.\nThe minister said 12 schools will close."
EMOJI = "The mayor 😀 said 12 🏠 homes 👨‍👩‍👧 will be built 🇬🇧 by 2030.\nResidents said 🎉 it was 100% good news."
QUOTES = ('"The mayor said 12 homes would be built. “Critics said ‘no, it is 40.\n'
          'He said "yes" "" " ”” she said 4 were sold.\n"\n“')
ONE_LINE = ("The agency said 3 million people were affected across 14 regions. " * 800)[:50_000].strip()


def write_bad_files(folder: Path) -> None:
    """One file per case of the issue (plus a few more a newsroom archive has)."""
    (folder / "cp1252.txt").write_bytes(CP1252.encode("cp1252"))
    (folder / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + UTF16.encode("utf-16-le"))
    (folder / "utf16-be.txt").write_bytes(codecs.BOM_UTF16_BE + UTF16.encode("utf-16-be"))
    (folder / "utf8-bom.md").write_bytes(b"\xef\xbb\xbf" + "Zoë said 7 people came.".encode())
    (folder / "mixed-encoding.txt").write_bytes("Renée said 9 people came.".encode() + " Zoë said 3.".encode("cp1252"))
    (folder / "binary.txt").write_bytes(random.Random(8).randbytes(5000))
    (folder / "image.txt").write_bytes(png())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "whitespace.txt").write_bytes(b"  \n\t\n   \r\n\xc2\xa0\n")
    (folder / "one-line.txt").write_text(ONE_LINE)
    (folder / "feed.jsonl").write_text("\n".join([
        json.dumps({"id": "j1", "text": GOOD}),
        "{broken",
        json.dumps({"id": "j3", "text": "Prices rose 3% in March.\u0000\u200f"}),
        "[" * 100_000,
        json.dumps(["not", "a", "record"]),
        json.dumps({"id": "j1", "text": "A second record with the first one's id."}),
        json.dumps({"id": "j7", "title": "no text"}),
        json.dumps({"id": "j8", "title": "Lone \ud83d surrogate", "text": "Turnout was 64 percent.\ud800"}),
    ]))
    (folder / "not-records.json").write_text(json.dumps({"articles": 3}))
    (folder / "no-text-column.csv").write_text("id,title,body\n1,a,b\n")
    (folder / "quoted.csv").write_text(
        'id,title,text\n'
        'c1,"A ""quoted"" title","Line one said ""we won 2 seats"".\nLine two, with a comma, said 4 people."\n'
        f'c2,plain,"{GOOD}"\n'
    )
    (folder / "script-only.html").write_text(
        "<html><head><style>p{color:red}</style><script>var claim = 'The mayor said 5';</script></head>"
        "<!-- The mayor said 99 homes --></html>")
    (folder / "page.html").write_text(
        "<html><head><title>Council backs homes</title><style>body{font:serif}</style>"
        "<script>document.write('The mayor said 5 million');</script></head><body>"
        "<!-- The mayor said 99 homes --><article><h1>Council backs homes</h1>"
        f"<p>{GOOD}</p><script>var injected = 'Officials said 77 people died';</script>"
        "<p>Critics said the plan would add 300 cars a day to the high street.</p></article></body></html>")
    (folder / "control-chars.txt").write_bytes(
        b"The police said 7 people were hurt.\x00\x01\x02 Officials said 2 died.\x07\x1b\n"
        b"Firefighters said \x0b\x0c40 homes were saved.\x7f\n")
    (folder / "rtl.txt").write_text(RTL)
    (folder / "emoji.txt").write_text(EMOJI)
    (folder / "quotes.txt").write_text(QUOTES)
    (folder / "truncated.txt.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 6)


# (file, record) -> what the loader must say about it
EXPECTED_ERRORS = {
    ("binary.txt", None): "not text: the file looks binary",
    ("image.txt", None): "not text: the file is a PNG image",
    ("empty.txt", None): "the file is empty",
    ("whitespace.txt", None): "the file is empty of text (only whitespace",
    ("feed.jsonl", "line 2"): "malformed JSON: Expecting property name",
    ("feed.jsonl", "line 4"): "malformed JSON: nested too deeply",
    ("feed.jsonl", "line 5"): "a record must be an object",
    ("feed.jsonl", "line 6"): "duplicate id 'j1' (first used at line 1)",
    ("feed.jsonl", "line 7"): "the record has no text (or html) field",
    ("not-records.json", None): "JSON must be a list of records",
    ("no-text-column.csv", None): "CSV has no text or html column (columns: body, id, title)",
    ("script-only.html", None): "no article text found in the HTML",
    ("truncated.txt.gz", None): "not valid gzip data",
}


@pytest.fixture(scope="module")
def bad_load(tmp_path_factory):
    """The bad folder loaded into a database that already holds a reviewed claim."""
    folder = tmp_path_factory.mktemp("bad")
    write_bad_files(folder)
    db = tmp_path_factory.mktemp("db") / "claims.db"
    (folder.parent / "reviewed.jsonl").write_text(json.dumps(REVIEWED))
    assert run_load(db, folder.parent / "reviewed.jsonl").exit_code == 0
    review_first_claim(db, "misleading")
    return folder, db, run_load(db, folder)


def rows(db, sql, params=()):
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def test_bad_input_exits_1_with_one_error_line_and_one_row_per_bad_file_or_record(bad_load):
    folder, db, result = bad_load
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    for (name, record), reason in EXPECTED_ERRORS.items():
        where = f"{folder / name}: record {record}" if record else str(folder / name)
        assert len([line for line in lines if line.startswith(f"error: {where}: {reason}")]) == 1, (name, record, lines)
    assert len(lines) == len(EXPECTED_ERRORS)
    logged = {(Path(r["path"]).name, r["record"]) for r in rows(db, "select * from load_errors")}
    assert logged == set(EXPECTED_ERRORS)
    assert len(rows(db, "select * from load_errors")) == len(EXPECTED_ERRORS)
    print("\n".join(lines))


def test_every_good_file_and_record_is_loaded(bad_load):
    _, db, _ = bad_load
    ids = {r["id"] for r in rows(db, "select id from articles")}
    assert ids == {
        "cp1252.txt", "latin1.txt", "utf16.txt", "utf16-be.txt", "utf8-bom.md", "mixed-encoding.txt", "one-line.txt",
        "j1", "j3", "j8", "c1", "c2", "page.html", "control-chars.txt", "rtl.txt", "emoji.txt", "quotes.txt",
        "reviewed",
    }
    empty = rows(db, "select id from articles where id not in (select article_id from claims)")
    assert empty == []


def texts(db) -> dict:
    return {r["id"]: r["text"] for r in rows(db, "select id, text from articles")}


def test_a_failed_load_keeps_the_reviews(bad_load):
    _, db, _ = bad_load
    (review,) = rows(db, "select claim_id, status from reviews")
    assert review["status"] == "misleading"
    assert rows(db, "select status from claims where id = ?", [review["claim_id"]]) == [{"status": "misleading"}]


def test_encodings_are_decoded_not_mangled(bad_load):
    _, db, _ = bad_load
    stored = texts(db)
    assert stored["cp1252.txt"] == CP1252
    assert stored["latin1.txt"] == LATIN1
    assert stored["utf16.txt"] == stored["utf16-be.txt"] == UTF16
    assert stored["utf8-bom.md"] == "Zoë said 7 people came."
    assert stored["mixed-encoding.txt"] == "Renée said 9 people came. Zoë said 3."


def test_text_is_kept_exactly_but_controls_nuls_and_lone_surrogates_go(bad_load):
    _, db, _ = bad_load
    stored = texts(db)
    assert stored["control-chars.txt"] == ("The police said 7 people were hurt. Officials said 2 died.\n"
                                           "Firefighters said 40 homes were saved.")
    assert stored["j3"] == "Prices rose 3% in March.\u200f"  # a right-to-left mark is text, a NUL is not
    assert stored["j8"] == "Turnout was 64 percent."
    assert rows(db, "select title from articles where id = 'j8'") == [{"title": "Lone surrogate"}]
    assert stored["rtl.txt"] == RTL and stored["emoji.txt"] == EMOJI
    assert stored["quotes.txt"] == QUOTES
    assert stored["one-line.txt"] == ONE_LINE and "\n" not in ONE_LINE and len(ONE_LINE) >= 49_990
    assert stored["c1"] == 'Line one said "we won 2 seats".\nLine two, with a comma, said 4 people.'
    assert rows(db, "select title from articles where id = 'c1'") == [{"title": 'A "quoted" title'}]


def test_scraped_page_furniture_lines_go_and_sentences_about_it_stay():
    article_text = "The mayor said 12 homes would be built.\nJavaScript is required, the developer said of 40 sites."
    scraped = ("Skip to main content\nAccept all cookies\n" + article_text.split("\n")[0]
               + "\nPhoto: John Smith/Getty Images\nPlease enable JavaScript to view the comments powered by Disqus.\n"
               + article_text.split("\n")[1] + "\nJavaScript is disabled in your browser.")
    assert readers.clean_text(scraped) == article_text


def test_html_keeps_the_body_and_drops_script_style_and_comments(bad_load):
    _, db, _ = bad_load
    text = texts(db)["page.html"]
    assert GOOD in text and "300 cars a day" in text
    for hidden in ("5 million", "77 people", "99 homes", "font:serif", "document.write"):
        assert hidden not in text


def test_every_row_indexes_the_stored_text_exactly(bad_load):
    _, db, _ = bad_load
    stored = texts(db)
    claims = rows(db, "select * from claims order by article_id, sentence")
    numbers = rows(db, "select * from numbers")
    assert len(claims) > 780 and len(numbers) > 780  # the 50,000-character line alone is ~740 sentences
    for row in claims + numbers:
        assert stored[row["article_id"]][row["start_char"]:row["end_char"]] == row["text"]
    one_line = [c for c in claims if c["article_id"] == "one-line.txt"]
    assert [c["sentence"] for c in one_line] == list(range(len(one_line)))
    assert len({c["id"] for c in one_line}) == len(one_line) > 700


def test_usage_error_exits_2(tmp_path):
    result = run_load(tmp_path / "claims.db", tmp_path, "--batch-size", "0")
    assert result.exit_code == 2


# ---- long articles: cut into chunks, offsets into the whole text -------------------------------

def lee_paragraphs() -> list[str]:
    """Real news paragraphs (the Lee corpus, one article per line), or generated ones without it."""
    path = SHARED / "data" / "news" / "lee" / "lee_background.cor"
    if path.exists():
        return [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(1)
    return [" ".join(f"Officials in town {rng.randint(1, 900)} said {rng.randint(2, 5000)} people were moved on "
                     f"day {d}." for d in range(rng.randint(3, 12))) for _ in range(300)]


def test_a_20_mb_article_is_read_whole_and_cut_on_paragraph_breaks(tmp_path, monkeypatch):
    monkeypatch.setenv("DATASETTE_CLAIMS_MAX_ARTICLE_CHARS", "30000000")  # the reader stops at the maximum article size
    paragraphs, size = [], 0
    for paragraph in itertools.cycle(lee_paragraphs()):
        if size >= 20_000_000:
            break
        paragraphs.append(paragraph)
        size += len(paragraph) + 1
    body = "\n".join(paragraphs)
    (tmp_path / "huge.txt").write_text("A very long digest\n" + body)
    (article,) = readers.read_articles([str(tmp_path / "huge.txt")], plugins.readers())
    assert article.title == "A very long digest" and article.text == body and len(body) >= 20_000_000
    parts = chunks.split(article.text, chunks.chunk_limit(nlp()))
    assert len(parts) >= 200 and all(len(p.text) <= chunks.CHUNK_CHARS for p in parts)
    for before, after in zip(parts, parts[1:]):
        assert article.text[before.start + len(before.text)] == "\n" and after.start == before.start + len(before.text) + 1
    assert "".join(p.text + "\n" for p in parts)[:-1] == article.text


@pytest.fixture
def small_max_length():
    """The pipeline with nlp.max_length cut to 3,000 so a 60,000-character article is "20 MB"."""
    pipeline = nlp()
    pipeline.max_length = 3000
    yield pipeline
    pipeline.max_length = 1_000_000


def test_an_article_over_max_length_is_extracted_in_chunks(small_max_length):
    paragraphs = lee_paragraphs()
    short = [p for p in paragraphs if len(p) < 2500]
    text = "\n".join(short[:30] + ["Thank you."] + short[30:60] + ["Thank you."])
    assert len(text) > 20 * small_max_length.max_length
    with pytest.raises(ValueError, match="E088"):
        small_max_length(text)  # what the loader would hit without chunks
    article = readers.Article("long", None, None, None, None, text, "long.txt")
    (cut,) = extract(small_max_length, [article], "test", 8)
    small_max_length.max_length = 1_000_000
    (whole,) = extract(small_max_length, [article], "test", 8)
    for row in cut.claims + cut.numbers:
        assert text[row["start_char"]:row["end_char"]] == row["text"]
    assert [c["sentence"] for c in cut.claims] == list(range(len(cut.claims)))
    # every paragraph starts a sentence, so cutting on paragraph breaks changes next to nothing
    # (the model's view of a paragraph's first words reaches a few tokens into the one before)
    spans = {(c["id"], c["start_char"], c["end_char"]) for c in cut.claims}
    same = spans & {(c["id"], c["start_char"], c["end_char"]) for c in whole.claims}
    assert len(same) >= 0.95 * max(len(cut.claims), len(whole.claims))
    numbers = {(n["start_char"], n["end_char"], n["value"]) for n in cut.numbers}
    assert len(numbers & {(n["start_char"], n["end_char"], n["value"]) for n in whole.numbers}) >= 0.95 * len(numbers)
    thanks = [c["id"] for c in cut.claims if c["text"] == "Thank you."]
    assert len(set(thanks)) == 2  # occurrence numbers run on across chunks


def test_a_paragraph_longer_than_a_chunk_is_cut_after_a_sentence(small_max_length):
    text = " ".join(lee_paragraphs()[:40])
    assert "\n" not in text and len(text) > 3 * small_max_length.max_length
    cuts = chunks.split(text, small_max_length.max_length)
    assert len(cuts) > 3 and all(c.text[-1] in ".!?\"'”’" for c in cuts)
    article = readers.Article("one-line", None, None, None, None, text, "one-line.txt")
    (records,) = extract(small_max_length, [article], "test", 8)
    for row in records.claims + records.numbers:
        assert text[row["start_char"]:row["end_char"]] == row["text"]
    assert [c["sentence"] for c in records.claims] == list(range(len(records.claims)))


@pytest.mark.parametrize("text, limit, cuts", [
    ("aaaa\nbbbb\ncccc", 9, ["aaaa\nbbbb", "cccc"]),
    ("One two. Three four. Five", 12, ["One two.", "Three four.", "Five"]),
    ('He said "no." She left', 15, ['He said "no."', "She left"]),
    ("abc defghij", 5, ["abc", "defgh", "ij"]),
    ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
])
def test_split_cuts_on_paragraphs_then_sentences_then_spaces(text, limit, cuts):
    assert [c.text for c in chunks.split(text, limit)] == cuts


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?\n\"”"), max_size=300), st.integers(min_value=1, max_value=40))
def test_chunks_index_the_text_and_respect_the_limit(text, limit):
    parts = chunks.split(text, limit)
    position = 0
    for part in parts:
        assert len(part.text) <= limit and text[part.start:part.start + len(part.text)] == part.text
        gap = text[position:part.start]
        assert part.text and (gap == "" or (len(gap) == 1 and gap.isspace()))
        position = part.start + len(part.text)
    assert text[position:] == "" or (len(text[position:]) == 1 and text[position:].isspace())


# ---- never crash on text -----------------------------------------------------------------------

@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600) | st.text(max_size=300).map(str.encode), suffix=st.sampled_from(sorted(plugins.readers())))
def test_readers_take_any_bytes(tmp_path, data, suffix):
    path = tmp_path / f"any{suffix}"
    path.write_bytes(data)
    for item in readers.read_articles([str(path)], plugins.readers()):
        assert isinstance(item, (readers.Article, readers.LoadError))
        if isinstance(item, readers.Article):
            assert item.text and item.text == readers.clean_text(item.text)
            item.text.encode("utf-8")  # storable


TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n\t\r\x0b\x1c\x85"), max_size=80)
RECORDS = st.lists(st.fixed_dictionaries(
    {"text": TEXT}, optional={"id": TEXT, "title": TEXT, "published": TEXT, "url": TEXT}), max_size=8)


def csv_bytes(records: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, ["id", "title", "published", "url", "text"])
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue().encode("utf-8")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=RECORDS, suffix=st.sampled_from([".jsonl", ".json", ".csv"]))
def test_every_record_is_an_article_or_an_error_that_says_where(tmp_path, records, suffix):
    path = tmp_path / f"records{suffix}"
    path.write_bytes({".jsonl": lambda: "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8"),
                      ".json": lambda: json.dumps(records).encode("utf-8"),
                      ".csv": lambda: csv_bytes(records)}[suffix]())
    items = list(readers.read_articles([str(path)], plugins.readers()))
    if not records and suffix != ".jsonl":
        return  # an empty list or a header-only CSV holds no records
    assert len(items) == len(records)
    for item in items:
        if isinstance(item, readers.LoadError):
            assert item.record is not None and item.error
        else:
            assert item.text and item.id


NEWSY = list(" \n\n\t.,;:!?\"'“”‘’«»()-–—%$€£0123456789") + [
    "said", "Mr", "12", "million", "He", "told", "Reuters", "per cent", "according to", "🙂", "ب", "\u200f", "\x00"]
ANY_TEXT = st.text(max_size=400) | st.lists(st.sampled_from(NEWSY), max_size=150).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(text=ANY_TEXT, as_record=st.booleans())
def test_pipeline_takes_any_text_and_offsets_stay_exact(tmp_path_factory, text, as_record):
    """Through a reader (cleaned) or straight into the pipeline (raw), then into SQLite and back."""
    if as_record:
        try:
            article = readers.article_from_record({"text": text}, "any.jsonl", "any#1", "any")
        except readers.BadInput:
            return
    else:
        article = readers.Article("raw", None, None, None, None, text, "raw.txt")
    (records,) = extract(nlp(), [article], "test", 8)
    assert not isinstance(records, readers.LoadError), records
    db = open_database(tmp_path_factory.mktemp("any") / "claims.db")
    write_batch(db, [records])
    (stored,) = db.execute("select text from articles").fetchone()
    assert stored == article.text
    for table in ("claims", "numbers"):
        for start, end, row_text in db.execute(f"select start_char, end_char, text from {table}"):
            assert stored[start:end] == row_text


# ---- crash-safe and concurrent -----------------------------------------------------------------

def write_corpus(path: Path, count: int, first: dict | None = None) -> int:
    records = [first] if first else []
    records += [{"id": f"lee-{i}", "title": f"Lee {i}", "text": p} for i, p in enumerate(lee_paragraphs()[:count])]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return len(records)


def start_load(db: Path, corpus: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen([DATASETTE, "claims", "load", str(db), str(corpus), *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def count(db: Path, table: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]


REVIEWED = {"id": "reviewed", "title": "Reviewed", "text": "The council approved 12 new homes on Monday."}


def review_first_claim(db: Path, status: str) -> str:
    with sqlite3.connect(db, timeout=30) as conn:
        (claim,) = conn.execute("select id from claims where article_id = 'reviewed' order by sentence limit 1").fetchone()
        write_review(conn, Review(claim, status, "checked", None, "alice"))
    return claim


def assert_consistent(db: Path) -> None:
    """Every article that is there is there whole: its claims, their numbers and sources."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchall() == [("ok",)]
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        assert conn.execute("select id from articles where id not in (select article_id from claims)").fetchall() == []
        assert conn.execute("""select article_id from claims group by article_id
                               having count(*) != max(sentence) + 1 or min(sentence) != 0""").fetchall() == []
        assert conn.execute("""select id from numbers where claim_id not in (select id from claims)
                               or article_id != (select article_id from claims where claims.id = numbers.claim_id)""").fetchall() == []
        assert conn.execute("""select id from claims where source_id not in (select id from sources)
                               or via_source_id not in (select id from sources)""").fetchall() == []


def test_a_load_killed_mid_way_leaves_whole_articles_and_reruns_cleanly(tmp_path):
    db = tmp_path / "claims.db"
    (tmp_path / "first.jsonl").write_text(json.dumps(REVIEWED))
    assert run_load(db, tmp_path / "first.jsonl").exit_code == 0
    claim = review_first_claim(db, "false")
    changed = {**REVIEWED, "text": REVIEWED["text"] + " The mayor said the plan would cost $1.5bn."}
    total = write_corpus(tmp_path / "corpus.jsonl", 150, first=changed)

    process = start_load(db, tmp_path / "corpus.jsonl", "--batch-size", "4", "--processes", "2")
    deadline = time.monotonic() + 120
    while count(db, "articles") < 10 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if process.poll() is not None:
        pytest.fail(f"the load ended before it could be killed: {process.communicate()}")
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    loaded = count(db, "articles")
    assert 10 <= loaded < total
    assert_consistent(db)
    assert rows(db, "select claim_id, status from reviews") == [{"claim_id": claim, "status": "false"}]

    rerun = start_load(db, tmp_path / "corpus.jsonl", "--batch-size", "4", "--processes", "2")
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert f"articles read: {total}," in out and "failed: 0" in out
    assert_consistent(db)
    assert count(db, "articles") == total and count(db, "load_errors") == 0
    assert rows(db, "select id, status from claims where id = ?", [claim]) == [{"id": claim, "status": "false"}]
    assert rows(db, "select claim_id, status from reviews") == [{"claim_id": claim, "status": "false"}]
    again = run_load(db, tmp_path / "corpus.jsonl")
    assert again.exit_code == 0 and f"new: 0, updated: 0, unchanged: {total}, failed: 0" in again.stdout


@pytest.mark.asyncio
async def test_the_site_serves_and_takes_reviews_while_a_load_runs(tmp_path):
    from datasette_test import Datasette
    from datasette.utils import tilde_encode

    db = tmp_path / "claims.db"
    (tmp_path / "first.jsonl").write_text(json.dumps(REVIEWED))
    assert run_load(db, tmp_path / "first.jsonl").exit_code == 0
    (claim,) = [r["id"] for r in rows(db, "select id from claims where article_id = 'reviewed'")]
    total = write_corpus(tmp_path / "corpus.jsonl", 80)
    ds = Datasette([str(db)], config={"permissions": {"claims-review": {"id": "alice"}}})
    await ds.invoke_startup()

    process = start_load(db, tmp_path / "corpus.jsonl", "--batch-size", "2", "--processes", "1")
    seen_counts, reviews_posted, statuses = set(), 0, []
    while process.poll() is None:
        desk = await ds.client.get("/-/claims")
        table = await ds.client.get("/claims/articles.json?_shape=array&_col=id&_size=max")
        page = await ds.client.get(f"/-/claims/claim/{tilde_encode(claim)}")
        posted = await ds.client.post(f"/-/claims/claim/{tilde_encode(claim)}", actor={"id": "alice"},
                                      data={"status": ("true", "false")[reviews_posted % 2], "note": "", "evidence_url": ""})
        statuses += [desk.status_code, table.status_code, page.status_code, posted.status_code]
        reviews_posted += 1
        if process.poll() is None:
            seen_counts.add(len(table.json()))
    out, err = process.communicate()
    assert process.returncode == 0, err
    assert set(statuses) <= {200, 303} and statuses.count(303) == reviews_posted
    assert len(seen_counts) >= 3  # pages were served while articles kept landing
    assert count(db, "reviews") == reviews_posted >= 3
    assert count(db, "articles") == total + 1
    assert_consistent(db)
