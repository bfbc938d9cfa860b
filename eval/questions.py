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
    exclude_article_ids: list[str] = field(default_factory=list)  # treated as absent for this question
    withheld_answers: list[str] = field(default_factory=list)  # a `#removed` copy: the answers whose articles went


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
        for key in ("answers", "choices", "gold_article_ids", "exclude_article_ids"):
            if obj.get(key) is not None and not isinstance(obj[key], list):
                raise InputError(where, f"'{key}' must be a list")
        out.append(Question(
            id=qid, question=str(obj["question"]), as_of=as_of,
            answers=[str(a) for a in obj.get("answers") or []],
            choices=[str(c) for c in obj.get("choices") or []],
            gold_article_ids=[str(g) for g in obj.get("gold_article_ids") or []],
            evidence=str(obj.get("evidence") or ""), answerable=bool(obj.get("answerable", True)),
            gold_level=str(obj.get("gold_level") or ""),
            exclude_article_ids=[str(a) for a in obj.get("exclude_article_ids") or []],
        ))
    if not out:
        raise InputError(str(path), "the question set is empty")
    return out


def split(questions: list[Question], which: str) -> list[Question]:
    """Dev weeks by quiz date: `early` the weeks holding the first two thirds of the questions, `late` the
    rest (the later weeks stand in for the future), `all` every question."""
    if which == "all":
        return questions
    if which not in ("early", "late"):
        raise InputError("--split", f"unknown split {which!r}", "use early, late or all")
    dated = sorted(q.as_of for q in questions if q.as_of)
    if not dated:
        raise InputError("--split", "the questions have no as_of dates", "splits need quiz dates; use --split all")
    cut = dated[(2 * len(dated)) // 3]  # the first quiz date of the late third; a date stays on one side
    if which == "early":
        return [q for q in questions if q.as_of is None or q.as_of < cut]
    return [q for q in questions if q.as_of is not None and q.as_of >= cut]


def with_unanswerable(questions: list[Question], texts: list[tuple[str, str]]) -> list[Question]:
    """Each answerable question, plus a copy `<id>#removed` that cannot be answered: its gold articles and
    every article whose title or text holds one of its accepted answers (normalised, 3+ characters) are
    treated as absent. `texts` is (article id, title + text) for every article of the archive."""
    from qa.claims import normalize

    normed = [(aid, f" {normalize(text)} ") for aid, text in texts]
    out: list[Question] = []
    for q in questions:
        out.append(q)
        if not q.answerable or q.id.endswith("#removed"):
            continue
        needles = [f" {normalize(a)} " for a in q.answers if len(normalize(a)) >= 3]
        gone = set(q.gold_article_ids) | {aid for aid, text in normed if any(n in text for n in needles)}
        out.append(Question(
            id=f"{q.id}#removed", question=q.question, as_of=q.as_of, answers=[], choices=[],
            gold_article_ids=[], evidence="", answerable=False, gold_level=q.gold_level,
            exclude_article_ids=sorted(gone | set(q.exclude_article_ids)), withheld_answers=list(q.answers),
        ))
    return out
