"""Plain text and Markdown files: one article per file, the first line as the headline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from index.errors import InputError
from index.sources import Record, open_text


def read_text(path: Path) -> Iterator[Record | InputError]:
    with open_text(path) as fh:
        text = fh.read()
    if not text.strip():
        yield InputError(path.name, "the file is empty")
        return
    yield Record(path.name, {"id": "", "text": text, "_file": str(path)})
