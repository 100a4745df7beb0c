"""Text -> what fact-check matching compares: query words, stems, bigrams, numbers, names.

Pure text, no spaCy: fact-checks arrive by the ten thousand and are matched both ways, so both
sides are read the same cheap way. Words in ``data/match_stopwords.txt`` are left out.
"""
import functools
import math
import re
from dataclasses import dataclass

from . import wordlists

# A bare "site.com/path" is a run of word characters and dots, so a hashtag glued to a link
# ("#DefundTheCBChttps://t.co/x") keeps its words.
URL = re.compile(r"https?://\S+|www\.\S+|pic\.twitter\.com/\S+|\b[\w.-]+\.(?:com|org|net|co|ly)/\S*")
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
TAG = re.compile(r"[#@](\w+)")  # a hashtag or @handle: its words are split too (#DefundTheCBC, @BradTrostCPC)
NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”(\n]\s*)$")
SUFFIXES = ("ing", "edly", "ed", "ies", "es", "s", "ly")


@functools.cache
def stopwords() -> frozenset[str]:
    return frozenset(wordlists.words("match_stopwords.txt"))


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem (suffix stripping, then the first 7 letters): enough to meet "protesters" with
    "protests" in a feature, while FTS5's porter tokenizer does the real stemming for search."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:7]


def _number(text: str) -> str:
    value = float(text.replace(",", ""))
    return f"{value:g}"


@dataclass(frozen=True)
class Terms:
    words: tuple[str, ...]  # distinct content words, lower case, in order: the search query
    stems: frozenset[str]
    bigrams: frozenset[tuple[str, str]]
    numbers: frozenset[str]  # normalised figures: "1,000" and "1000" are one
    quantities: frozenset[tuple[str, str]]  # (figure, stem of the word after it): "70 per", "122 detainees"
    names: frozenset[str]  # stems of capitalised words that do not open a sentence


def terms(text: str) -> Terms:
    text = URL.sub(" ", text or "")
    text = TAG.sub(lambda m: f"{m.group(1)} {CAMEL_BOUNDARY.sub(' ', m.group(1))}", text)
    stop = stopwords()
    ordered, names = [], set()
    for match in WORD.finditer(text):
        token = match.group()
        lower = token.lower().replace("’", "'").split("'")[0]
        if len(lower) < 2 or lower in stop:
            continue
        ordered.append(lower)
        if token[0].isupper() and not SENTENCE_START.search(text, max(0, match.start() - 3), match.start()):
            names.add(stem(lower))
    stems = [stem(w) for w in ordered]
    numbers, quantities = set(), set()
    for match in NUMBER.finditer(text):
        try:
            figure = _number(match.group())
        except ValueError:
            continue
        numbers.add(figure)
        after = WORD.search(text, match.end())
        if after and after.start() - match.end() <= 2:
            quantities.add((figure, stem(after.group().lower())))
    return Terms(
        words=tuple(w for w in dict.fromkeys(ordered) if not w.isdigit() or len(w) > 1),
        stems=frozenset(stems),
        bigrams=frozenset(zip(stems, stems[1:])),
        numbers=frozenset(numbers),
        quantities=frozenset(quantities),
        names=frozenset(names),
    )


def fts_query(words: tuple[str, ...]) -> str:
    """An FTS5 query that any of WORDS satisfies (bm25 ranks by how many and how rare)."""
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)


def idf_weight(document_frequency: int, documents: int) -> float:
    return math.log(1 + documents / (1 + document_frequency))
