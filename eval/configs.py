"""Evaluation configurations: named presets, or JSON files with the same fields."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from index.errors import InputError

BASELINES = ("bm25", "llamaindex")


@dataclass
class EvalConfig:
    """How one configuration retrieves and answers. Unknown fields in a file are an error."""

    name: str
    retriever: Literal["newsdesk", "llamaindex"] = "newsdesk"
    mode: Literal["hybrid", "dense", "bm25"] = "hybrid"
    rerank: bool = True
    dates_from_question: bool = True
    use_as_of: bool = True  # False: ignore the questions' as_of (like a plain search engine)
    weights: dict[str, float] = field(default_factory=dict)
    description: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


PRESETS: dict[str, EvalConfig] = {
    "default": EvalConfig("default", description="newsdesk: dense + BM25, weighted RRF, reranked with BM25 score, recency to as_of, title match, key terms, lead"),
    "hybrid-rrf": EvalConfig("hybrid-rrf", rerank=False, description="dense+BM25 fused by RRF, no reranking"),
    "dense": EvalConfig("dense", mode="dense", rerank=False, description="Chroma dense retrieval only"),
    "bm25": EvalConfig("bm25", mode="bm25", rerank=False, dates_from_question=False,
                       description="baseline: BM25 (tantivy, stemmed) over chunks"),
    "bm25-no-dates": EvalConfig("bm25-no-dates", mode="bm25", rerank=False, dates_from_question=False,
                                use_as_of=False, description="BM25 over chunks, ignoring every date"),
    "llamaindex": EvalConfig("llamaindex", retriever="llamaindex", rerank=False, dates_from_question=False,
                             description="baseline: plain llama-index VectorStoreIndex over the same collection"),
}


def load_config(spec: str) -> EvalConfig:
    if spec in PRESETS:
        return PRESETS[spec]
    path = Path(spec)
    if not path.is_file():
        builtin = Path(__file__).parent / "configs" / f"{spec}.json"
        if builtin.is_file():
            path = builtin
        else:
            raise InputError(spec, "no such configuration",
                             f"use one of {', '.join(PRESETS)} or the path of a JSON config file")
    try:
        data = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise InputError(f"{path.name} line {exc.lineno}", f"invalid JSON ({exc.msg})") from exc
    data.setdefault("name", path.stem)
    try:
        return EvalConfig(**data)
    except TypeError as exc:
        raise InputError(path.name, f"unknown or missing field ({exc})",
                         "fields: name, retriever, mode, rerank, dates_from_question, use_as_of, weights, description") from exc
