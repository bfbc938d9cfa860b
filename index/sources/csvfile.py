"""CSV/TSV reader (header row names the fields)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from index.errors import InputError
from index.sources import Record, open_text


def read_csv(path: Path) -> Iterator[Record | InputError]:
    csv.field_size_limit(sys.maxsize)
    delimiter = "\t" if ".tsv" in [s.lower() for s in path.suffixes] else ","
    with open_text(path) as fh:
        reader = csv.DictReader(fh, delimiter=delimiter)
        if not reader.fieldnames:
            yield InputError(path.name, "no header row", "the first line must name the columns (title,text,...)")
            return
        try:
            for row in reader:
                where = f"{path.name} line {reader.line_num}"
                if None in row:
                    yield InputError(where, "more values than header columns", "quote fields that contain commas")
                    continue
                yield Record(where, {k: v for k, v in row.items() if k is not None})
        except csv.Error as exc:
            yield InputError(f"{path.name} line {reader.line_num}", f"malformed CSV ({exc})")
