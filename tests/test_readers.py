"""Readers: every format, the id and title rules, clean text, bad input reported not raised."""
import gzip
import json

import pytest

from datasette_claims import plugins
from datasette_claims.readers import Article, LoadError, clean_text, decode, read_articles, split_title
from conftest import SEEDS, shared_path

BODY = "The council approved 12 new homes on Monday.\nThe mayor said the plan would cost $1.5bn."


def read(*paths):
    return list(read_articles([str(p) for p in paths], plugins.readers()))


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def errors(items):
    return [i for i in items if isinstance(i, LoadError)]


def test_seed_txt_strips_blog_boilerplate_and_keeps_stem_title():
    (article,) = read(SEEDS / "000_e2ab171a521ca024.txt")
    assert article.id == "000_e2ab171a521ca024.txt"
    assert article.title == "000_e2ab171a521ca024"  # its first line is a full sentence
    assert article.text.startswith("Russia has called for security guarantees")
    assert "No comments" not in article.text and "Post a Comment" not in article.text
    assert article.text.endswith("Dozhd TV on Wednesday.")


def test_txt_headline_becomes_title(tmp_path):
    (tmp_path / "story.txt").write_text("Council backs housing plan\n\n" + BODY + "\n\nShare this article\nSubscribe\n")
    (article,) = read(tmp_path / "story.txt")
    assert article.title == "Council backs housing plan"
    assert article.text == BODY


def test_md_heading_is_title(tmp_path):
    (tmp_path / "story.md").write_text("# Council backs housing plan\n" + BODY)
    (article,) = read(tmp_path / "story.md")
    assert (article.title, article.text) == ("Council backs housing plan", BODY)


@pytest.mark.parametrize("first_line", ["The council met on Monday.", "Is this the end?", 'He said: "We will win."'])
def test_sentence_first_line_is_not_a_title(first_line):
    assert split_title(first_line + "\n" + BODY, "stem") == ("stem", first_line + "\n" + BODY)


def test_jsonl_keeps_record_ids_and_reports_a_malformed_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "a1", "title": "One", "url": "https://example.com/1", "publisher": "Example",
                    "published": "2022-01-12", "text": BODY}),
        "{not json",
        json.dumps({"url": "https://example.com/3", "text": "Prices rose 3% in March."}),
        json.dumps({"title": "no id or url", "text": "Turnout was 64 percent."}),
    ]))
    items = read(path)
    assert [a.id for a in articles(items)] == ["a1", "https://example.com/3", "feed.jsonl#4"]
    first = articles(items)[0]
    assert (first.title, first.url, first.publisher, first.published) == ("One", "https://example.com/1", "Example", "2022-01-12")
    (error,) = errors(items)
    assert error.record == "line 2" and "malformed JSON" in error.error


def test_json_list_and_json_that_is_not_records(tmp_path):
    (tmp_path / "list.json").write_text(json.dumps([{"id": "x", "text": BODY}, {"id": "y", "title": "no text"}, 7]))
    (tmp_path / "bad.json").write_text(json.dumps({"articles": 3}))
    items = read(tmp_path / "list.json", tmp_path / "bad.json")
    assert [a.id for a in articles(items)] == ["x"]
    messages = {(e.path.rsplit("/", 1)[-1], e.record): e.error for e in errors(items)}
    assert "no text" in messages[("list.json", "record 2")]
    assert "not int" in messages[("list.json", "record 3")]
    assert "list of records" in messages[("bad.json", None)]


def test_csv_with_embedded_newlines_and_quotes_and_csv_without_text(tmp_path):
    (tmp_path / "a.csv").write_text('id,title,text\nc1,"A ""quoted"" title","First paragraph.\nSecond, with ""quotes""."\n')
    (tmp_path / "b.csv").write_text("id,title\nc2,Nothing\n")
    items = read(tmp_path / "a.csv", tmp_path / "b.csv")
    (article,) = articles(items)
    assert article.title == 'A "quoted" title'
    assert article.text == 'First paragraph.\nSecond, with "quotes".'
    (error,) = errors(items)
    assert "no text or html column" in error.error


def test_html_file_and_html_record_use_trafilatura(tmp_path):
    html = f"""<html><head><title>Housing plan approved</title><script>alert(1)</script>
    <link rel="canonical" href="https://news.example.com/housing"></head><body><nav>Home | World</nav>
    <article><h1>Housing plan approved</h1>{''.join(f'<p>{p}</p>' for p in BODY.split(chr(10)))}
    <p>Officials said construction will start in 2023 and finish by 2025, creating 300 jobs.</p></article>
    <footer>Share this article</footer></body></html>"""
    (tmp_path / "page.html").write_text(html)
    (tmp_path / "pages.jsonl").write_text(json.dumps({"id": "h1", "html": html}))
    for article in articles(read(tmp_path / "page.html", tmp_path / "pages.jsonl")):
        assert "council approved 12 new homes" in article.text
        assert "alert(1)" not in article.text and "Share this" not in article.text
        assert article.title == "Housing plan approved"
    assert articles(read(tmp_path / "page.html"))[0].id == "https://news.example.com/housing"


def test_real_page_text_is_close_to_the_hand_extracted_body():
    folder = shared_path("data", "html", "zyte")
    truth = json.loads((folder / "ground-truth.json").read_text())
    page = sorted((folder / "html").glob("*.html.gz"))[0]
    (article,) = articles(read(page))
    expected = truth[page.name.removesuffix(".html.gz")]["articleBody"]
    words = set(expected.split())
    assert len(words & set(article.text.split())) / len(words) > 0.8


def test_folders_recurse_and_ids_are_relative_paths(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "one.txt").write_text(BODY)
    (tmp_path / "a" / "two.md").write_text(BODY)
    (tmp_path / "a" / "image.png").write_bytes(b"\x89PNG\r\n")
    assert [a.id for a in articles(read(tmp_path / "a"))] == ["b/one.txt", "two.md"]
    assert [a.id for a in articles(read(str(tmp_path / "a") + "/**/*.txt"))] == ["b/one.txt"]


def test_encodings_are_decoded_not_mangled():
    text = "Café owners paid €5,000 — “too much”, said Zoë."
    assert decode(text.encode("utf-16")) == text
    assert decode(text.encode("utf-8-sig")) == text
    assert decode(text.encode("cp1252")) == text
    assert decode("Señor Müller".encode("latin-1")) == "Señor Müller"


def test_binary_and_empty_files_are_errors(tmp_path):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("  \n\t\n ")
    (tmp_path / "good.txt").write_text(BODY)
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(b"<html><body><p>" + BODY.encode() + b"</p></body></html>"))
    items = read(tmp_path)
    assert sorted(a.id for a in articles(items)) == ["good.txt", "page.html.gz"]
    reasons = {e.path.rsplit("/", 1)[-1]: e.error for e in errors(items)}
    assert "PNG image" in reasons["photo.txt"]
    assert "empty" in reasons["empty.txt"] and "empty" in reasons["blank.txt"]


def test_clean_text_removes_controls_and_furniture_but_keeps_paragraphs():
    raw = "Line one\x00 has\x07 noise.\r\n\r\n\r\nPosted by Jane at 10:15 AM\nLine  two\u200f مرحبا 🎉.\nNo comments:\nPost a Comment"
    assert clean_text(raw) == "Line one has noise.\nLine two\u200f مرحبا 🎉."


@pytest.mark.parametrize("value, expected", [
    ("2022-01-12", "2022-01-12"), ("Jan 12, 2022", "2022-01-12T00:00:00"),
    ("2021", None), ("Monday", None), ("5", None), ("not a date", None),
])
def test_published_dates_are_never_completed_from_today(value, expected):
    from datasette_claims.readers import iso_date

    assert iso_date(value) == expected


def test_a_glob_that_matches_nothing_is_an_error(tmp_path):
    (error,) = read(str(tmp_path) + "/*.jsonl")
    assert isinstance(error, LoadError) and "no file of a known format matches" in error.error


def test_html_headline_is_the_title_and_a_copyright_footer_is_no_date(tmp_path):
    body = "".join(f"<p>{p}</p>" for p in BODY.split(chr(10)))
    html = f"""<html><head><title>Example News | Housing plan approved</title></head><body>
    <header>Example News</header><article><h1>Housing plan approved</h1>{body}</article>
    <footer><p>Copyright 2024 Example News. All rights reserved.</p><p>&copy; 2023 Example Media</p></footer>
    </body></html>"""
    (tmp_path / "page.html").write_text(html)
    (article,) = articles(read(tmp_path / "page.html"))
    assert article.title == "Housing plan approved"
    assert not article.text.startswith("Housing plan approved")
    assert article.published is None


def test_html_date_from_the_page_metadata_is_kept(tmp_path):
    body = "".join(f"<p>{p}</p>" for p in BODY.split(chr(10)))
    html = f"""<html><head><title>Housing plan approved</title>
    <meta property="article:published_time" content="2023-05-17T09:00:00Z"></head><body>
    <article><h1>Housing plan approved</h1>{body}</article><footer>Copyright 2024</footer></body></html>"""
    (tmp_path / "page.html").write_text(html)
    (article,) = articles(read(tmp_path / "page.html"))
    assert article.published == "2023-05-17"
