"""The CLEF-2019 CheckThat! Task 1 training debates as the loader sees them, and MAP as CLEF
computes it.

Each debate is one article: its lines joined by newlines, cleaned by the readers
(``readers.clean_text``) and parsed by the loader's pipeline (``chunks.pipe`` over
``build_nlp()``), so that every line is one paragraph of one or more claims. A line's score is
its best claim's score (a line the reader dropped, such as an empty one, scores 0). MAP: for each
debate rank its lines by score, take the average precision, and average over debates.

Data: ../shared/data/checkworthiness/clef2019_task1_train.csv (19 debates, 16,421 lines, 440
check-worthy). Atanasova, Nakov, Karadzhov, Mohtarami, Da San Martino, "Overview of the CLEF-2019
CheckThat! Lab, Task 1: Check-Worthiness", CLEF 2019 Working Notes.
"""
import csv
import hashlib
import pickle
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CLEF_TRAIN = SHARED / "data" / "checkworthiness" / "clef2019_task1_train.csv"


@dataclass
class Debate:
    name: str
    lines: list[str]
    labels: np.ndarray  # by line: 1 = chosen for checking
    text: str = ""  # the article body as the loader stores it
    line_starts: np.ndarray | None = None  # by line: where it starts in text, -1 if dropped


def load_debates(path: Path = CLEF_TRAIN) -> list[Debate]:
    by_name: dict[str, list[tuple[int, str, int]]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            by_name.setdefault(row["file_name"], []).append((int(row["line_number"]), row["text"], int(row["label"])))
    debates = []
    for name, rows in by_name.items():
        rows.sort()
        debates.append(Debate(name, [text for _, text, _ in rows], np.array([label for *_, label in rows])))
    return debates


def as_article(debate: Debate) -> None:
    """The debate's text as the readers clean it, and where each line landed in it."""
    from datasette_claims import readers

    debate.text = readers.clean_text("\n".join(debate.lines))
    starts, cursor = [], 0
    for line in debate.lines:
        wanted = " ".join(unicodedata.normalize("NFC", line).split())
        at = debate.text.find(wanted, cursor) if wanted else -1
        starts.append(at)
        cursor = at + len(wanted) if at >= 0 else cursor
    debate.line_starts = np.array(starts, dtype=np.int64)


def parsed_debates(nlp, debates: list[Debate], batch_size: int = 4) -> list[list]:
    """Each debate's (offset, doc) chunks through the loader's chunking and pipeline, cached in
    the temp folder by text, pipeline and this package's code (the docs keep the numbers and attribution components'
    annotations); and each sentence's mean doc.tensor row, which a DocBin does not keep."""
    from spacy.tokens import DocBin

    from datasette_claims import chunks
    from datasette_claims.nlp.units import claim_sentences

    for debate in debates:
        as_article(debate)
    key = hashlib.sha256(("\n\f".join(d.text for d in debates) + str(nlp.pipe_names) + nlp.meta["version"]
                          + package_digest()).encode()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"datasette-claims-clef-{key}"
    if (cache / "done").exists():
        docs = list(DocBin().from_disk(cache / "docs.spacy").get_docs(nlp.vocab))
        offsets = pickle.loads((cache / "offsets.pickle").read_bytes())
        pooled = np.load(cache / "pooled.npy")
        parts, at = [], 0
        for starts in offsets:
            parts.append(list(zip(starts, docs[at:at + len(starts)])))
            at += len(starts)
    else:
        parts = [list(p) for p in chunks.pipe(nlp, [d.text for d in debates], batch_size)]
        pooled = np.array([sent_pooled(sent) for doc_parts in parts for _, doc in doc_parts
                           for sent in claim_sentences(doc)], dtype=np.float32)
        cache.mkdir(exist_ok=True)
        DocBin(docs=[doc for doc_parts in parts for _, doc in doc_parts], store_user_data=True).to_disk(
            cache / "docs.spacy")
        (cache / "offsets.pickle").write_bytes(pickle.dumps([[start for start, _ in p] for p in parts]))
        np.save(cache / "pooled.npy", pooled)
        (cache / "done").write_text("")
    return parts, pooled


def package_digest() -> str:
    """A digest of this package's pipeline code and word lists: the cached docs keep the numbers
    and attribution components' annotations, which change with them."""
    package = Path(__file__).resolve().parents[1] / "datasette_claims"
    digest = hashlib.sha256()
    for path in sorted([*(package / "nlp").rglob("*.py"), *(package / "data").glob("*.t[xs][tv]")]):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def sent_pooled(sent) -> np.ndarray:
    """Mean and max of the sentence's doc.tensor rows (spaCy's own contextual token vectors)."""
    rows = sent.doc.tensor[sent.start:sent.end]
    return np.concatenate([rows.mean(axis=0), rows.max(axis=0)]) if len(rows) else np.zeros(
        2 * sent.doc.tensor.shape[1])


def line_of_sentences(debate: Debate, doc_parts: list) -> np.ndarray:
    """By claim sentence (in order over the debate's chunks): the line it lies in."""
    from datasette_claims.nlp.units import claim_sentences

    offsets = np.where(debate.line_starts >= 0, debate.line_starts, np.iinfo(np.int64).max)
    order = np.argsort(offsets, kind="stable")
    lines = []
    for base, doc in doc_parts:
        for sent in claim_sentences(doc):
            lines.append(order[np.searchsorted(offsets[order], base + sent.start_char, side="right") - 1])
    return np.array(lines, dtype=np.int64)


def line_scores(sentence_scores: np.ndarray, sentence_lines: np.ndarray, line_count: int) -> np.ndarray:
    """A line's score is its best sentence's; a line with none scores 0."""
    scores = np.zeros(line_count)
    np.maximum.at(scores, sentence_lines, sentence_scores)
    return scores


def average_precision(scores: np.ndarray, labels: np.ndarray) -> float:
    """AP of the ranking by score; ties are broken against the check-worthy lines."""
    order = np.lexsort((labels, -scores))
    ranked = labels[order]
    if not ranked.any():
        return 0.0
    hits = np.cumsum(ranked)
    return float((hits / np.arange(1, len(ranked) + 1))[ranked == 1].mean())
