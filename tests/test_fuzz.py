"""Fuzz suite (hypothesis): readers, record normalisation, question analysis, filters and whole questions
never fail with anything but newsdesk's own errors, whatever the input. `make fuzz` runs it with 2,000
examples a test (NEWSDESK_FUZZ_EXAMPLES); the default run uses a short version."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.errors import InputError, NewsdeskError
from index.normalize import to_article
from index.sources import Record, read_records

EXAMPLES = int(os.environ.get("NEWSDESK_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
FEW = settings(max_examples=max(EXAMPLES // 4, 10), deadline=None, suppress_health_check=list(HealthCheck))

_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), _text)
_value = st.recursive(_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
                      max_leaves=6)
_FIELDS = ["id", "title", "headline", "text", "body", "content", "url", "link", "published", "date", "source",
           "outlet", "authors", "author", "byline", "guid"]


def _read_all(path: Path, fmt: str) -> list[Record | InputError]:
    return list(read_records(path, fmt))


def _normalise(items: list[Record | InputError]) -> None:
    for item in items:
        if isinstance(item, Record):
            with contextlib.suppress(InputError):
                to_article(item, "", [])


@FUZZ
@given(data=st.binary(max_size=2000), fmt=st.sampled_from(["jsonl", "json", "csv", "html", "feed", "text"]),
       gz=st.booleans())
def test_readers_turn_any_bytes_into_records_or_input_errors(data: bytes, fmt: str, gz: bool) -> None:
    suffix = {"jsonl": ".jsonl", "json": ".json", "csv": ".csv", "html": ".html", "feed": ".rss", "text": ".txt"}[fmt]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}{'.gz' if gz else ''}"
        path.write_bytes(gzip.compress(data) if gz and data[:1] != b"x" else data)  # some .gz files are not gzip
        items = _read_all(path, fmt)
        assert all(isinstance(i, Record | InputError) for i in items)
        _normalise(items)


@FUZZ
@given(rows=st.lists(st.dictionaries(st.sampled_from(_FIELDS) | _text, _value, max_size=8), max_size=5))
def test_any_json_record_is_stored_or_refused_with_its_line(rows: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.jsonl"
        path.write_text("".join(json.dumps(r, default=str) + "\n" for r in rows), encoding="utf-8")
        items = _read_all(path, "jsonl")
        for item in items:
            if isinstance(item, Record):
                try:
                    article = to_article(item, "", [])
                except InputError as exc:
                    assert "records.jsonl" in str(exc) and "line" in str(exc)
                else:
                    assert article.id and (article.text or article.title)


@FUZZ
@given(question=_text)
def test_question_analysis_accepts_any_text(question: str) -> None:
    from qa.question import analyse, answer_kind

    info = analyse(question)
    assert isinstance(info.key_terms, tuple) and info.kind == answer_kind(question)



@FEW
@given(question=_text, since=_text | st.none(), until=_text | st.none(), as_of=_text | st.none(),
       sources=st.lists(_text, max_size=3))
def test_questions_and_filters_give_answers_or_clear_errors(sample_home_template: Path, question: str,
                                                            since: str | None, until: str | None,
                                                            as_of: str | None, sources: list[str]) -> None:
    from qa import Newsdesk

    desk = _desk(sample_home_template)
    try:
        answer = desk.ask(question, since=since, until=until, sources=sources, as_of=as_of)
    except NewsdeskError as exc:
        assert str(exc)  # a message that says what to do
    else:
        assert answer.text
        assert answer.answerable or answer.text.startswith("The archive does not say")
        assert all(c.quote in p.text for c in answer.citations for p in answer.passages if p.chunk_id == c.chunk_id)
    assert isinstance(desk, Newsdesk)


_desks: dict[Path, Any] = {}


def _desk(home: Path) -> Any:
    from qa import Newsdesk

    if home not in _desks:
        _desks[home] = Newsdesk(home=home)
    return _desks[home]
