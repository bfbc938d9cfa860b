"""Hybrid retrieval: dense (Chroma) + BM25, fused by reciprocal rank, reranked, filtered and capped per article."""

from __future__ import annotations

import logging
import math
import re
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import numpy as np

from index import lexical
from index.catalog import Catalog
from index.embed import get_embedder
from index.lexical import LexicalIndex
from index.settings import Settings
from index.store import VectorStore
from qa.types import Passage

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "dense", "bm25"]
RRF_K = 60
POOL = 200  # candidates taken from each retriever before filtering and fusion


@dataclass
class Filters:
    """Restrictions on what may be retrieved. `as_of` also makes recent news rank higher."""

    since: date | None = None
    until: date | None = None
    sources: list[str] = field(default_factory=list)
    as_of: date | None = None
    anchor: date | None = None  # recency is measured from here (default: as_of)
    exclude: frozenset[str] = frozenset()  # story ids treated as absent (eval's unanswerable copies)

    @property
    def first_day(self) -> int | None:
        return self.since.toordinal() if self.since else None

    @property
    def last_day(self) -> int | None:
        days = [d.toordinal() for d in (self.until, self.as_of) if d]
        return min(days) if days else None

    @property
    def active(self) -> bool:
        return bool(self.since or self.until or self.sources or self.as_of or self.exclude)

    @property
    def undated_ok(self) -> bool:
        """Undated articles pass only when no date range is asked for (an as-of date alone keeps them)."""
        return self.first_day is None and (self.until is None)

    @property
    def outlets(self) -> set[str]:
        """The outlets asked for, lower-cased: outlet names match whatever their case."""
        return {s.lower() for s in self.sources}

    def allows(self, day: int, source: str) -> bool:
        """The one filter rule; the BM25 mask and the Chroma fallback apply the same (see `_bm25`, `where`)."""
        if self.sources and source.lower() not in self.outlets:
            return False
        if day < 0:
            return self.undated_ok
        first, last = self.first_day, self.last_day
        return (first is None or day >= first) and (last is None or day <= last)

    def where(self, spellings: list[str] | None = None) -> dict[str, Any] | None:
        """The same restriction as a Chroma `where` clause (used only as a fallback: filters are slow).
        `spellings`: every outlet name as stored, so that the exact-match `$in` matches whatever the case."""
        clauses: list[dict[str, Any]] = []
        if self.first_day is not None:
            clauses.append({"day": {"$gte": self.first_day}})
        if self.last_day is not None:
            clauses.append({"day": {"$lte": self.last_day}})
        if self.sources:
            names = [n for n in spellings or [] if n.lower() in self.outlets] or list(self.sources)
            clauses.append({"source": {"$in": names}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


@dataclass
class Weights:
    """Reranking weights, tuned on realtimeqa dev (see eval/tune_rerank.py)."""

    rrf: float = 1.0
    rrf_dense: float = 0.6  # weight of the dense ranking inside the fusion (BM25's is 1)
    dense: float = 0.0
    bm25: float = 0.3
    recency: float = 0.4
    recency_days: float = 14.0
    title: float = 0.1
    title_idf: float = 0.0  # 1: weight the title-match words by their rarity (idf) instead of counting them
    article: float = 0.0  # share of an article's second-best chunk score added to its best (article evidence)
    prf: float = 0.0  # weight of the RM3-style expansion from the top BM25 articles (0: off)
    prf_docs: int = 5  # top articles the expansion terms come from
    prf_terms: int = 10  # expansion terms added


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


_STOP = {"the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "is", "was", "were", "did", "does",
         "do", "what", "which", "who", "whom", "why", "how", "when", "where", "this", "that", "these", "those",
         "with", "by", "at", "from", "as", "be", "been", "are", "it", "its", "has", "have", "had", "week",
         "recently", "according", "said", "says", "about", "after", "than", "their", "they", "his", "her"}


_stemmer: Any = None


def content_words(text: str) -> set[str]:
    """Stemmed, lower-cased words that carry meaning (no stop words, no single characters)."""
    global _stemmer
    if _stemmer is None:
        import Stemmer

        _stemmer = Stemmer.Stemmer("english")
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 1]
    return set(_stemmer.stemWords(words))


class Retriever:
    """Finds passages for a query; holds the store, the catalog and the BM25 index of one archive."""

    def __init__(self, settings: Settings, catalog: Catalog | None = None, store: VectorStore | None = None,
                 weights: Weights | None = None) -> None:
        self.settings = settings
        self.catalog = catalog or Catalog(settings.catalog_path)
        self.store = store or VectorStore(settings)
        self.weights = weights or Weights()
        self._lexical: lexical.LexicalIndex | None = None
        self._lock = threading.Lock()
        self._meta_cache: dict[str, tuple[str, str | None, str]] = {}
        self._meta_gen = -1

    @property
    def lexical(self) -> lexical.LexicalIndex:
        generation = self.catalog.generation(self.settings.index_key)
        with self._lock:
            if self._lexical is None or self._lexical.generation != generation:
                self._lexical = lexical.load(self.catalog, self.settings.index_key, self.settings.bm25_dir)
            return self._lexical

    def embed_query(self, query: str) -> np.ndarray:
        return get_embedder(self.settings).embed([query])[0]

    # -- candidate generation ---------------------------------------------------------------------------
    def _dense(self, query_vec: np.ndarray, filters: Filters, pool: int) -> list[Candidate]:
        hits = self.store.query(query_vec, pool)
        out = [
            Candidate(h.id, dense=h.score, day=int(h.metadata.get("day", -1)),
                      article_id=str(h.metadata.get("article_id", "")), source=str(h.metadata.get("source", "")))
            for h in hits
        ]
        kept = [c for c in out if filters.allows(c.day, c.source) and c.article_id not in filters.exclude]
        if filters.active and len(kept) < pool // 10 and len(hits) >= pool:
            # Few of the nearest chunks pass the filter: ask Chroma to filter (slower, but complete).
            spellings = [name for name, _ in self.catalog.top_sources(10_000)] if filters.sources else None
            hits = self.store.query(query_vec, pool // 4, where=filters.where(spellings))
            kept = [
                Candidate(h.id, dense=h.score, day=int(h.metadata.get("day", -1)),
                          article_id=str(h.metadata.get("article_id", "")), source=str(h.metadata.get("source", "")))
                for h in hits if filters.allows(int(h.metadata.get("day", -1)), str(h.metadata.get("source", "")))
                and str(h.metadata.get("article_id", "")) not in filters.exclude
            ]
        return kept

    def _bm25(self, query: str, filters: Filters, pool: int) -> list[Candidate]:
        lex = self.lexical
        if not lex.chunk_ids:
            return []
        scores = lex.scores(query)
        if filters.active:
            mask = np.ones(len(scores), dtype=bool)
            first, last = filters.first_day, filters.last_day
            if first is not None:
                mask &= (lex.days >= first) | ((lex.days < 0) & filters.undated_ok)
            if last is not None:
                mask &= (lex.days <= last) | ((lex.days < 0) & filters.undated_ok)
            if filters.sources:
                mask &= np.isin(lex.source_keys, list(filters.outlets))
            scores = np.where(mask, scores, 0.0)
        if self.weights.prf > 0 and scores.any():
            expansion = self._expansion(lex, query, scores)
            if expansion:
                extra = lex.weighted_scores(expansion)
                if filters.active:
                    extra = np.where(mask, extra, 0.0)
                top_score, top_extra = float(scores.max()), float(extra.max())
                if top_extra > 0:
                    scores = (scores / top_score + self.weights.prf * extra / top_extra) * top_score
        top = np.argsort(-scores)[: pool + (4 * len(filters.exclude) if filters.exclude else 0)]
        return [
            Candidate(lex.chunk_ids[i], bm25=float(scores[i]), day=int(lex.days[i]),
                      article_id=lex.article_ids[i], source=lex.sources[i])
            for i in top if scores[i] > 0 and lex.article_ids[i] not in filters.exclude
        ][:pool]

    def _expansion(self, lex: LexicalIndex, query: str, scores: np.ndarray) -> dict[str, float]:
        """RM3-style expansion terms: frequent in the top articles' best chunks (weighted by their scores),
        rare in the archive, not already in the query. Returns token -> weight (summing to 1)."""
        w = self.weights
        best: dict[str, int] = {}
        for i in np.argsort(-scores)[: w.prf_docs * 4]:
            if scores[i] <= 0:
                break
            best.setdefault(lex.article_ids[i], int(i))
            if len(best) >= w.prf_docs:
                break
        if not best:
            return {}
        rows = self.catalog.chunk_rows(self.settings.index_key, [lex.chunk_ids[i] for i in best.values()])
        docs = [(rows[lex.chunk_ids[i]]["text"], float(scores[i])) for i in best.values() if lex.chunk_ids[i] in rows]
        if not docs:
            return {}
        top = max(s for _, s in docs) or 1.0
        query_tokens = set(lex.tokens([query])[0])
        weight: dict[str, float] = {}
        for tokens, (_, score) in zip(lex.tokens([t for t, _ in docs]), docs, strict=True):
            if not tokens:
                continue
            for tok in set(tokens):
                if tok not in query_tokens and len(tok) > 2 and not tok.isdigit():
                    weight[tok] = weight.get(tok, 0.0) + tokens.count(tok) / len(tokens) * score / top
        ranked = sorted(((v * lex.idf(t), t) for t, v in weight.items()), reverse=True)[: w.prf_terms]
        total = sum(v for v, _ in ranked) or 1.0
        return {t: v / total for v, t in ranked if v > 0}

    # -- the whole search -------------------------------------------------------------------------------
    def search(self, query: str, k: int = 6, filters: Filters | None = None, mode: Mode = "hybrid",
               rerank: bool = True, per_article: int | None = None,
               query_vec: np.ndarray | None = None) -> list[Passage]:
        filters = filters or Filters()
        per_article = per_article or self.settings.max_chunks_per_article
        cands: dict[str, Candidate] = {}
        if mode in ("hybrid", "dense"):
            qv = query_vec if query_vec is not None else self.embed_query(query)
            for rank, c in enumerate(self._dense(qv, filters, POOL)):
                cands[c.chunk_id] = c
                c.dense_rank = rank
                c.rrf += 1.0 / (RRF_K + rank + 1)
        if mode in ("hybrid", "bm25"):
            for rank, c in enumerate(self._bm25(query, filters, POOL)):
                have = cands.setdefault(c.chunk_id, c)
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
        # title match: share of the question's words in the title, each weighted by its rarity when title_idf
        idf = {q: max(self.lexical.idf(q), 0.0) for q in q_words} if w.title_idf else dict.fromkeys(q_words, 1.0)
        total_idf = sum(idf.values()) or 1.0
        title_words = {a: content_words(t) for a, t in titles.items() if t}
        anchor_date = filters.anchor or filters.as_of
        anchor = anchor_date.toordinal() if anchor_date else None
        for c in cands:
            score = w.rrf * c.rrf / max_rrf + w.dense * c.dense + w.bm25 * c.bm25 / max_bm25
            if anchor is not None and c.day >= 0:
                age = max(anchor - c.day, 0)
                score += w.recency * math.exp(-age / w.recency_days)
            if q_words and c.article_id in title_words:
                score += w.title * sum(idf[q] for q in q_words & title_words[c.article_id]) / total_idf
            c.final = score
        if w.article:  # article evidence: a second matching chunk lifts its article
            by_article: dict[str, list[float]] = {}
            for c in cands:
                by_article.setdefault(c.article_id, []).append(c.final)
            bonus = {a: w.article * sorted(v, reverse=True)[1] for a, v in by_article.items() if len(v) > 1}
            for c in cands:
                c.final += bonus.get(c.article_id, 0.0)
        return sorted(cands, key=lambda c: -c.final)

    def _titles(self, article_ids: set[str]) -> dict[str, str]:
        meta = self._meta()
        return {a: meta[a][2] for a in article_ids if a in meta}

    def _meta(self) -> dict[str, tuple[str, str | None, str]]:
        generation = self.catalog.generation(self.settings.index_key)
        if self._meta_gen != generation:
            self._meta_cache = self.catalog.article_meta()
            self._meta_gen = generation
        return self._meta_cache

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
