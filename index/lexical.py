"""The BM25 side index (bm25s) over the same chunks as Chroma, rebuilt when the catalog's generation moves."""

from __future__ import annotations

import json
import logging
import shutil
import threading
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import numpy as np

from index.catalog import Catalog

log = logging.getLogger(__name__)
_lock = threading.Lock()


def _bm25s():  # type: ignore[no-untyped-def]
    """bm25s, imported in one place; it sets its logger to DEBUG on import, which we undo."""
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


def _tokenize(texts: list[str], return_ids: bool = True):  # type: ignore[no-untyped-def]
    """English stop words removed, Snowball-stemmed: the same for chunks and queries."""
    import Stemmer

    return _bm25s().tokenize(texts, stopwords="en", stemmer=Stemmer.Stemmer("english"), show_progress=False,
                             return_ids=return_ids)


@dataclass
class LexicalIndex:
    """BM25 over chunks, with per-chunk arrays for cheap date/source filtering in numpy."""

    chunk_ids: list[str]
    article_ids: list[str]
    days: np.ndarray  # date ordinal, -1 when unknown
    sources: list[str]
    generation: int
    _model: object

    @cached_property
    def source_keys(self) -> np.ndarray:
        """Lower-cased outlet of every chunk, as an array (outlet filters are one numpy comparison)."""
        return np.array([s.lower() for s in self.sources], dtype=object)

    def tokens(self, texts: list[str]) -> list[list[str]]:
        """The index's own tokens (stop words out, stemmed) of each text."""
        return [list(t) for t in _tokenize(texts, return_ids=False)]

    def idf(self, token: str) -> float:
        """log(N / df) of a token, 0 for tokens the index does not know."""
        model = self._model
        tid = model.vocab_dict.get(token)  # type: ignore[attr-defined]
        if tid is None or not self.chunk_ids:
            return 0.0
        indptr = model.scores["indptr"]  # type: ignore[attr-defined]
        df = int(indptr[tid + 1] - indptr[tid])
        return float(np.log((len(self.chunk_ids) + 1) / (df + 1)))

    def weighted_scores(self, weights: dict[str, float]) -> np.ndarray:
        """Sum over tokens of weight x the token's BM25 score in every chunk (an expanded query)."""
        model = self._model
        out = np.zeros(len(self.chunk_ids), dtype=np.float32)
        for token, w in weights.items():
            if token in model.vocab_dict:  # type: ignore[attr-defined]
                out += w * np.asarray(model.get_scores([token]), dtype=np.float32)  # type: ignore[attr-defined]
        return out

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for the query (0 where no term matches)."""
        tokens = _tokenize([query], return_ids=False)[0]
        model = self._model
        vocab = model.vocab_dict  # type: ignore[attr-defined]
        known = [t for t in tokens if t in vocab]
        if not known or not self.chunk_ids:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        return np.asarray(model.get_scores(known), dtype=np.float32)  # type: ignore[attr-defined]


def _day(value: str | None) -> int:
    return date.fromisoformat(value).toordinal() if value else -1


def build(catalog: Catalog, index_key: str, folder: Path) -> LexicalIndex:
    """Build the BM25 index from the catalog's chunks and save it (atomically) under `folder`."""
    bm25s = _bm25s()
    rows = catalog.iter_chunks(index_key)
    generation = catalog.generation(index_key)
    texts = [f"{r['title']}\n{r['text']}" for r in rows]
    model = bm25s.BM25()
    if texts:
        model.index(_tokenize(texts), show_progress=False)
    index = LexicalIndex(
        chunk_ids=[r["id"] for r in rows],
        article_ids=[r["article_id"] for r in rows],
        days=np.array([_day(r["published"]) for r in rows], dtype=np.int64),
        sources=[r["source"] for r in rows],
        generation=generation,
        _model=model,
    )
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    if texts:
        model.save(str(tmp / "bm25"))
    np.save(tmp / "days.npy", index.days)
    (tmp / "chunks.json").write_text(
        json.dumps({"generation": generation, "chunk_ids": index.chunk_ids,
                    "article_ids": index.article_ids, "sources": index.sources})
    )
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    tmp.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
    return index


def load(catalog: Catalog, index_key: str, folder: Path) -> LexicalIndex:
    """The saved index if it matches the catalog's generation, else a fresh build."""
    bm25s = _bm25s()
    with _lock:
        meta_file = folder / "chunks.json"
        generation = catalog.generation(index_key)
        if meta_file.exists():
            meta = json.loads(meta_file.read_text())
            if meta["generation"] == generation and (folder / "bm25").exists():
                model = bm25s.BM25.load(str(folder / "bm25"))
                return LexicalIndex(meta["chunk_ids"], meta["article_ids"], np.load(folder / "days.npy"),
                                    meta["sources"], generation, model)
            if meta["generation"] == generation and not meta["chunk_ids"]:
                return LexicalIndex([], [], np.zeros(0, dtype=np.int64), [], generation, bm25s.BM25())
        log.info("building the BM25 index (generation %s)", generation)
        return build(catalog, index_key, folder)
