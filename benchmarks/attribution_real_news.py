"""Attribution accuracy on real news, annotated blind (benchmarks/data/attribution_real/, and with
--set blind, blind2, blind3, blind4 and blind5 five more sets annotated by people who had not read
the code, benchmarks/data/attribution_blind/ to attribution_blind5/).

The texts stay in ../shared (they belong to their publishers): Zyte ground-truth bodies
(data/html/zyte/ground-truth.json, "articleBody") and Lee ABC news articles
(data/news/lee/lee_background.cor, one a line). The annotations hold only character offsets into
those texts; README.md next to them describes the scheme.

The chosen texts go through the real loader (`datasette claims load` on a temporary JSONL of
{id, title, text} records, as the held-out corpus is loaded) and the claims table is scored as
the issue's held-out corpus is: an annotation is found when a claim covering most of its content
(at least half of it) credits a source whose name matches the annotated one; a credited claim
that matches no annotation it covers is a false positive.

STRICT (the headline): the source's name is the annotated canonical name (case, a leading article
and honorifics aside; an acronym of the full name accepted: "IFS" for "Institute for Fiscal
Studies"), or, for an annotated unnamed speaker, the source is `anonymous`. A surname alone, a
role, or a name with a role left in it is a miss. LENIENT (beside it, to size naming errors):
also a name that contains the annotated one word for word or is contained in it.

SOURCE-ROW PRECISION (the second headline): of the distinct sources rows credited with claims in
an article, the share that name a real speaker of that article (strictly, as above).

Precision, recall and F1 per document and overall, recall by speech and by source type, and, of
the found ones, the share whose type, cue and speech agree.

    python benchmarks/attribution_real_news.py [--set real|blind|blind2|blind3|blind4|blind5] [--misses] [--check] [--processes N]
"""
import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = {"real": ROOT / "benchmarks" / "data" / "attribution_real" / "annotations.jsonl",
        "blind": ROOT / "benchmarks" / "data" / "attribution_blind" / "annotations.jsonl",
        "blind2": ROOT / "benchmarks" / "data" / "attribution_blind2" / "annotations.jsonl",
        "blind3": ROOT / "benchmarks" / "data" / "attribution_blind3" / "annotations.jsonl",
        "blind4": ROOT / "benchmarks" / "data" / "attribution_blind4" / "annotations.jsonl",
        "blind5": ROOT / "benchmarks" / "data" / "attribution_blind5" / "annotations.jsonl"}
ANNOTATIONS = SETS["real"]  # the set read; main() sets it from --set
HONORIFICS = [line.strip().rstrip(".") for line in (ROOT / "datasette_claims" / "data" / "source_honorifics.txt")
              .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
ACRONYM_SKIPPED = {"of", "for", "and", "the", "on", "in", "at", "to"}
SHARED = ROOT.parent / "shared"
ZYTE = SHARED / "data" / "html" / "zyte" / "ground-truth.json"
LEE = SHARED / "data" / "news" / "lee" / "lee_background.cor"
SOURCE_TYPES = {"person", "organization", "government", "media", "group", "anonymous"}
SPEECH = {"direct", "indirect", "mixed", "reported"}  # reported: the blind set's media rows
PRONOUNS = {"he", "she", "they", "him", "her", "them", "it", "we", "i"}
LEADING_WORDS = {"a", "an", "the", "one", "two", "three", "some", "several"}  # articles and quantifiers, not names
COVERAGE = 0.5  # share of the annotated content a claim must overlap to cover it


def read_texts(wanted):
    """{(corpus, doc): text exactly as the annotation offsets index it}."""
    zyte = json.loads(ZYTE.read_text(encoding="utf-8"))
    lee = LEE.read_text(encoding="utf-8").split("\n")
    texts = {}
    for corpus, doc in wanted:
        texts[corpus, doc] = zyte[doc]["articleBody"] if corpus == "zyte" else lee[doc]
    return texts


def read_notes():
    """Annotations by (corpus, doc); a malformed line stops the run with its line number and reason."""
    notes = defaultdict(list)
    for number, line in enumerate(ANNOTATIONS.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            note = json.loads(line)
            problem = (note.get("corpus") not in ("zyte", "lee") and "corpus must be zyte or lee"
                       or note.get("source_type") not in SOURCE_TYPES and f"source_type not one of {sorted(SOURCE_TYPES)}"
                       or note.get("speech") not in SPEECH and f"speech not one of {sorted(SPEECH)}"
                       or not (isinstance(note.get("start"), int) and isinstance(note.get("end"), int) and note["start"] < note["end"])
                       and "start and end must be integers, start < end"
                       or not (note.get("source") or "").strip() and "source is empty")
            if problem:
                sys.exit(f"{ANNOTATIONS}:{number}: {problem}")
            note["line"] = number
            notes[note["corpus"], note["doc"]].append(note)
    return notes


def check_offsets(notes, texts):
    """Every span lies inside its text and neither starts nor ends in whitespace or mid-word."""
    for key, note_list in notes.items():
        text = texts[key]
        for note in note_list:
            start, end = note["start"], note["end"]
            inside = end <= len(text) and text[start:end] == text[start:end].strip()
            cut_word = (start > 0 and text[start - 1].isalnum() and text[start].isalnum()) or (
                end < len(text) and text[end - 1].isalnum() and text[end].isalnum())
            if not inside or cut_word:
                sys.exit(f"{ANNOTATIONS}:{note['line']}: span {start}:{end} does not fit {key[0]} {key[1]}: {text[start:end][:60]!r}")


def article_id(corpus, doc):
    return f"{corpus}:{doc}"


def name_tokens(name):
    """Lower-case word tokens of a name, without possessive 's, a leading article or quantifier,
    or honorifics."""
    name = (name or "").replace("\u2019", "'").lower()
    tokens = re.findall(r"[a-z0-9]+", re.sub(r"'s\b", "", name))
    while tokens and (tokens[0] in LEADING_WORDS or tokens[0] in HONORIFICS):
        tokens = tokens[1:]
    return tokens


def acronym(tokens):
    """The initials of a name's words, the small words left out ("institute for fiscal studies": ifs)."""
    return "".join(token[0] for token in tokens if token not in ACRONYM_SKIPPED)


def is_acronym_of(short, full):
    return len(short) == 1 and len(full) > 1 and len(short[0]) > 1 and short[0] == acronym(full)


def contains(longer, shorter):
    return any(longer[i:i + len(shorter)] == shorter for i in range(len(longer) - len(shorter) + 1))


def names_match(predicted, note, lenient=False, predicted_type=None):
    """Strict: the same name ignoring case, spacing, a leading article and honorifics (DESIGN.md
    wants the canonical full name), an acronym of the full name either way, or an `anonymous`
    source for an annotated unnamed speaker; a pronoun in the annotation is matched by any name.
    Lenient (a second figure, to size naming errors): also either name containing the other word
    for word ("Browns DL Sheldon Richardson", "Parise" for Zach Parise)."""
    wanted, got = name_tokens(note["source"]), name_tokens(predicted)
    if not got:
        return False
    if wanted and " ".join(wanted) in PRONOUNS:
        return True
    if note["source_type"] == "anonymous" and predicted_type == "anonymous":
        return True
    if got == wanted or is_acronym_of(got, wanted) or is_acronym_of(wanted, got):
        return True
    return lenient and (contains(got, wanted) or contains(wanted, got))


def cue_agrees(note_cue, found_cue):
    note_cue, found_cue = " ".join((note_cue or "").lower().split()), " ".join((found_cue or "").lower().split())
    return bool(note_cue and found_cue) and (note_cue in found_cue or found_cue in note_cue)


def speech_agrees(note, found_speech):
    """Mixed quotes are direct speech (DESIGN.md); indirect speech credited to a medium is `reported`."""
    if note["speech"] == "reported":
        return found_speech == "reported"
    if note["speech"] in ("direct", "mixed"):
        return found_speech == "direct"
    return found_speech == "indirect" or (found_speech == "reported" and note["source_type"] == "media")


def locate(note, original, stored):
    """(start, end) of the annotated content in the stored text (the reader normalises whitespace)."""
    content = original[note["start"]:note["end"]]
    if stored == original:
        return note["start"], note["end"]
    pattern = r"\s+".join(re.escape(word) for word in content.split())
    spans = [match.span() for match in re.finditer(pattern, stored)]
    if not spans:
        return None
    return min(spans, key=lambda span: abs(span[0] - note["start"]))


def overlap(a_start, a_end, b_start, b_end):
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def load(texts, processes, folder):
    records = Path(folder) / "articles.jsonl"
    with records.open("w", encoding="utf-8") as out:
        for (corpus, doc), text in texts.items():
            out.write(json.dumps({"id": article_id(corpus, doc), "title": f"{corpus} {doc}", "text": text}) + "\n")
    db = Path(folder) / "claims.db"
    datasette = Path(sys.executable).with_name("datasette")
    command = [datasette, "claims", "load", db, records] + (["--processes", str(processes)] if processes else [])
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.exit(f"datasette claims load failed ({result.returncode}):\n{result.stderr}")
    return sqlite3.connect(db)


def read_claims(conn, aid):
    rows = conn.execute(
        "select c.start_char, c.end_char, c.text, c.speech, c.cue, s.name, s.type, s.id from claims c "
        "left join sources s on s.id = c.source_id where c.article_id = ? order by c.start_char", [aid]).fetchall()
    keys = ("start", "end", "text", "speech", "cue", "name", "type", "source_id")
    return [dict(zip(keys, row)) for row in rows]


def score_document(note_list, original, stored, claims, label, lenient=False):
    """Counts, agreement and the lines describing misses and false positives for one document."""
    counts, agree, by_speech, by_type, lines = defaultdict(int), defaultdict(int), defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0]), []
    credited = [claim for claim in claims if claim["name"]]
    matched_claims = set()
    for note in note_list:
        counts["annotated"] += 1
        by_speech[note["speech"]][1] += 1
        by_type[note["source_type"]][1] += 1
        span = locate(note, original, stored)
        if span is None:
            lines.append(f"{label}: content not in the stored text: {original[note['start']:note['end']][:80]!r}")
            continue
        length = span[1] - span[0]
        covering = [i for i, c in enumerate(claims) if overlap(c["start"], c["end"], *span) >= COVERAGE * length]
        hits = [i for i in covering if claims[i]["name"] and names_match(claims[i]["name"], note, lenient, claims[i]["type"])]
        if not hits:
            got = ", ".join(sorted({claims[i]["name"] for i in covering if claims[i]["name"]})) or "nobody"
            sentence = " / ".join(claims[i]["text"] for i in covering) or stored[span[0]:span[1]]
            lines.append(f"{label}: MISS wanted {note['source']!r} ({note['speech']}, {note['cue']!r}), got {got}: {sentence[:220]!r}")
            continue
        found = claims[hits[0]]
        matched_claims.update(hits)
        counts["found"] += 1
        by_speech[note["speech"]][0] += 1
        by_type[note["source_type"]][0] += 1
        checks = {"type": found["type"] == note["source_type"], "cue": cue_agrees(note["cue"], found["cue"]),
                  "speech": speech_agrees(note, found["speech"])}
        for key, ok in checks.items():
            agree[key] += ok
        wrong = [f"{key} {found[key]!r} wanted {note['source_type' if key == 'type' else key]!r}" for key, ok in checks.items() if not ok]
        if wrong:
            lines.append(f"{label}: found {found['name']!r} but " + "; ".join(wrong) + f": {found['text'][:120]!r}")
    counts["predicted"] = len(credited)
    counts["correct"] = len(matched_claims)
    for claim in credited:
        if claims.index(claim) not in matched_claims:
            lines.append(f"{label}: FALSE POSITIVE credited {claim['name']!r} ({claim['speech']}, {claim['cue']!r}): {claim['text'][:220]!r}")
    return counts, agree, by_speech, by_type, lines


def source_rows(note_list, claims, label):
    """(rows credited, rows naming a real speaker of the article, lines listing the others)."""
    rows = {claim["source_id"]: claim for claim in claims if claim["source_id"]}
    wrong = [claim for claim in rows.values()
             if not any(names_match(claim["name"], note, False, claim["type"]) for note in note_list)]
    lines = [f"{label}: WRONG SOURCE ROW {claim['name']!r} ({claim['type']})" for claim in wrong]
    return len(rows), len(rows) - len(wrong), lines


def prf(counts):
    precision = counts["correct"] / counts["predicted"] if counts["predicted"] else 0.0
    recall = counts["found"] / counts["annotated"] if counts["annotated"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def row(label, counts, agree):
    p, r, f = prf(counts)
    shares = [agree[k] / counts["found"] if counts["found"] else 0.0 for k in ("type", "cue", "speech")]
    return (f"{label:<16}{counts['annotated']:>7}{counts['predicted']:>7}{counts['found']:>7}{p:>7.2f}{r:>7.2f}{f:>7.2f}"
            + "".join(f"{s:>7.2f}" for s in shares))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list misses, false positives and disagreements with their sentences")
    parser.add_argument("--check", action="store_true", help="only check the annotations against the texts, without loading")
    parser.add_argument("--set", choices=sorted(SETS), default="real", help="which annotations to score (default: real)")
    parser.add_argument("--processes", type=int, default=None, help="loader worker processes (default: the loader's)")
    options = parser.parse_args()
    global ANNOTATIONS
    ANNOTATIONS = SETS[options.set]
    if not ANNOTATIONS.exists():
        print(f"skipped: {ANNOTATIONS} does not exist")
        return
    if not (ZYTE.exists() and LEE.exists()):
        print(f"skipped: the texts are not available ({ZYTE} and {LEE} are needed)")
        return
    notes = read_notes()
    texts = read_texts(notes)
    check_offsets(notes, texts)
    if options.check:
        print(f"{sum(map(len, notes.values()))} annotations in {len(notes)} documents: every span fits its text")
        return
    with tempfile.TemporaryDirectory() as folder:
        conn = load(texts, options.processes, folder)
        stored = dict(conn.execute("select id, text from articles"))
        totals, agree_total, misses = defaultdict(int), defaultdict(int), []
        row_totals = [0, 0]
        speech_total, type_total = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
        print(f"{'document':<16}{'annot.':>7}{'pred.':>7}{'found':>7}{'P':>7}{'R':>7}{'F1':>7}{'type':>7}{'cue':>7}{'speech':>7}{'rows ok':>9}")
        for corpus, doc in sorted(notes, key=lambda key: (key[0], str(key[1]))):
            aid = article_id(corpus, doc)
            label = f"{corpus}:{str(doc)[:8]}"
            if aid not in stored:
                print(f"{label:<16} not loaded (see load_errors)")
                continue
            counts, agree, by_speech, by_type, lines = score_document(
                notes[corpus, doc], texts[corpus, doc], stored[aid], read_claims(conn, aid), label)
            credited_rows, real_rows, row_lines = source_rows(notes[corpus, doc], read_claims(conn, aid), label)
            row_totals[0] += credited_rows
            row_totals[1] += real_rows
            print(row(label, counts, agree) + f"{real_rows:>5}/{credited_rows:<3}")
            lines += row_lines
            for key, value in counts.items():
                totals[key] += value
            for key, value in agree.items():
                agree_total[key] += value
            for total, part in ((speech_total, by_speech), (type_total, by_type)):
                for key, (found, annotated) in part.items():
                    total[key][0] += found
                    total[key][1] += annotated
            misses += lines
        print(row("ALL, STRICT", totals, agree_total) + f"{row_totals[1]:>5}/{row_totals[0]:<3}")
        lenient = defaultdict(int)
        for (corpus, doc), note_list in notes.items():
            aid = article_id(corpus, doc)
            if aid in stored:
                counts = score_document(note_list, texts[corpus, doc], stored[aid], read_claims(conn, aid), "", lenient=True)[0]
                for key, value in counts.items():
                    lenient[key] += value
        print(row("ALL, lenient", lenient, defaultdict(int))[:58] + "   (names matching word for word inside each other)")
        share = row_totals[1] / row_totals[0] if row_totals[0] else 0.0
        print(f"\nsource-row precision (strict): {row_totals[1]}/{row_totals[0]} = {share:.2f}"
              " (distinct sources rows credited in an article that name a real speaker of it)")
        print(f"\nrecall by speech:      " + ", ".join(f"{k} {f}/{a} ({f / a:.2f})" for k, (f, a) in sorted(speech_total.items())))
        print("recall by source type: " + ", ".join(f"{k} {f}/{a} ({f / a:.2f})" for k, (f, a) in sorted(type_total.items())))
        if options.misses:
            print("\n".join(["", "misses, false positives and disagreements:", *misses]))


if __name__ == "__main__":
    main()
