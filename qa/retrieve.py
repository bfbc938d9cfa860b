"""Hybrid retrieval: dense (Chroma) + BM25, fused by reciprocal rank, reranked, filtered and capped per article."""

from __future__ import annotations

import contextlib
import logging
import math
import threading
from dataclasses import dataclass
from typing import Literal

import numpy as np

from index.catalog import Catalog
from index.embed import get_embedder
from index.filters import Filters
from index.keywords import KeywordBusy, KeywordIndex
from index.settings import Settings
from index.store import Hit, VectorStore
from qa.question import analysed
from qa.types import Passage
from qa.words import content_words

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "dense", "bm25"]
RRF_K = 60
POOL = 200  # candidates taken from each retriever before filtering and fusion
KEY_ARTICLES = 40  # articles checked for the question's key terms, best first


@dataclass
class Weights:
    """Reranking weights, tuned on realtimeqa dev (see eval/tune_rerank.py)."""

    rrf: float = 1.0
    rrf_dense: float = 0.6  # weight of the dense ranking inside the fusion (BM25's is 1)
    dense: float = 0.0
    bm25: float = 0.3
    recency: float = 0.4
    recency_days: float = 14.0
    # the age an undated chunk counts as for recency (negative: no recency bonus). Counting them as a week old
    # lifts retrieval a little but lets undated off-topic pages answer questions the archive cannot answer
    # (README, Evaluation), so it stays off.
    undated_days: float = -1.0
    title: float = 0.1
    article: float = 0.0  # share of an article's second-best chunk score added to its best (article evidence)
    # bonus for every chunk of an article whose lead (first chunk) also matched: it ranks articles, never one
    # chunk above a better one of the same article. Tuned on the 3k archive's early weeks; it also helps their
    # late weeks and both halves of the denser archive (README, Evaluation).
    lead: float = 0.05
    # bonus for a chunk that dates an event inside the period a question asks about, or was published in it
    # ("what happened in March 2013?"); not tuned: only four dev questions name a period (a year)
    event: float = 0.3
    # share of the question's key terms (names, numbers, quoted phrases: what the answer's evidence must mention)
    # that an article mentions anywhere, for the first KEY_ARTICLES articles; the answer step applies the same
    # terms to its passages
    key_terms: float = 0.4


@dataclass
class Candidate:
    chunk_id: str
    dense: float = 0.0
    bm25: float = 0.0
    rrf: float = 0.0
    dense_rank: int = -1
    bm25_rank: int = -1
    final: float = 0.0
    day: int = -1
    article_id: str = ""
    source: str = ""


def _allowed(hits: list[Hit], filters: Filters) -> list[Candidate]:
    """Chroma hits as candidates, those the filters allow, in order."""
    out = []
    for h in hits:
        c = Candidate(h.id, dense=h.score, day=int(h.metadata.get("day", -1)),
                      article_id=str(h.metadata.get("article_id", "")), source=str(h.metadata.get("source", "")))
        if filters.allows(c.day, c.source, c.article_id):
            out.append(c)
    return out


class Retriever:
    """Finds passages for a query; holds the store, the catalog and the keyword index of one archive.
    Safe to share between threads: per-question state lives in locals; the keyword index is refreshed
    (never rebuilt) when the catalog moves."""

    def __init__(self, settings: Settings, catalog: Catalog | None = None, store: VectorStore | None = None,
                 weights: Weights | None = None) -> None:
        self.settings = settings
        self.catalog = catalog or Catalog(settings.catalog_path)
        self.store = store or VectorStore(settings)
        self.weights = weights or Weights()
        self._keywords: KeywordIndex | None = None
        self._keywords_seen = -1
        self._lock = threading.Lock()

    @property
    def keywords(self) -> KeywordIndex:
        """The keyword index, up to date with the catalog's change log: replayed here if no other process is
        writing it (an ingest that crashed before its keyword commit), else reloaded at the writer's commit;
        checked again on the next question until it has caught up."""
        last = self.catalog.last_change()
        with self._lock:
            if self._keywords is None:
                self._keywords = KeywordIndex(self.settings.keyword_dir)
            if self._keywords_seen != last:
                with contextlib.suppress(KeywordBusy):
                    self._keywords.catch_up(self.catalog, self.settings.index_key)
                self._keywords.refresh()
                if self._keywords.applied >= last:
                    self._keywords_seen = last
            return self._keywords

    def embed_query(self, query: str) -> np.ndarray:
        return get_embedder(self.settings).embed([query])[0]

    # -- candidate generation ---------------------------------------------------------------------------
    def _dense(self, query_vec: np.ndarray, filters: Filters, pool: int,
               keyword: list[Candidate] | None = None) -> list[Candidate]:
        """The nearest chunks that pass the filters. Chroma is asked unfiltered (its `where` costs many times
        a plain query); when few of the nearest pass, the keyword candidates (found under the same filters)
        are scored by their own vectors, and only when those are few too does Chroma filter."""
        hits = self.store.query(query_vec, pool)
        kept = _allowed(hits, filters)
        if not (filters.active and len(kept) < pool // 10 and len(hits) >= pool):
            return kept
        have = {c.chunk_id for c in kept}
        others = [c for c in keyword or [] if c.chunk_id not in have]
        if len(kept) + len(others) >= pool // 10:
            vectors = self.store.vectors([c.chunk_id for c in others])
            kept += [Candidate(c.chunk_id, dense=float(vectors[c.chunk_id] @ query_vec), day=c.day,
                               article_id=c.article_id, source=c.source) for c in others if c.chunk_id in vectors]
            return sorted(kept, key=lambda c: -c.dense)
        spellings = [name for name, _ in self.catalog.top_sources(10_000)] if filters.sources else None
        return _allowed(self.store.query(query_vec, pool // 4, where=filters.where(spellings)), filters)

    def _bm25(self, query: str, filters: Filters, pool: int) -> list[Candidate]:
        hits = self.keywords.search(query, pool, filters)
        refs = self.catalog.chunk_refs([h.rowid for h in hits])
        return [Candidate(refs[h.rowid]["id"], bm25=h.score, day=h.day, article_id=refs[h.rowid]["article_id"])
                for h in hits if h.rowid in refs]

    # -- the whole search -------------------------------------------------------------------------------
    def search(self, query: str, k: int = 6, filters: Filters | None = None, mode: Mode = "hybrid",
               rerank: bool = True, per_article: int | None = None,
               query_vec: np.ndarray | None = None) -> list[Passage]:
        filters = filters or Filters()
        per_article = per_article or self.settings.max_chunks_per_article
        cands: dict[str, Candidate] = {}
        keyword = self._bm25(query, filters, POOL) if mode in ("hybrid", "bm25") or filters.active else []
        if mode in ("hybrid", "dense"):
            qv = query_vec if query_vec is not None else self.embed_query(query)
            for rank, c in enumerate(self._dense(qv, filters, POOL, keyword)):
                cands[c.chunk_id] = c
                c.dense_rank = rank
                c.rrf += 1.0 / (RRF_K + rank + 1)
        if mode in ("hybrid", "bm25"):
            for rank, c in enumerate(keyword):
                have = cands.setdefault(c.chunk_id, Candidate(c.chunk_id, day=c.day, article_id=c.article_id))
                have.bm25 = c.bm25
                have.bm25_rank = rank
                have.rrf += 1.0 / (RRF_K + rank + 1)
        if not cands:
            return []
        ranked = self._rerank(query, list(cands.values()), filters) if rerank else sorted(
            cands.values(), key=lambda c: -(c.rrf if mode == "hybrid" else c.dense or c.bm25))
        if not rerank:
            for c in ranked:
                c.final = c.rrf if mode == "hybrid" else (c.dense or c.bm25)
        return self._passages(ranked, k, per_article)

    def _rerank(self, query: str, cands: list[Candidate], filters: Filters) -> list[Candidate]:
        if not cands:
            return []
        w = self.weights
        for c in cands:  # weighted reciprocal rank fusion
            c.rrf = (w.rrf_dense / (RRF_K + c.dense_rank + 1) if c.dense_rank >= 0 else 0.0) + (
                1.0 / (RRF_K + c.bm25_rank + 1) if c.bm25_rank >= 0 else 0.0)
        max_rrf = max(c.rrf for c in cands) or 1.0
        max_bm25 = max(c.bm25 for c in cands) or 1.0
        q_words = content_words(query)
        titles = self._titles({c.article_id for c in cands}) if w.title else {}
        title_words = {a: content_words(t) for a, t in titles.items() if t}
        led = {c.article_id for c in cands if c.chunk_id.rsplit(":", 1)[-1] == "0"} if w.lead else set()
        anchor_date = filters.anchor or filters.as_of
        anchor = anchor_date.toordinal() if anchor_date else None
        for c in cands:
            score = w.rrf * c.rrf / max_rrf + w.dense * c.dense + w.bm25 * c.bm25 / max_bm25
            if anchor is not None and c.day >= 0:
                age = max(anchor - c.day, 0)
                score += w.recency * math.exp(-age / w.recency_days)
            elif anchor is not None and w.undated_days >= 0:
                score += w.recency * math.exp(-w.undated_days / w.recency_days)
            if c.article_id in led:
                score += w.lead
            if q_words and c.article_id in title_words:
                score += w.title * len(q_words & title_words[c.article_id]) / len(q_words)
            c.final = score
        if w.event and filters.event_since is not None:
            events = self.catalog.chunk_events(self.settings.index_key, [c.chunk_id for c in cands])
            for c in cands:
                if filters.event_match(c.day, events.get(c.chunk_id)):
                    c.final += w.event
        if w.key_terms:
            self._key_terms(query, cands, w.key_terms)
        if w.article:  # article evidence: a second matching chunk lifts its article
            by_article: dict[str, list[float]] = {}
            for c in cands:
                by_article.setdefault(c.article_id, []).append(c.final)
            bonus = {a: w.article * sorted(v, reverse=True)[1] for a, v in by_article.items() if len(v) > 1}
            for c in cands:
                c.final += bonus.get(c.article_id, 0.0)
        return sorted(cands, key=lambda c: -c.final)

    def _key_terms(self, query: str, cands: list[Candidate], weight: float) -> None:
        """Lift every chunk of the first KEY_ARTICLES articles by the share of the question's key terms the
        article mentions (its title and whole text, not only the matched chunk; a year, by being published in
        it: the answer's rule, QuestionInfo.missing)."""
        info = analysed(query)
        if not info.key_terms:
            return
        best: dict[str, float] = {}
        for c in cands:
            best[c.article_id] = max(best.get(c.article_id, c.final), c.final)
        top = sorted(best, key=lambda a: -best[a])[:KEY_ARTICLES]
        texts = self.catalog.texts(top)
        share = {a: 1.0 - len(info.missing(text, published)) / len(info.key_terms)
                 for a, (published, text) in texts.items()}
        for c in cands:
            c.final += weight * share.get(c.article_id, 0.0)

    def _titles(self, article_ids: set[str]) -> dict[str, str]:
        return self.catalog.titles(sorted(article_ids))

    def passages_for(self, scored_ids: list[tuple[str, float]], k: int, per_article: int | None = None
                     ) -> list[Passage]:
        """Passages for chunk ids ranked elsewhere (e.g. by the llama-index baseline), capped per article."""
        rows = self.catalog.chunk_rows(self.settings.index_key, [i for i, _ in scored_ids])
        cands = [Candidate(i, final=s, article_id=rows[i]["article_id"]) for i, s in scored_ids if i in rows]
        return self._passages(cands, k, per_article or self.settings.max_chunks_per_article)

    def _passages(self, ranked: list[Candidate], k: int, per_article: int) -> list[Passage]:
        chosen: list[Candidate] = []
        counts: dict[str, int] = {}
        for c in ranked:
            if counts.get(c.article_id, 0) >= per_article:
                continue
            counts[c.article_id] = counts.get(c.article_id, 0) + 1
            chosen.append(c)
            if len(chosen) >= k * 2:
                break
        rows = self.catalog.chunk_rows(self.settings.index_key, [c.chunk_id for c in chosen])
        out: list[Passage] = []
        for c in chosen:
            row = rows.get(c.chunk_id)
            if row is None:  # a chunk Chroma still holds but the catalog has dropped: never show it
                continue
            out.append(Passage(
                chunk_id=row["id"], article_id=row["article_id"], title=row["title"], source=row["source"],
                published=row["published"] or "", url=row["url"], text=row["text"], start=row["start"],
                end=row["end"], score=round(c.final, 4),
                also_reported_by=self.catalog.copies(row["article_id"]),
            ))
            if len(out) >= k:
                break
        return out
