"""sources -> clean -> dedup -> catalog, then catalog -> chunk -> embed -> Chroma + keyword index (resumable)."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from index.catalog import Catalog
from index.chunk import chunk_article
from index.dedup import Deduper
from index.embed import get_embedder
from index.errors import InputError, NewsdeskError
from index.keywords import KeywordBusy, KeywordIndex
from index.normalize import normalize_url, to_article
from index.settings import Settings
from index.sources import Record, iter_files, read_records
from index.store import VectorStore
from index.types import Article, Chunk

log = logging.getLogger(__name__)
COMMIT_EVERY = 500
# Chunks embedded, upserted and committed together. The embedder sorts a batch by length to pad less: on the
# 3k archive's chunks, batches of 256 pad to 3.9% more tokens than the text has, 1,024 to 1.3%.
EMBED_BATCH_CHUNKS = 1024
KEYWORD_EVERY_CHUNKS = 2048


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    duplicate: int = 0
    finished: int = 0  # unchanged articles an earlier, interrupted run stored but did not make searchable
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # stored, but suspicious: each names file and line
    chunks: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added, "updated": self.updated, "skipped": self.skipped,
            "duplicate": self.duplicate, "finished": self.finished, "failed": len(self.failed),
            "errors": self.failed, "warnings": self.warnings,
            "chunks_embedded": self.chunks, "seconds": round(self.seconds, 2),
            "embed_seconds": round(self.embed_seconds, 2),
        }


@dataclass
class ToIndex:
    """An article on its way into the index, with its chunks."""

    article: Article
    hash: str  # content hash (chunk ids derive from it)
    record_hash: str  # content and metadata (what the index records as done)
    chunks: list[Chunk]

    def metadatas(self) -> list[dict[str, Any]]:
        return [chunk_metadata(self.article, self.hash, c) for c in self.chunks]


class StrictStop(NewsdeskError):
    """--strict: the first bad record stops the run (what was committed before stays)."""


def _records(paths: list[Path], fmt: str | None) -> Iterator[Record | InputError]:
    for item in iter_files(paths, fmt):
        if isinstance(item, InputError):
            yield item
            continue
        yield from read_records(*item)


def chunk_metadata(article: Article, article_hash: str, chunk: Chunk) -> dict[str, Any]:
    return {
        "article_id": article.id, "article_hash": article_hash, "seq": chunk.seq,
        "start": chunk.start, "end": chunk.end, "title": article.title, "source": article.source,
        "published": article.published.isoformat() if article.published else "",
        "day": article.published.toordinal() if article.published else -1, "url": article.url,
    }


class Indexer:
    """Owns the catalog, the vector store and the keyword index for one NEWSDESK_HOME and index key."""

    def __init__(self, settings: Settings, catalog: Catalog | None = None, store: VectorStore | None = None,
                 keywords: KeywordIndex | None = None):
        self.settings = settings
        settings.ensure_home()
        self.catalog = catalog or Catalog(settings.catalog_path)
        self.store = store or VectorStore(settings)
        self.key = settings.index_key
        self._unfinished: set[str] = set()
        self._keywords = keywords
        self._since_catch_up = 0

    @property
    def keywords(self) -> KeywordIndex:
        if self._keywords is None:
            self._keywords = KeywordIndex(self.settings.keyword_dir)
        return self._keywords

    def catch_up_keywords(self, wait_s: float = 60.0) -> None:
        """Replay the catalog's changes into the keyword index; wait for another writer to finish first.
        If it does not, the changes stay in the catalog's log and the next search or ingest replays them."""
        deadline = time.monotonic() + wait_s
        while True:
            try:
                self.keywords.catch_up(self.catalog, self.key)
                self._since_catch_up = 0
                # the log before what the keyword index applied is never replayed again: the writer prunes it
                # (readers that catch up never write to the catalog)
                self.catalog.prune_changes(self.key, self.keywords.applied)
                return
            except KeywordBusy:
                if time.monotonic() >= deadline:
                    log.warning("the keyword index is busy in another process; it catches up on its next use")
                    return
                time.sleep(0.2)

    # -- catalog side ---------------------------------------------------------------------------------
    def load_articles(self, paths: list[Path], fmt: str | None = None, strict: bool = False,
                      default_source: str = "", progress: bool = True, report: IngestReport | None = None
                      ) -> IngestReport:
        report = report or IngestReport()
        dedup = Deduper(self.catalog)
        bar = tqdm(desc="reading", unit=" articles", disable=not progress, leave=False)
        batch: list[Record | InputError] = []

        def flush() -> None:
            stop: StrictStop | None = None
            with self.catalog.transaction() as db:
                for item in batch:
                    try:
                        self._load_one(db, item, dedup, report, strict, default_source)
                    except StrictStop as exc:
                        stop = exc  # commit the records before the bad one, then stop
                        break
            batch.clear()
            if stop is not None:
                raise stop

        try:
            for item in _records(paths, fmt):
                batch.append(item)
                bar.update(1)
                if len(batch) >= COMMIT_EVERY:
                    flush()
            if batch:
                flush()
        finally:
            bar.close()
        return report

    def _load_one(self, db, item, dedup: Deduper, report: IngestReport, strict: bool,  # type: ignore[no-untyped-def]
                  default_source: str) -> None:
        try:
            if isinstance(item, InputError):
                raise item
            article = to_article(item, default_source, report.warnings)
        except InputError as exc:
            report.failed.append(str(exc))
            if strict:
                raise StrictStop(f"{exc} (stopped by --strict; articles before it are stored)") from exc
            return
        article_hash = article.hash
        existing = self.catalog.hash_of(article.id)
        if existing is not None and self.catalog.record_hash_of(article.id) == article.record_hash:
            if article.id in self._unfinished:
                report.finished += 1  # stored before, searchable only after this run's sync
            else:
                report.skipped += 1
            return
        twin = self.catalog.id_with_hash(article_hash)
        if existing is None and (twin is not None or self.catalog.alias_target(article.id)):
            if twin is not None:
                Catalog.put_alias(db, article, twin)
            report.duplicate += 1
            return
        sig = dedup.signature(article)
        story = self.catalog.story_of(article.id) if existing else dedup.find_story(article, sig)
        if existing is not None:
            Catalog.keep_version(db, article.id)  # a changed article keeps what it said before
        Catalog.put_article(db, article, story or article.id, normalize_url(article.url), Deduper.to_bytes(sig))
        if existing is not None:
            report.updated += 1
        elif story is not None:
            report.duplicate += 1
        else:
            report.added += 1
        dedup.add(db, article.id, sig)  # copies too: one becomes the story's leader if its leader is removed

    # -- index side ----------------------------------------------------------------------------------
    def sync(self, progress: bool = True, report: IngestReport | None = None) -> IngestReport:
        """Bring Chroma and the keyword index in step with the catalog: embed what is new or changed, drop what
        went."""
        report = report or IngestReport()
        changed = self.reconcile() != (0, 0)
        for article_id in self.catalog.stale(self.key):
            self.store.delete(self.catalog.chunk_ids(self.key, article_id))
            with self.catalog.transaction() as db:
                Catalog.drop_indexed(db, self.key, article_id)
                self.catalog.bump_generation(db, self.key)
            changed = True
        pending = self.catalog.pending(self.key)
        if pending:
            changed = True
            self._embed_articles(pending, progress, report)
        legacy = self.settings.home / "bm25"  # the whole-archive BM25 files of earlier versions
        if legacy.is_dir():
            shutil.rmtree(legacy, ignore_errors=True)
        if changed or self.keywords.applied < self.catalog.last_change():
            self.catch_up_keywords()
        return report

    def reconcile(self) -> tuple[int, int]:
        """Chroma against the catalog, when their chunk counts differ (a crash between the two): vectors the
        catalog does not know are deleted; articles with chunks Chroma lacks become pending again (the sync
        that follows embeds them). Returns (orphans deleted, articles made pending)."""
        if self.store.count() == self.catalog.chunk_count(self.key):
            return 0, 0
        known = self.catalog.all_chunk_ids(self.key)
        held = self.store.ids()
        orphans = sorted(held - known.keys())
        self.store.delete(orphans)
        incomplete = sorted({known[c] for c in known.keys() - held})
        if incomplete:
            with self.catalog.transaction() as db:
                for article_id in incomplete:
                    Catalog.drop_indexed(db, self.key, article_id)
                self.catalog.bump_generation(db, self.key)
        if orphans or incomplete:
            log.warning("reconciled Chroma with the catalog: %d orphan vectors deleted, %d articles to embed again",
                        len(orphans), len(incomplete))
        return len(orphans), len(incomplete)

    def _embed_articles(self, article_ids: list[str], progress: bool, report: IngestReport) -> None:
        embedder = get_embedder(self.settings)
        work: list[ToIndex] = []
        relabel: list[ToIndex] = []
        for article_id in article_ids:
            stored = self.catalog.get(article_id)
            if stored is None:
                continue
            chunks = chunk_article(stored.article, self.settings.chunk_chars, self.settings.chunk_overlap)
            item = ToIndex(stored.article, stored.hash, stored.record_hash, chunks)
            if {c.id for c in chunks} == set(self.catalog.chunk_ids(self.key, article_id)):
                relabel.append(item)  # same text, new date/outlet/link: nothing to embed
                if len(relabel) >= COMMIT_EVERY:
                    self._update_metadata(relabel)
                continue
            work.append(item)
        self._update_metadata(relabel)
        bar = tqdm(total=sum(len(w.chunks) for w in work), desc="embedding", unit=" chunks", disable=not progress)
        batch: list[ToIndex] = []
        size = 0
        try:
            for item in work:
                batch.append(item)
                size += len(item.chunks)
                if size >= EMBED_BATCH_CHUNKS:
                    self._write(batch, embedder, report)
                    bar.update(size)
                    batch, size = [], 0
            if batch:
                self._write(batch, embedder, report)
                bar.update(size)
        finally:
            bar.close()

    def _commit_chunks(self, items: list[ToIndex]) -> None:
        with self.catalog.transaction() as db:
            for item in items:
                Catalog.put_chunks(db, self.key, item.record_hash, item.article.id, item.chunks)
            self.catalog.bump_generation(db, self.key)

    def _update_metadata(self, items: list[ToIndex]) -> None:
        """Articles whose text is unchanged but whose metadata moved: relabel their chunks, embed nothing."""
        if not items:
            return
        self.store.update_metadata([c.id for it in items for c in it.chunks],
                                   [m for it in items for m in it.metadatas()])
        self._commit_chunks(items)
        items.clear()

    def _write(self, items: list[ToIndex], embedder, report: IngestReport) -> None:  # type: ignore[no-untyped-def]
        """Embed a batch, upsert it into Chroma, then record it in the catalog (so a crash between the two
        only means the next run upserts the same ids again)."""
        chunks = [c for it in items for c in it.chunks]
        metas = [m for it in items for m in it.metadatas()]
        # Title in the embedded text: headlines carry much of a news chunk's meaning.
        texts = [f"{m['title']}\n{c.text}" if m["title"] else c.text for c, m in zip(chunks, metas, strict=True)]
        t0 = time.perf_counter()
        vectors = embedder.embed(texts)
        report.embed_seconds += time.perf_counter() - t0
        old_ids = {it.article.id: set(self.catalog.chunk_ids(self.key, it.article.id)) for it in items}
        self.store.upsert([c.id for c in chunks], vectors, metas)
        self._commit_chunks(items)
        self.store.delete([i for it in items for i in old_ids[it.article.id] - {c.id for c in it.chunks}])
        report.chunks += len(chunks)
        self._since_catch_up += len(chunks)
        if self._since_catch_up >= KEYWORD_EVERY_CHUNKS:  # a long ingest becomes searchable as it goes
            self.catch_up_keywords()

    # -- whole operations --------------------------------------------------------------------------------
    def ingest(self, paths: list[Path], fmt: str | None = None, strict: bool = False,
               default_source: str = "", progress: bool = True) -> IngestReport:
        t0 = time.perf_counter()
        report = IngestReport()
        self._unfinished = set(self.catalog.pending(self.key))
        try:
            self.load_articles(paths, fmt, strict, default_source, progress, report)
        finally:
            # Whatever reached the catalog gets indexed, even when --strict stopped the reading.
            self.sync(progress, report)
            report.seconds = time.perf_counter() - t0
        return report

    def remove(self, article_ids: list[str]) -> tuple[list[str], list[str]]:
        """Delete articles everywhere. Returns (removed, unknown)."""
        removed, unknown = [], []
        for article_id in article_ids:
            target = self.catalog.alias_target(article_id)
            if target is not None:
                with self.catalog.transaction() as db:
                    db.execute("DELETE FROM aliases WHERE id=?", (article_id,))
                removed.append(article_id)
                continue
            if self.catalog.hash_of(article_id) is None:
                unknown.append(article_id)
                continue
            with self.catalog.transaction() as db:
                chunk_ids = self.catalog.remove(db, article_id, self.key)
                self.catalog.bump_generation(db, self.key)
            self.store.delete(chunk_ids)
            removed.append(article_id)
        if removed:
            self.sync(progress=False)
        return removed, unknown


def sample_archive() -> Path:
    """The bundled sample archive (one seed article, as scraped, boilerplate included)."""
    return Path(__file__).parent / "sample"
