"""Input formats -> Article.

Every reader yields ``Article`` for each good document and ``LoadError`` for each bad one, so a
broken record never stops the rest of a file from loading. Texts are decoded, cleaned of page
boilerplate and normalised here, once: ``Article.text`` is the body every offset indexes.
"""
import codecs
import csv
import dataclasses
import functools
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

from . import chunks, streams, wordlists
from .errors import BadInput, LoadError, escape_path
from .walk import find_files, format_suffix  # noqa: F401  (part of this module's interface)

RECORD_FIELDS = ("id", "title", "url", "publisher", "published", "text", "html")
TITLE_MAX_CHARS = 150
FIELD_MAX_CHARS = 10_000  # an id, title, url or publisher
DATE_MAX_CHARS = 100
MAX_PARSED_VALUES = 2_000_000  # in one JSON document or line, or one CSV line (check_parse_cost)
HTML_MAX_TAGS = 100_000  # a news page has a few thousand
HTML_MAX_TEXT_FACTOR = 8  # characters outside tags (scripts and styles count) per character of the maximum article
_TAG = re.compile(r"<[^>]*>")
LINE_SLICE = 2**20  # characters of one line cleaned at once
BOILERPLATE_MAX_CHARS = 1000  # page furniture is a short line; a long one is never tried against the patterns
SENTENCE_FINAL = tuple('.!?:;"”’\'»)')


@dataclass
class Article:
    id: str
    title: str | None
    url: str | None
    publisher: str | None
    published: str | None
    text: str
    path: str

    @functools.cached_property
    def content_hash(self) -> str:
        """Changes whenever anything stored about the article changes (not its path)."""
        fields = {k: v for k, v in asdict(self).items() if k != "path"}
        return hashlib.sha256(json.dumps(fields, sort_keys=True).encode("utf-8")).hexdigest()


# ---- text --------------------------------------------------------------------------------------

BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"%PDF": "a PDF document", b"PK\x03\x04": "a zip archive", b"\x1f\x8b": "gzip data",
    b"\x7fELF": "an executable", b"RIFF": "a RIFF media file",
}
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]


BINARY_SAMPLE_BYTES = 8192
BINARY_MAX_SHARE = 0.10  # text has almost no control characters or undecodable bytes; binary has >12%


def _cp1252_for_invalid_utf8(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejects as cp1252, so a file mixing encodings keeps both intact."""
    return error.object[error.start:error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("datasette_claims.cp1252", _cp1252_for_invalid_utf8)


def _not_text_count(sample: str) -> int:
    return sum(1 for c in sample if c == "\ufffd" or (unicodedata.category(c) == "Cc" and c not in "\t\n\r\f"))


def decode(data: bytes) -> str:
    """Bytes -> str: a BOM decides; else UTF-8, with any byte UTF-8 rejects read as cp1252
    (a superset of latin-1 in practice). Binary data is refused, not decoded into noise."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    check_text(data)
    return decode_text(data)


def decode_text(data: bytes) -> str:
    """UTF-8 bytes already known to be text, with what UTF-8 rejects read as cp1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="datasette_claims.cp1252")


def check_text(data: bytes) -> None:
    """BadInput unless DATA (without a BOM) looks like text: a known binary signature, or more than
    a tenth control characters or undecodable bytes in its start, middle or end, is binary. A
    share, not a count, so that a three-byte binary file is caught as surely as a large one."""
    for signature, what in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise BadInput(f"not text: the file is {what}")
    middle = max(0, len(data) // 2 - BINARY_SAMPLE_BYTES // 2)
    for where, start in (("first", 0), ("middle", middle), ("last", max(0, len(data) - BINARY_SAMPLE_BYTES))):
        sample = data[start:start + BINARY_SAMPLE_BYTES].decode("utf-8", errors="datasette_claims.cp1252")
        bad = _not_text_count(sample)
        if sample and bad > BINARY_MAX_SHARE * len(sample):
            raise BadInput(f"not text: the file looks binary ({bad / len(sample):.0%} of its {where} characters are "
                           "control characters or undecodable bytes)")
        if len(data) <= BINARY_SAMPLE_BYTES:
            return


def is_boilerplate(line: str) -> bool:
    return bool(wordlists.whole_line_pattern("boilerplate.txt").fullmatch(line.strip()))


# C0 and C1 controls (not tab or newlines), BOMs, non-characters and lone surrogates (JSON can
# escape one; SQLite cannot store it).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")


_LINE = re.compile(r"[^\r\n\u2028\u2029]+")
_SPACES = re.compile(r"\s+")  # what str.split() splits on


def clean_text(text: str, stop_after: int | None = None) -> str:
    """The article body: normalised, without control characters or page furniture lines.

    Paragraphs stay one per line (blank lines between them collapse to one newline) because the
    pipeline treats a newline as a paragraph break. Cleaned a line at a time, and given up (one
    BadInput) once more than STOP_AFTER characters are kept: a 30 MB file of short lines costs
    its size, not ten times it in line objects.
    """
    lines, size = [], 0
    for match in _LINE.finditer(text):  # NFC per line is NFC of the text: a line break never composes
        line = _clean_line(match.group(), stop_after)
        if not line or (len(line) <= BOILERPLATE_MAX_CHARS and is_boilerplate(line)):
            continue
        size += len(line) + 1
        if stop_after is not None and size > stop_after + 1:
            raise _too_long()
        lines.append(line)
    return "\n".join(lines)


def _clean_line(line: str, stop_after: int | None) -> str:
    """One line normalised, without controls, its white space collapsed; a long line a slice at a
    time (re.sub over a 30 MB line of short words would build ten million pieces at once), each
    cut before a starter so that NFC never sees half a character."""
    pieces, size, start = [], 0, 0
    while start < len(line):
        end = min(start + LINE_SLICE, len(line))
        while start + 1 < end < len(line) and unicodedata.combining(line[end]):
            end -= 1
        piece = _SPACES.sub(" ", _CONTROL.sub("", unicodedata.normalize("NFC", line[start:end])))
        if pieces and pieces[-1].endswith(" ") and piece.startswith(" "):  # a run of spaces across the cut
            piece = piece[1:]
        start = end
        if not piece:
            continue
        pieces.append(piece)
        size += len(piece)
        if stop_after is not None and size > stop_after + 2:  # + the spaces strip() may take off
            raise _too_long()
    return "".join(pieces).strip()


def _too_long() -> BadInput:
    return BadInput(f"the article is over the maximum article size of {chunks.max_article_chars():,} characters; skipped")


def split_title(text: str, fallback: str) -> tuple[str, str]:
    """DESIGN.md's rule: a short first line without sentence-final punctuation is a headline."""
    first, _, rest = text.partition("\n")
    headline = first.lstrip("#").strip()
    if rest and headline and len(headline) <= TITLE_MAX_CHARS and not headline.endswith(SENTENCE_FINAL):
        return headline, rest
    return fallback, text


def iso_date(value) -> str | None:
    """An ISO 8601 date or datetime, or None when the value is not a recognisable date."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    text = str(value).strip()
    if len(text) > DATE_MAX_CHARS:  # no date is this long; dateutil would take minutes over megabytes
        return None
    for parse in (date.fromisoformat, lambda t: datetime.fromisoformat(t.replace("Z", "+00:00"))):
        try:
            return parse(text).isoformat()
        except ValueError:
            pass
    from dateutil import parser

    # dateutil fills missing parts from a default ("2021" -> today's month and day): parse with two
    # different defaults and keep only a date the text states in full.
    try:
        parsed = [parser.parse(text, default=datetime(y, m, d)) for y, m, d in ((2000, 1, 1), (2001, 2, 2))]
    except (ValueError, OverflowError):
        return None
    return parsed[0].isoformat() if parsed[0] == parsed[1] else None


def _text_or_none(value) -> str | None:
    """A record's short field (id, title, url, publisher) as one clean line, or None. A field is
    at most FIELD_MAX_CHARS: a 30 MB title is an attack, not a headline, and would cost ten times
    its size to clean."""
    if value is None:
        return None
    if not isinstance(value, (str, int, float)):
        raise BadInput(f"a JSON {type(value).__name__} where text was expected (id, title, url or publisher); record skipped")
    value = str(value)
    if len(value) > FIELD_MAX_CHARS:
        raise BadInput(f"a field of {len(value):,} characters where an id, title, url or publisher of at most "
                       f"{FIELD_MAX_CHARS:,} was expected; record skipped")
    value = _SPACES.sub(" ", _CONTROL.sub("", value)).strip()
    return value or None


# ---- HTML --------------------------------------------------------------------------------------


def from_html(html: str) -> dict:
    """Main text and metadata of a web page, by trafilatura.

    The date comes only from the page's metadata and markup, not from a search of its free text,
    where a copyright footer ("Copyright 2024") would pass for the publication date. The page's
    headline is its title and not the first claim of its body.
    """
    import trafilatura

    check_html_cost(html)
    try:
        document = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # a page the HTML parser chokes on is one bad record, not a stop
        raise BadInput(f"the HTML cannot be parsed: {type(error).__name__}: {error}") from None
    if document is None or not (document.text or "").strip():
        raise BadInput("no article text found in the HTML")
    title = headline(html, document.title)
    return {
        "title": title,
        "url": document.url,
        "publisher": document.sitename or document.hostname,
        "published": document.date,
        "text": without_headline(document.text, title),
    }


def check_html_cost(html: str) -> None:
    """BadInput for a page that extraction would take minutes and gigabytes over: its parse costs
    ~1 KB and ~0.2 ms per tag, and a 30 MB page of paragraphs took over 3 GB and ten minutes. A
    news page has a few thousand tags and well under a million characters of text."""
    tags = html.count("<")
    if tags > HTML_MAX_TAGS:
        raise BadInput(f"the page has {tags:,} tags, over the {HTML_MAX_TAGS:,} a page may have; skipped")
    text = len(html) - sum(match.end() - match.start() for match in _TAG.finditer(html))
    if text > HTML_MAX_TEXT_FACTOR * chunks.max_article_chars():
        raise BadInput(f"the page has {text:,} characters outside its tags, over {HTML_MAX_TEXT_FACTOR} times the "
                       f"maximum article size of {chunks.max_article_chars():,}; skipped")


def _words(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def headline(html: str, page_title: str | None) -> str | None:
    """The page's own ``<h1>`` when the page title names it ("Site | Headline"), else that title."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    title = _words(page_title)
    if tree is not None and title:
        for h1 in tree.iter("h1"):
            text = " ".join(h1.text_content().split())
            if text and (_words(text) in title or title in _words(text)):
                return text
    return page_title


def without_headline(text: str, title: str | None) -> str:
    """The body without a first line that only repeats the headline."""
    first, _, rest = text.lstrip().partition("\n")
    return rest if title and rest.strip() and _words(first) == _words(title) else text


# ---- records and files -------------------------------------------------------------------------


def article_from_record(record, path: str, default_id: str, default_title: str) -> Article:
    """A JSON/CSV record -> Article; its own id, else its url, else DEFAULT_ID."""
    if not isinstance(record, dict):
        raise BadInput(f"a record must be an object with a text or html field, not {type(record).__name__}")
    fields = {k: record.get(k) for k in RECORD_FIELDS}
    if isinstance(fields["text"], str) and fields["text"].strip():
        extracted = {}
        body = fields["text"]
    elif isinstance(fields["html"], str) and fields["html"].strip():
        extracted = from_html(fields["html"])
        body = extracted["text"]
    else:
        raise BadInput("the record has no text (or html) field with content")
    text = clean_text(body, stop_after=chunks.max_article_chars())
    if not text:
        raise BadInput("the record's text is empty after cleaning")
    record_id = _text_or_none(fields["id"]) or _text_or_none(fields["url"]) or extracted.get("url") or default_id
    return Article(
        id=record_id,
        title=_text_or_none(fields["title"]) or _text_or_none(extracted.get("title")) or default_title,
        url=_text_or_none(fields["url"]) or extracted.get("url"),
        publisher=_text_or_none(fields["publisher"]) or _text_or_none(extracted.get("publisher")),
        published=iso_date(fields["published"]) or iso_date(extracted.get("published")),
        text=text,
        path=path,
    )


def is_blank(record) -> bool:
    """A record with nothing in it (a CSV row of empty cells, ``{}``): a million of them should
    cost a million dict lookups, not a million attempts at an article."""
    return isinstance(record, dict) and not any(
        value not in (None, "") and not (isinstance(value, str) and value.isspace()) for value in record.values())


def _records(path: Path, name: str, numbered: Iterable[tuple[str, int, object]]) -> Iterator[Article | LoadError]:
    """Articles from (record label, n, record) triples; a bad record is a LoadError, not a stop."""
    def article(record, n: int) -> Article:
        if is_blank(record):  # reported without the cost of trying to make an article of it
            raise BadInput("a blank record (every field empty); skipped")
        return article_from_record(record, str(path), f"{name}#{n}", f"{Path(name).stem} #{n}")

    return unique_records(path, numbered, article)


def unique_records(path: Path, numbered: Iterable[tuple[str, int, object]], make) -> Iterator:
    """MAKE(record, n) for each (label, n, record) of a file, its BadInput (also a record that is
    one) as a LoadError. A second record with an id already used in the file would silently
    replace the first, so it is reported instead."""
    first_label = {}
    for label, n, record in numbered:
        try:
            if isinstance(record, BadInput):
                raise record
            item = make(record, n)
            if item.id in first_label:
                raise BadInput(f"duplicate id {item.id!r} (first used at {first_label[item.id]}); record skipped")
            first_label[item.id] = label
            yield item
        except BadInput as error:
            yield LoadError(str(path), label, str(error))


def read_bytes(path: Path) -> bytes:
    """A whole file, decompressed as a stream and capped (streams.py)."""
    return streams.read_file(path)


def read_text_file(path: Path, name: str) -> Iterator[Article | LoadError]:
    """.txt and .md: one article; the first line is the title when it looks like a headline."""
    data = read_bytes(path)
    if not data:
        raise BadInput("the file is empty")
    text = clean_text(decode(data), stop_after=chunks.max_article_chars() + TITLE_MAX_CHARS + 1)  # the title leaves the text
    if not text:
        raise BadInput("the file is empty of text (only whitespace, control characters or page furniture)")
    title, body = split_title(text, Path(name).stem)
    yield Article(id=name, title=title, url=None, publisher=None, published=None, text=body, path=str(path))


def read_html_file(path: Path, name: str) -> Iterator[Article | LoadError]:
    """A web page: one article, read like a record holding only its html."""
    yield article_from_record({"html": decode(read_bytes(path))}, str(path), name, Path(name).stem)


def read_jsonl_file(path: Path, name: str) -> Iterator[Article | LoadError]:
    """One JSON object per line; a malformed line is reported by its line number."""
    def numbered():
        n = 0
        # only "\n" ends a line: str.splitlines would also cut at U+2028 and friends, which JSON
        # strings may hold unescaped
        for line_number, line in enumerate(_text_lines(path), start=1):
            if isinstance(line, BadInput):
                n += 1
                yield f"line {line_number}", n, line
            elif line.strip():
                n += 1
                try:
                    check_parse_cost(line, "the line")
                    record = json.loads(line)
                except BadInput as error:
                    record = error
                except json.JSONDecodeError as error:
                    record = BadInput(f"malformed JSON: {error.msg} (column {error.colno})")
                except RecursionError:
                    record = BadInput("malformed JSON: nested too deeply")
                yield f"line {line_number}", n, record

    yield from _records(path, name, numbered())


def _text_lines(path: Path, keep_ends: bool = False) -> Iterator[str | BadInput]:
    """PATH's lines, decoded, read as a stream (each capped at the article size, streams.py);
    a UTF-16 or UTF-32 file, whose "\n" is more than one byte, is read whole (also capped)."""
    with streams.open_input(path) as stream:
        head = stream.peek(BINARY_SAMPLE_BYTES)[:BINARY_SAMPLE_BYTES]
        if any(head.startswith(bom) for bom, encoding in BOMS if encoding != "utf-8-sig"):
            for line in io.StringIO(decode(streams.read_capped(stream, "the file")), newline=""):
                yield line if keep_ends else line.rstrip("\r\n")
            return
        check_text(head)
        for number, line in enumerate(streams.capped_lines(stream)):
            if isinstance(line, BadInput):
                yield line
            else:
                text = decode_text(line[3:] if number == 0 and line.startswith(codecs.BOM_UTF8) else line)
                yield text if keep_ends else text.rstrip("\r\n")


def read_json_file(path: Path, name: str) -> Iterator[Article | LoadError]:
    """A list of records (or one record object)."""
    text = decode(read_bytes(path))
    check_parse_cost(text, "the file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput(f"malformed JSON: {error.msg} (line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise BadInput("malformed JSON: nested too deeply") from None
    if isinstance(data, dict) and ("text" in data or "html" in data):
        data = [data]
    if not isinstance(data, list):
        raise BadInput(f"JSON must be a list of records with a text or html field, not {type(data).__name__}")
    yield from _records(path, name, ((f"record {n}", n, record) for n, record in enumerate(data, start=1)))


def _csv_lines(path: Path) -> Iterator[str]:
    for line in _text_lines(path, keep_ends=True):
        if isinstance(line, BadInput):
            raise line
        check_parse_cost(line, "a line")
        yield line


def check_parse_cost(text: str, what: str) -> None:
    """BadInput when TEXT (a JSON document or line, a CSV line) holds more values than
    MAX_PARSED_VALUES, by its commas and brackets: parsed, each costs ~70 bytes, so a 30 MB line
    of ``[],`` or ``,ab`` would cost twenty times its size."""
    values = text.count(",") + text.count("[") + text.count("{")
    if values > MAX_PARSED_VALUES:
        raise BadInput(f"{what} holds more than {MAX_PARSED_VALUES:,} values ({values:,} commas and brackets): "
                       "not article records; skipped")


def read_csv_file(path: Path, name: str) -> Iterator[Article | LoadError]:
    """A header row naming the fields; records may hold quoted newlines and whole long articles."""
    csv.field_size_limit(streams.max_input_bytes())
    reader = csv.DictReader(_csv_lines(path))
    columns = set(reader.fieldnames or [])
    if not columns & {"text", "html"}:
        raise BadInput(f"CSV has no text or html column (columns: {', '.join(sorted(columns)) or 'none'})")

    def numbered():
        for n, row in enumerate(reader, start=1):
            yield f"line {reader.line_num}", n, row

    try:
        yield from _records(path, name, numbered())
    except csv.Error as error:
        raise BadInput(f"malformed CSV at line {reader.line_num}: {error}") from None


BUILTIN_READERS = {
    ".txt": read_text_file,
    ".md": read_text_file,
    ".markdown": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".jsonl": read_jsonl_file,
    ".ndjson": read_jsonl_file,
    ".json": read_json_file,
    ".csv": read_csv_file,
}


def read_found(found: tuple[Path, str] | LoadError, readers: dict) -> Iterator[Article | LoadError]:
    """Every article (and every error) of one item from find_files."""
    if isinstance(found, LoadError):
        yield found
        return
    path, name = found
    shown = escape_path(str(path))  # readers label with str(PATH); what is stored and printed is escaped
    reader = readers.get(format_suffix(path))
    if reader is None:
        yield LoadError(shown, None, f"unsupported format {format_suffix(path) or '(no suffix)'}; "
                        f"known: {', '.join(sorted(readers))}")
        return
    try:
        for item in reader(path, name):
            # a new item, not an assignment: a fact-check reader's items are frozen
            yield dataclasses.replace(item, path=shown) if item.path == str(path) != shown else item
    except BadInput as error:
        yield LoadError(shown, None, str(error))
    except Exception as error:  # a reader (ours or a plugin's) failing on odd input stops one file, not the load
        yield LoadError(shown, None, f"cannot read the file: {type(error).__name__}: {error}")


def read_articles(paths: Iterable[str], readers: dict) -> Iterator[Article | LoadError]:
    """Stream every article (and every error) from PATHS, one file at a time."""
    for found in find_files(paths, readers):
        yield from read_found(found, readers)
