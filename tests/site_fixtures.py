"""The site's test articles, written with the store's own schema: a news article with a quoted
official, a reported figure and a sentence that is not a claim, and an article whose title, publisher,
URL and text try to run script; and published fact-checks that match them. Shared by the
in-process and browser tests."""
from datasette_claims import matchstore
from datasette_claims.factchecks import fact_check
from datasette_claims.matching import Matcher
from datasette_claims.records import ArticleRecords, claim_id
from datasette_claims.store import open_database, write_batch

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"

PESKOV = {"id": "person:dmitry-peskov", "name": "Dmitry Peskov", "type": "person", "role": "Kremlin spokesman"}
REUTERS = {"id": "media:reuters", "name": "Reuters", "type": "media", "role": None}
NEWS_ID = "https://example.com/news/2024:peskov"
EVIL_ID = "evil/1"


def article_records(article: dict, sentences: list[dict], sources=()) -> ArticleRecords:
    """Rows for an article whose text is its sentences joined by spaces, with exact offsets."""
    text = " ".join(s["text"] for s in sentences)
    records = ArticleRecords(article={**article, "text": text}, sources=list(sources))
    position = 0
    for index, sentence in enumerate(sentences):
        cid = claim_id(article["id"], sentence["text"], 1)
        start, end = position, position + len(sentence["text"])
        records.claims.append({
            "id": cid, "article_id": article["id"], "sentence": index, "start_char": start, "end_char": end,
            "text": sentence["text"], "checkworthiness": sentence.get("checkworthiness", 0.1),
            "claim_type": sentence.get("claim_type", "other"), "hedged": 0, "negated": 0,
            "speech": sentence.get("speech"), "source_id": sentence.get("source_id"),
            "source_role": sentence.get("source_role"), "via_source_id": sentence.get("via_source_id"),
            "cue": sentence.get("cue"),
        })
        for n, (number_text, value, unit, kind) in enumerate(sentence.get("numbers", ()), 1):
            offset = start + sentence["text"].index(number_text)
            records.numbers.append({
                "id": f"{cid}-{n}", "claim_id": cid, "article_id": article["id"], "start_char": offset,
                "end_char": offset + len(number_text), "text": number_text, "value": value, "unit": unit,
                "kind": kind, "low": None, "high": None, "qualifier": None,
            })
        position = end + 1
    return records


NEWS = {
    "id": NEWS_ID, "title": "Kremlin says troops will stay", "url": "https://example.com/news/2024/peskov",
    "publisher": "Example News", "published": "2024-02-01", "path": "news.txt", "content_hash": "h1",
}
TROOPS = "Peskov said 100,000 troops would stay in the region."
PRICES = "Prices rose 12% last year, according to Reuters."
WEATHER = "It was a sunny morning."


def news(troops=TROOPS):
    return article_records(NEWS, [
        {"text": troops, "checkworthiness": 0.9, "claim_type": "quantity", "speech": "indirect",
         "source_id": PESKOV["id"], "source_role": "Kremlin spokesman", "cue": "said",
         "numbers": [("100,000", 100000.0, "troops", "count")]},
        {"text": PRICES, "checkworthiness": 0.6, "claim_type": "quantity", "speech": "reported",
         "source_id": REUTERS["id"], "cue": "according to", "numbers": [("12%", 12.0, "percent", "percent")]},
        {"text": WEATHER, "checkworthiness": 0.05, "claim_type": "not_claim"},
    ], sources=[PESKOV, REUTERS])


def evil():
    return article_records(
        {"id": EVIL_ID, "title": f"Headline {SCRIPT}", "url": "javascript:alert(1)", "publisher": IMG,
         "published": None, "path": "evil.txt", "content_hash": "h2"},
        [{"text": f"The mayor wrote {SCRIPT} on the wall.", "checkworthiness": 0.7, "source_id": PESKOV["id"]},
         {"text": f"Then {IMG} was posted.", "checkworthiness": 0.3}],
    )


TROOPS_ID = claim_id(NEWS_ID, TROOPS, 1)
PRICES_ID = claim_id(NEWS_ID, PRICES, 1)


TROOPS_CHECK = {
    "id": "check-troops", "claim": "Dmitry Peskov said 100,000 troops would stay in the region.",
    "title": "Will 100,000 Russian Troops Stay in the Region?", "rating": "Mostly false",
    "url": "https://checks.example/troops", "publisher": "Example Checks", "published": "2024-02-03",
}
EVIL_CHECK = {
    "id": "check-evil", "claim": f"The mayor wrote {SCRIPT} on the wall of the town hall.",
    "title": f"Did the Mayor Write on the Wall? {IMG}", "rating": f"False {SCRIPT}", "url": "javascript:alert(1)",
    "publisher": IMG,
}


def add_fact_checks(db) -> None:
    """The fact-checks above, matched against every article in DB."""
    matchstore.write_fact_checks(db, [fact_check(record, "checks.jsonl", record["id"]) for record in (TROOPS_CHECK, EVIL_CHECK)])
    matchstore.match_articles(db, Matcher(db), [row[0] for row in db.execute("select id from articles")])


def build_database(path):
    """claims.db with the news article, the one whose text tries to run script, and fact-checks
    matched against them."""
    db = open_database(path)
    write_batch(db, [news(), evil()])
    add_fact_checks(db)
    return path
