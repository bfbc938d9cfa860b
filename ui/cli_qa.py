"""The question-answering commands of the CLI: ask, search, chat, serve, eval."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from index.settings import Settings
from ui.render import WEAK


def _filters(p: argparse.ArgumentParser, date_type: Callable[[str], Any]) -> None:
    p.add_argument("--since", type=date_type, help="only articles published on or after YYYY-MM-DD")
    p.add_argument("--until", type=date_type, help="only articles published on or before YYYY-MM-DD")
    p.add_argument("--source", action="append", default=[], metavar="OUTLET",
                   help="only this outlet (repeat for several)")
    p.add_argument("--as-of", dest="as_of", type=date_type,
                   help="answer as on this date: nothing published after it, recent news first")
    p.add_argument("-k", type=int, default=None, help="passages to retrieve (default NEWSDESK_TOP_K, 6)")
    p.add_argument("--json", action="store_true", help="print JSON")


def _filter_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    return {"since": args.since, "until": args.until, "sources": args.source, "as_of": args.as_of, "k": args.k}


def format_citation(c: Any) -> str:
    """'[1] Title - Outlet, date <url>' and the quoted sentence on the next line."""
    where = f" <{c.url}>" if c.url else f" (id {c.article_id})"
    head = f"[{c.number}] {c.title} - {c.source or 'unknown outlet'}, {c.published or 'undated'}{where}"
    return f'{head}\n    "{c.quote}"'


def format_answer(answer: Any) -> str:
    lines = [answer.text, ""]
    lines += [line for note in answer.notes for line in (f"Note: {note}", "")]
    if answer.answerable and answer.confidence < WEAK:
        lines.insert(0, f"(weak evidence: confidence {answer.confidence:.2f})")
    if answer.citations:
        lines.extend(format_citation(c) for c in answer.citations)
    elif answer.passages:
        lines.append("Closest passages:")
        for p in answer.passages[:3]:
            lines.append(f"  - {p.title} ({p.source or 'unknown outlet'}, {p.published or 'undated'}): "
                         f"{p.text[:200]}…")
    return "\n".join(lines).rstrip()


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from qa import Newsdesk

    desk = Newsdesk(settings)
    if args.json:
        print(json.dumps(desk.ask(args.question, **_filter_kwargs(args)).as_dict(), ensure_ascii=False, indent=2))
        return 0
    answer = None
    streamed = False
    for item in desk.stream(args.question, **_filter_kwargs(args)):
        if isinstance(item, str):
            if desk.mode == "llm":
                print(item, end="", flush=True)
                streamed = True
        else:
            answer = item
    if streamed:
        print("\n\nChecked answer:")
    assert answer is not None
    print(format_answer(answer))
    return 0


def cmd_verify(args: argparse.Namespace, settings: Settings) -> int:
    from qa import Newsdesk

    kw = _filter_kwargs(args)
    result = Newsdesk(settings).verify(args.claim, **kw)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return 0
    words = {"supported": "Supported by the archive", "contradicted": "Contradicted by the archive",
             "not_found": "The archive does not mention it"}
    print(f"{words[result.verdict]} (confidence {result.confidence:.2f})." + (f" It {result.note}." if result.note else ""))
    for c in result.citations:
        print(format_citation(c))
    return 0


def cmd_story(args: argparse.Namespace, settings: Settings) -> int:
    from qa import Newsdesk

    th = Newsdesk(settings).story(args.article_id)
    if args.json:
        print(json.dumps(th.as_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"story {th.story_id}: {len(th.articles)} article(s)")
    for a in th.articles:
        print(f"  {a['published'] or 'undated':10}  {a['kind']:9}  {a['source'] or 'unknown outlet'}: {a['title']}"
              f"  (id {a['id']})")
    return 0


def cmd_timeline(args: argparse.Namespace, settings: Settings) -> int:
    from qa import Newsdesk

    kw = _filter_kwargs(args)
    kw["k"] = kw["k"] or 30
    tl = Newsdesk(settings).timeline(args.query, **kw)
    if args.json:
        print(json.dumps(tl.as_dict(), ensure_ascii=False, indent=2))
        return 0
    if not tl.entries:
        print("The archive does not say: no dated event on this topic.")
        return 0
    for e in tl.entries:
        marks = "".join(f"[{c.number}]" for c in e.citations)
        print(f"{e.date}  {e.text} {marks}")
    print()
    for e in tl.entries:
        for c in e.citations:
            print(format_citation(c))
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from qa import Newsdesk

    kw = _filter_kwargs(args)
    passages = Newsdesk(settings).search(args.query, **kw)
    if args.json:
        out = [{"number": i, **p.as_dict(), "quote": p.text} for i, p in enumerate(passages, start=1)]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if not passages:
        print("no passages found")
    for i, p in enumerate(passages, start=1):
        print(f"{i}. [{p.score:.3f}] {p.title} - {p.source or 'unknown outlet'}, {p.published or 'undated'} "
              f"(id {p.article_id})")
        print(f"   {p.text[:300]}{'…' if len(p.text) > 300 else ''}")
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from qa import Newsdesk, NewsdeskError

    desk = Newsdesk(settings)
    history: list[dict[str, str]] = []
    print("newsdesk chat: ask about the archive; an empty line or Ctrl-D quits.")
    while True:
        try:
            question = input("you> ").strip()
        except EOFError:
            print()
            return 0
        if not question:
            return 0
        history.append({"role": "user", "content": question})
        try:
            answer = desk.chat(history, **_filter_kwargs(args))
        except NewsdeskError as exc:
            print(f"error: {exc}")
            history.pop()
            continue
        if answer.query != question:
            print(f"(searched: {answer.query})")
        print(format_answer(answer))
        history.append({"role": "assistant", "content": answer.text})


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from ui.app import serve

    return serve(settings, host=args.host, port=args.port, ingest_sample=args.sample, watch=args.watch,
                 every=args.every)


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from eval.run import main as eval_main

    return eval_main(args, settings)


def add_commands(sub: Any, commands: dict[str, Callable[[argparse.Namespace, Settings], int]],
                 date_type: Callable[[str], Any]) -> None:
    p = sub.add_parser("ask", help="answer a question with cited passages")
    p.add_argument("question")
    _filters(p, date_type)
    p = sub.add_parser("verify", help="check a claim: supported, contradicted or not found in the archive")
    p.add_argument("claim")
    _filters(p, date_type)
    p = sub.add_parser("story", help="an article's story: its copies and follow-ups, in order")
    p.add_argument("article_id", metavar="ID")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = sub.add_parser("timeline", help="the dated events of a topic, in order, each cited")
    p.add_argument("query")
    _filters(p, date_type)
    p = sub.add_parser("search", help="retrieve passages only (no answer)")
    p.add_argument("query")
    _filters(p, date_type)
    p = sub.add_parser("chat", help="chat in the terminal (follow-up questions keep their context)")
    _filters(p, date_type)
    p = sub.add_parser("serve", help="serve the chat web app")
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1; others need auth)")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--sample", action="store_true", help="ingest the bundled sample archive if the archive is empty")
    p.add_argument("--watch", action="append", default=[], metavar="SOURCE",
                   help="a feed URL, folder or file to poll while serving (repeat for more)")
    p.add_argument("--every", default="15m", metavar="DURATION", help="poll interval of --watch (default 15m)")
    p = sub.add_parser("eval", help="run question sets and write a report")
    p.add_argument("questions", metavar="QUESTIONS.jsonl", help="question set (format: see README)")
    p.add_argument("--config", action="append", default=[], metavar="NAME_OR_FILE",
                   help="configuration to evaluate (repeat to compare); baselines are always included")
    p.add_argument("--limit", type=int, help="only the first N questions of each set")
    p.add_argument("--out", help="output folder (default NEWSDESK_HOME/eval/<timestamp>)")
    p.add_argument("--no-baselines", action="store_true", help="skip the BM25 and llama-index baselines")
    p.add_argument("--split", choices=["early", "late", "all"], default="all",
                   help="dev weeks by quiz date: early (first two thirds), late (last third), all (default)")
    p.add_argument("--with-unanswerable", dest="with_unanswerable", action="store_true",
                   help="add an unanswerable copy '<id>#removed' of each question, its answer's articles excluded")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    commands.update({"story": cmd_story, "timeline": cmd_timeline, "verify": cmd_verify, "ask": cmd_ask, "search": cmd_search, "chat": cmd_chat, "serve": cmd_serve, "eval": cmd_eval})
