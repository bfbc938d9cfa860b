"""Readers, one per format: each yields Records (raw field dicts with where they came from) or InputErrors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.errors import InputError


@dataclass
class Record:
    """A raw article record and its origin ('file line N' / 'file record N')."""

    origin: str
    fields: dict[str, Any]


Reader = Callable[[Path], Iterator["Record | InputError"]]

FORMATS = ("jsonl", "json", "csv", "html", "feed", "text")

_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".html": "html",
    ".htm": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
}


def detect_format(path: Path) -> str | None:
    """The format for a file name (a trailing .gz is looked through), or None."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return _SUFFIXES.get(suffixes[-1]) if suffixes else None


def _reader(fmt: str) -> Reader:
    if fmt in ("jsonl", "json"):
        from index.sources.jsonl import read_json, read_jsonl

        return read_jsonl if fmt == "jsonl" else read_json
    if fmt == "csv":
        from index.sources.csvfile import read_csv

        return read_csv
    if fmt == "html":
        from index.sources.html import read_html

        return read_html
    if fmt == "feed":
        from index.sources.feeds import read_feed

        return read_feed
    if fmt == "text":
        from index.sources.text import read_text

        return read_text
    raise ValueError(fmt)


def iter_files(paths: list[Path], fmt: str | None = None) -> Iterator[tuple[Path, str] | InputError]:
    """Expand folders recursively; pair each file with its format or yield an error for it."""
    for path in paths:
        if not path.exists():
            yield InputError(str(path), "no such file or folder", "check the path")
            continue
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                child_fmt = fmt or detect_format(child)
                if child_fmt is None:
                    continue  # a folder may hold images and other files: skip them quietly
                yield child, child_fmt
            continue
        file_fmt = fmt or detect_format(path)
        if file_fmt is None:
            yield InputError(
                str(path),
                "unknown format",
                f"pass --format with one of {', '.join(FORMATS)}, or rename the file",
            )
            continue
        yield path, file_fmt


def read_records(path: Path, fmt: str) -> Iterator[Record | InputError]:
    """All records of one file; unreadable files become one InputError."""
    if fmt not in FORMATS:
        yield InputError(str(path), f"unknown format {fmt!r}", f"use one of {', '.join(FORMATS)}")
        return
    import zlib

    count = 0
    try:
        for item in _reader(fmt)(path):
            count += 1
            yield item
    except (OSError, UnicodeDecodeError, EOFError, zlib.error) as exc:
        # what was read before the damage is kept; the rest of this file is reported, later files still read
        after = f" after record {count}" if count else ""
        yield InputError(str(path), f"cannot read the file{after}: {exc}",
                         "the file is damaged or cut short; records before this point were read")


def open_binary(path: Path):  # type: ignore[no-untyped-def]
    """Open a file for reading bytes, transparently gunzipping *.gz."""
    import gzip

    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")
    return path.open("rb")


def open_text(path: Path):  # type: ignore[no-untyped-def]
    """Open a text file, transparently gunzipping *.gz."""
    import gzip

    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open("r", encoding="utf-8", newline="")
