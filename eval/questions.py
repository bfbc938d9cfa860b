"""Question sets (JSONL): load and validate, with errors that name the file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from index.errors import InputError
from index.sources.jsonl import read_jsonl


@dataclass
class Question:
    id: str
    question: str
    as_of: date | None = None
    answers: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    gold_article_ids: list[str] = field(default_factory=list)
    evidence: str = ""
    answerable: bool = True
    gold_level: str = ""


def load_questions(path: Path) -> list[Question]:
    if not path.is_file():
        raise InputError(str(path), "no such question set", "give the path of a JSONL file")
    out: list[Question] = []
    seen: set[str] = set()
    for item in read_jsonl(path):
        if isinstance(item, InputError):
            raise item
        where, obj = item.origin, item.fields
        if not str(obj.get("question", "")).strip():
            raise InputError(where, "missing 'question'", "each line needs id and question")
        qid = str(obj.get("id") or f"{path.stem}-{len(out) + 1}")
        if qid in seen:
            raise InputError(where, f"duplicate id {qid!r}", "ids must be unique within a set")
        seen.add(qid)
        as_of = None
        if obj.get("as_of"):
            try:
                as_of = date.fromisoformat(str(obj["as_of"]))
            except ValueError as exc:
                raise InputError(where, f"as_of {obj['as_of']!r} is not YYYY-MM-DD") from exc
        for key in ("answers", "choices", "gold_article_ids"):
            if obj.get(key) is not None and not isinstance(obj[key], list):
                raise InputError(where, f"'{key}' must be a list")
        out.append(Question(
            id=qid, question=str(obj["question"]), as_of=as_of,
            answers=[str(a) for a in obj.get("answers") or []],
            choices=[str(c) for c in obj.get("choices") or []],
            gold_article_ids=[str(g) for g in obj.get("gold_article_ids") or []],
            evidence=str(obj.get("evidence") or ""), answerable=bool(obj.get("answerable", True)),
            gold_level=str(obj.get("gold_level") or ""),
        ))
    if not out:
        raise InputError(str(path), "the question set is empty")
    return out
