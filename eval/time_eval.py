"""News-time checks on hand-labelled sets and on the archive:

1. event dates: eval/sets/event_dates.jsonl, real sentences from the RealTimeQA archive with the date their
   first date phrase refers to (hand-checked); accuracy of `index.eventdates` and of taking the publication date;
2. story threads: eval/sets/story_pairs.jsonl, pairs of Reuters articles labelled same event or not;
   precision and recall of `newsdesk story` linking them (needs the Reuters archive under NEWSDESK_HOME);
3. timelines: for the topics in eval/sets/timelines.jsonl, entries in date order, nothing after `as_of`,
   every quote inside its cited passage, and the share of entries dated by the text itself.

    python -m eval.time_eval [--part dates|stories|timelines|all] [--json]
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

SETS = Path(__file__).resolve().parent / "sets"


def event_date_accuracy(path: Path = SETS / "event_dates.jsonl") -> dict[str, Any]:
    from index.eventdates import event_dates

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    ours = published = 0
    misses = []
    for r in rows:
        pub = date.fromisoformat(r["published"])
        found = event_dates(r["sentence"], pub)
        got = found[0].day.isoformat() if found else None
        ours += got == r["date"]
        published += r["published"] == r["date"]
        if got != r["date"]:
            misses.append({"sentence": r["sentence"][:120], "gold": r["date"], "got": got, "note": r.get("note", "")})
    return {"n": len(rows), "accuracy": round(ours / len(rows), 3),
            "publication_date_accuracy": round(published / len(rows), 3), "misses": misses}


def story_pairs(path: Path = SETS / "story_pairs.jsonl") -> dict[str, Any]:
    from qa import Newsdesk

    desk = Newsdesk()
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    threads: dict[str, set[str]] = {}
    tp = fp = fn = tn = 0
    for r in rows:
        if r["a"] not in threads:
            threads[r["a"]] = {x["id"] for x in desk.story(r["a"]).articles}
        linked = r["b"] in threads[r["a"]]
        tp += linked and r["same"]
        fp += linked and not r["same"]
        fn += (not linked) and r["same"]
        tn += (not linked) and not r["same"]
    return {"n": len(rows), "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None, "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def timelines(path: Path = SETS / "timelines.jsonl") -> list[dict[str, Any]]:
    from qa import Newsdesk

    desk = Newsdesk()
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        t = json.loads(line)
        tl = desk.timeline(t["query"], as_of=t.get("as_of"))
        dates = [e.date for e in tl.entries]
        cites = [c for e in tl.entries for c in e.citations]
        out.append({
            "query": t["query"], "entries": len(tl.entries), "in_order": dates == sorted(dates),
            "after_as_of": sum(1 for e in tl.entries if t.get("as_of") and e.date > t["as_of"])
            + sum(1 for c in cites if t.get("as_of") and c.published > t["as_of"]),
            "quotes_in_passage": round(sum(c.quote in c.passage for c in cites) / len(cites), 3) if cites else None,
            "dated_by_text": round(sum(e.dated_by == "text" for e in tl.entries) / len(tl.entries), 3)
            if tl.entries else None,
            "outlets_per_entry": round(len(cites) / len(tl.entries), 2) if tl.entries else None,
            "expected_dates_found": [d for d in t.get("expect_dates", []) if d in dates],
            "expected_dates": t.get("expect_dates", []),
        })
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=["dates", "stories", "timelines", "all"], default="dates")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result: dict[str, Any] = {}
    if args.part in ("dates", "all"):
        result["event_dates"] = event_date_accuracy()
    if args.part in ("stories", "all"):
        result["story_pairs"] = story_pairs()
    if args.part in ("timelines", "all"):
        result["timelines"] = timelines()
    print(json.dumps(result, indent=None if args.json else 2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
