"""The `newsdesk` command: ingest | stats | show | remove | watch | backup | restore | bench | ask | verify | search | chat | serve | eval."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from index.errors import NewsdeskError  # noqa: E402
from index.settings import Settings  # noqa: E402
from ui.cli_qa import add_commands  # noqa: E402


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; use YYYY-MM-DD") from exc


# -- archive commands -------------------------------------------------------------------------------
def _as_writer(settings: Settings, command: str, quiet: bool, handover: str, payload: dict[str, Any],
               locally: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run a write here, holding the home's writer lease; or hand it to the `serve` that holds it."""
    from index.writer import WriterLease

    lease = WriterLease(settings, command)
    if not lease.try_acquire():
        holder = lease.holder()
        if holder is not None and holder.url and not holder.alive():
            raise NewsdeskError(
                f"`newsdesk serve` (pid {holder.pid}) took the writer lock of {settings.home} and no longer runs, "
                f"but a process it left behind still holds the lock: find it with `fuser {settings.home}/writer.lock`"
                ", stop it, and run the command again.")
        if holder is not None and holder.url:
            from ui.handover import hand_over

            if not quiet:
                print(f"`newsdesk serve` (pid {holder.pid}) is using {settings.home}: handing the {command} to it "
                      "(it keeps answering; its terminal shows the progress)…", file=sys.stderr, flush=True)
            return hand_over(holder, handover, payload)

        def waiting(h: Any) -> None:
            who = f"`newsdesk {h.command}` (pid {h.pid})" if h else "another newsdesk process"
            print(f"{who} is writing to {settings.home}; waiting for it to finish…", file=sys.stderr, flush=True)

        lease.wait(settings.writer_wait_s, waiting)
    try:
        return locally()
    finally:
        lease.release()


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from index.ingest import Indexer

    paths = [Path(p).resolve() for p in args.paths]

    def locally() -> dict[str, Any]:
        return Indexer(settings).ingest(paths, fmt=args.format, strict=args.strict,
                                        default_source=args.source or "", progress=not args.quiet).as_dict()

    report = _as_writer(settings, "ingest", args.quiet or args.json, "ingest",
                        {"paths": [str(p) for p in paths], "format": args.format, "strict": args.strict,
                         "source": args.source or ""}, locally)
    if args.json:
        _print_json(report)
    else:
        for err in report["errors"]:
            print(f"error: {err}", file=sys.stderr)
        for note in report["warnings"][:20]:
            print(f"warning: {note}", file=sys.stderr)
        if len(report["warnings"]) > 20:
            print(f"warning: ... and {len(report['warnings']) - 20} more (`newsdesk ingest --json` lists all)",
                  file=sys.stderr)
        print(
            f"added {report['added']}, updated {report['updated']}, skipped {report['skipped']}, "
            f"duplicate {report['duplicate']}, "
            + (f"finished {report['finished']} (stored by an interrupted run), " if report["finished"] else "")
            + f"failed {report['failed']}; "
            f"{report['chunks_embedded']} chunks embedded in {report['seconds']:.1f}s"
        )
    return 1 if report["failed"] else 0


def archive_stats(settings: Settings) -> dict[str, Any]:
    from index.catalog import Catalog

    return Catalog(settings.catalog_path).stats(settings.index_key)


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    stats = archive_stats(settings)
    if args.json:
        _print_json(stats)
    else:
        print(f"home:     {settings.home}")
        print(f"store:    {settings.chroma_url or settings.chroma_path}")
        for key in ("articles", "stories", "chunks", "sources", "earliest", "latest", "undated"):
            print(f"{key + ':':<10}{stats[key] if stats[key] is not None else '-'}")
        if stats.get("pending"):
            print(f"pending:  {stats['pending']} stored but not yet searchable: run `newsdesk ingest` (any path) "
                  "to finish them")
    return 0


def show_article(settings: Settings, article_id: str) -> dict[str, Any]:
    from index.catalog import Catalog
    from index.versions import history

    catalog = Catalog(settings.catalog_path)
    stored = catalog.get(article_id)
    if stored is None:
        raise NewsdeskError(f"No article with id {article_id!r}. `newsdesk search WORDS` finds ids.")
    a = stored.article
    return {
        "id": a.id, "title": a.title, "source": a.source,
        "published": a.published.isoformat() if a.published else None, "url": a.url,
        "authors": a.authors, "text": a.text, "story_id": stored.story_id,
        "duplicates": catalog.copies(a.id), "origin": a.origin, "hash": stored.hash,
        "versions": history(catalog, a.id),
    }


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    info = show_article(settings, args.article_id)
    if args.json:
        _print_json(info)
        return 0
    print(info["title"])
    print(f"{info['source'] or 'unknown outlet'} | {info['published'] or 'undated'} | {info['url'] or 'no link'}")
    if info["authors"]:
        print("by " + ", ".join(info["authors"]))
    print()
    print(info["text"])
    if len(info["versions"]) > 1:
        print(f"\n{len(info['versions'])} versions:")
        for v in info["versions"]:
            print(f"  {v['date']}  {'; '.join(v['changed'])}")
    if info["duplicates"]:
        print("\nalso stored as:")
        for d in info["duplicates"]:
            print(f"  {d['id']} ({d['kind']} copy) {d['source']} {d['url']}")
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    from index.ingest import Indexer

    def locally() -> dict[str, Any]:
        removed, unknown = Indexer(settings).remove(args.article_ids)
        return {"removed": removed, "unknown": unknown}

    result = _as_writer(settings, "remove", False, "remove", {"ids": args.article_ids}, locally)
    removed, unknown = result["removed"], result["unknown"]
    for article_id in unknown:
        print(f"error: no article with id {article_id!r}", file=sys.stderr)
    print(f"removed {len(removed)}")
    return 1 if unknown else 0


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from index.backup import backup
    from index.catalog import Catalog
    from index.store import VectorStore

    target = Path(args.dir).resolve()
    manifest = _as_writer(settings, "backup", args.json, "backup", {"dir": str(target)},
                          lambda: backup(settings, Catalog(settings.catalog_path), VectorStore(settings), target))
    if args.json:
        _print_json(manifest)
    else:
        print(f"backed up {manifest['articles']} articles, {manifest['chunks']} chunks, {manifest['vectors']} "
              f"vectors to {target}")
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    from index.backup import restore
    from index.ingest import Indexer
    from index.writer import WriterLease

    lease = WriterLease(settings, "restore")
    if not lease.try_acquire():
        holder = lease.holder()
        who = f"`newsdesk {holder.command}` (pid {holder.pid})" if holder else "another newsdesk process"
        raise NewsdeskError(f"{who} is using {settings.home}; stop it, then restore.")
    try:
        result = restore(settings, Path(args.dir).resolve(), force=args.force)
        Indexer(settings).catch_up_keywords()  # the keyword index is rebuilt from the restored catalog
    finally:
        lease.release()
    if args.json:
        _print_json(result)
    else:
        print(f"restored {result['articles']} articles, {result['chunks']} chunks, {result['vectors']} vectors "
              f"into {settings.home} (verified against the backup's manifest)")
        if result["moved_aside"]:
            print(f"the previous state of the home is in {result['moved_aside']}")
    return 0


def _round_lines(results: list[dict[str, Any]]) -> list[str]:
    lines = []
    for r in results:
        if r["status"] == "error":
            lines.append(f"{r['source']}: error: {r['error']} (failure {r['failures']}; retrying in {r['next_in_s']:.0f} s)")
        elif r["status"] == "unchanged":
            lines.append(f"{r['source']}: unchanged")
        else:
            i = r["ingest"]
            lines.append(f"{r['source']}: added {i['added']}, updated {i['updated']}, skipped {i['skipped']}, "
                         f"duplicate {i['duplicate']}, failed {i['failed']}")
    return lines


def cmd_watch(args: argparse.Namespace, settings: Settings) -> int:
    import threading

    from index.ingest import Indexer
    from index.watch import Watcher, parse_duration

    every = parse_duration(args.every)

    def write(paths: list[Path]) -> dict[str, Any]:
        return _as_writer(settings, "watch", True, "ingest",
                          {"paths": [str(p) for p in paths], "format": None, "strict": False, "source": ""},
                          lambda: Indexer(settings).ingest(paths, progress=False).as_dict())

    watcher = Watcher(settings, args.sources, every, write, fetch_pages=not args.no_pages)
    if args.once:
        results = watcher.poll(force=True)
        if args.json:
            _print_json(results)
        else:
            print("\n".join(_round_lines(results)))
        return 1 if any(r["status"] == "error" for r in results) else 0
    print(f"watching {len(watcher.sources)} source(s) every {args.every} (Ctrl-C stops)", flush=True)

    def report(results: list[dict[str, Any]]) -> None:
        if args.json:
            print(json.dumps(results), flush=True)
        else:
            print("\n".join(_round_lines(results)), flush=True)

    watcher.run(threading.Event(), on_round=report)
    return 0


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from eval import bench_ingest, bench_query

    return (bench_ingest if args.bench == "ingest" else bench_query).report(args)


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "ingest": cmd_ingest, "stats": cmd_stats, "show": cmd_show, "remove": cmd_remove, "bench": cmd_bench,
    "watch": cmd_watch, "backup": cmd_backup, "restore": cmd_restore,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Ask questions of a news archive; every answer cites the passages it rests on.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="add articles (JSONL/JSON/CSV/HTML/RSS/Atom/text folders) to the archive")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    p.add_argument("--format", choices=["jsonl", "json", "csv", "html", "feed", "text"],
                   help="read every file as this format (default: by extension)")
    p.add_argument("--source", help="outlet name for records that carry none")
    p.add_argument("--strict", action="store_true", help="stop at the first bad record")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")

    p = sub.add_parser("stats", help="counts and date span of the archive")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="one stored article")
    p.add_argument("article_id", metavar="ARTICLE_ID")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("remove", help="delete articles from the archive and its indexes")
    p.add_argument("article_ids", nargs="+", metavar="ID")

    p = sub.add_parser("watch", help="poll RSS/Atom feeds and folders, ingest what is new or changed")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="feed URLs (http/https), folders or files")
    p.add_argument("--every", default="15m", metavar="DURATION", help="poll interval: 30s, 15m, 1h (default 15m)")
    p.add_argument("--once", action="store_true", help="poll every source once and exit (for cron)")
    p.add_argument("--no-pages", action="store_true", help="never fetch an entry's linked page")
    p.add_argument("--json", action="store_true", help="one JSON list per round")

    p = sub.add_parser("backup", help="a consistent copy of the archive (also while serve runs)")
    p.add_argument("dir", metavar="DIR", help="a new or empty folder")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("restore", help="restore a backup into NEWSDESK_HOME (verified by counts)")
    p.add_argument("dir", metavar="DIR", help="a folder written by `newsdesk backup`")
    p.add_argument("--force", action="store_true", help="move a non-empty home aside instead of refusing")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("bench", help="benchmarks printed beside same-run baselines")
    bench = p.add_subparsers(dest="bench", required=True, metavar="BENCHMARK")
    from eval import bench_ingest, bench_query

    bench_ingest.add_arguments(bench.add_parser(
        "ingest", help="ingestion throughput vs the embedder alone and a naive embedder"))
    bench_query.add_arguments(bench.add_parser(
        "query", help="retrieval latency and memory on a synthetic archive of N chunks"))

    add_commands(sub, COMMANDS, _date)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        settings = Settings()
        return COMMANDS[args.command](args, settings)
    except NewsdeskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("interrupted: what was committed before stays; run the command again to continue", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
