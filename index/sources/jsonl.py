"""JSON Lines and JSON readers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from index.errors import InputError
from index.sources import Record, open_binary, open_text


def read_jsonl(path: Path) -> Iterator[Record | InputError]:
    """One record per line. Lines are decoded one by one, so a bad byte costs its line, not the file."""
    with open_binary(path) as fh:
        for lineno, raw in enumerate(fh, start=1):
            where = f"{path.name} line {lineno}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(where, f"not UTF-8 (byte {raw[exc.start]:#04x} at column {exc.start + 1})",
                                 "save the file as UTF-8 or fix the line")
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError(where, f"invalid JSON ({exc.msg} at column {exc.colno})", "fix or remove the line")
                continue
            if not isinstance(obj, dict):
                yield InputError(where, f"expected a JSON object, got {type(obj).__name__}")
                continue
            yield Record(where, obj)


def read_json(path: Path) -> Iterator[Record | InputError]:
    with open_text(path) as fh:
        try:
            data = json.load(fh)
        except json.JSONDecodeError as exc:
            yield InputError(
                f"{path.name} line {exc.lineno}", f"invalid JSON ({exc.msg})", "fix the file or export it as JSONL"
            )
            return
    if isinstance(data, dict):
        for key in ("articles", "items", "data", "results"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        yield InputError(path.name, "expected a list of article objects")
        return
    for n, obj in enumerate(data, start=1):
        where = f"{path.name} record {n}"
        if not isinstance(obj, dict):
            yield InputError(where, f"expected a JSON object, got {type(obj).__name__}")
            continue
        yield Record(where, obj)
