"""The keyword (BM25) index: tantivy, kept in step with the catalog by replaying its change log.

The catalog is the source of truth. Every change to an index's chunks is logged there (`changes`), in the
same transaction as the change; `catch_up` replays the log since the last change this index applied
(delete the article's documents, add its current chunks, commit, then record the change number). A crash
anywhere in between only means the next `catch_up` replays a little more: replaying is idempotent. One
process writes at a time (tantivy's own lock); any number read, and see a commit after `refresh`.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from index.catalog import Catalog
from index.filters import Filters

log = logging.getLogger(__name__)
SCHEMA_VERSION = 1
# Words too common to help a keyword search (questions are full of them); documents keep them.
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "did", "do", "does", "for", "from", "had",
    "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "not",
    "of", "on", "or", "our", "she", "so", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "to", "was", "we", "were", "what", "when", "where", "which", "who", "whom",
    "why", "will", "with", "would", "you", "your",
})
_WORD = re.compile(r"[^\W_]+")  # tantivy's simple tokenizer: runs of letters and digits


def _tantivy():  # type: ignore[no-untyped-def]
    """tantivy, imported in one place."""
    import tantivy

    return tantivy


_local = threading.local()


def stem(words: list[str]) -> list[str]:
    """Snowball English stems: the stemmer of tantivy's `en_stem` tokenizer (one stemmer per thread)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import Stemmer

        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return list(stemmer.stemWords(words))


def query_words(text: str) -> list[str]:
    """A query's words as the index tokenises them, lower-cased, stop words out (not stemmed)."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) <= 40]


# Newswire shorthand ("FIRST BOSTON INC 3RD QTR SHR 1.15 DLRS VS 76 CTS"), which a question spells out: a query
# word searches for its short form too, and a short form for the word
_SHORTHAND = {"first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "quarter": "qtr", "share": "shr",
              "shares": "shrs", "million": "mln", "billion": "bln", "percent": "pct", "dollars": "dlrs",
              "dollar": "dlr", "cents": "cts", "government": "govt", "average": "avg"}
_SHORTHAND |= {short: word for word, short in _SHORTHAND.items()}


def query_terms(text: str) -> list[str]:
    """The index terms a query searches for: its words and their newswire short forms ("third quarter" also
    searches "3rd qtr"), stemmed as the index stems."""
    words = query_words(text)
    return list(dict.fromkeys(stem(words + [_SHORTHAND[w] for w in words if w in _SHORTHAND])))


@dataclass(frozen=True)
class KeywordHit:
    rowid: int  # the chunk's rowid in the catalog
    score: float
    day: int


class KeywordBusy(RuntimeError):
    """Another process is writing the keyword index."""


class KeywordIndex:
    """BM25 over one index key's chunks (title and text), with day, outlet and story as filterable fields."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._state_file = folder / "applied.json"
        self._lock = threading.Lock()
        self._index = self._open()
        self._searcher = self._index.searcher()

    def _schema(self) -> Any:
        tv = _tantivy()
        sb = tv.SchemaBuilder()
        sb.add_text_field("body", stored=False, tokenizer_name="en_stem", index_option="freq")
        sb.add_integer_field("rowid", stored=False, indexed=False, fast=True)
        sb.add_integer_field("day", stored=False, indexed=True, fast=True)
        sb.add_text_field("source", stored=False, tokenizer_name="raw", index_option="basic")
        sb.add_text_field("article", stored=False, tokenizer_name="raw", index_option="basic")
        return sb.build()

    def _open(self) -> Any:
        tv = _tantivy()
        self.schema = self._schema()
        state = self._state()
        if state.get("schema") != SCHEMA_VERSION:
            shutil.rmtree(self.folder, ignore_errors=True)  # written by another version: rebuilt on catch-up
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            return tv.Index(self.schema, path=str(self.folder), reuse=True)
        except Exception as exc:  # a damaged index is only a cache of the catalog: rebuild it
            log.warning("the keyword index at %s cannot be opened (%s); rebuilding it", self.folder, exc)
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
            return tv.Index(self.schema, path=str(self.folder), reuse=False)

    def _state(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self._state_file.read_text()))
        except (OSError, ValueError):
            return {}

    @property
    def applied(self) -> int:
        """The last catalog change this index reflects (-1: never built)."""
        state = self._state()
        return int(state.get("applied", -1)) if state.get("schema") == SCHEMA_VERSION else -1

    def _record(self, applied: int) -> None:
        tmp = self._state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"schema": SCHEMA_VERSION, "applied": applied}))
        tmp.replace(self._state_file)

    # -- writing --------------------------------------------------------------------------------------
    @contextmanager
    def _writer(self) -> Iterator[Any]:
        try:
            writer = self._index.writer(heap_size=64_000_000, num_threads=1)
        except ValueError as exc:
            if "lock" in str(exc).lower():
                raise KeywordBusy(str(exc)) from exc
            raise
        try:
            yield writer
        except BaseException:
            writer.rollback()
            writer.wait_merging_threads()  # releases tantivy's writer lock
            raise

    def _document(self, row: Any) -> Any:
        published = row["published"]
        return _tantivy().Document(
            body=f"{row['title']}\n{row['text']}", rowid=int(row["rowid"]),
            day=date.fromisoformat(published).toordinal() if published else -1,
            source=str(row["source"]).lower(), article=str(row["article_id"]),
        )

    def catch_up(self, catalog: Catalog, index_key: str) -> int:
        """Replay the catalog's changes since the last one applied (everything, the first time).
        Returns the number of articles replayed; raises KeywordBusy if another process is writing."""
        with self._lock:
            applied = self.applied
            last = catalog.last_change()  # read first: changes logged while we work are replayed next time
            if applied >= 0 and last <= applied:
                return 0
            with self._writer() as writer:
                if applied < 0:
                    writer.delete_all_documents()
                    touched = -1
                    for rows in catalog.keyword_docs(index_key):
                        for row in rows:
                            writer.add_document(self._document(row))
                else:
                    articles = catalog.changed_since(index_key, applied)
                    touched = len(articles)
                    for article_id in articles:
                        writer.delete_documents_by_term("article", article_id)
                    for rows in catalog.keyword_docs(index_key, articles):
                        for row in rows:
                            writer.add_document(self._document(row))
                writer.commit()
                writer.wait_merging_threads()  # merges small segments; releases the writer
            self._record(last)
            self._refresh_locked()
            return touched

    # -- reading --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """See the latest commit (by this or another process)."""
        with self._lock:
            self._refresh_locked()

    def _refresh_locked(self) -> None:
        self._index.reload()
        self._searcher = self._index.searcher()

    @property
    def size(self) -> int:
        return int(self._searcher.num_docs)

    def _restriction(self, filters: Filters) -> list[tuple[Any, Any]]:
        """`Filters` as tantivy clauses (scoring nothing): the same rule as `Filters.allows`."""
        tv = _tantivy()
        must, must_not = tv.Occur.Must, tv.Occur.MustNot
        clauses: list[tuple[Any, Any]] = []
        first, last = filters.first_day, filters.last_day
        if first is not None or last is not None:
            in_range = tv.Query.range_query(self.schema, "day", tv.FieldType.Integer, first if first is not None
                                            else 0, last if last is not None else 10**7)
            if filters.undated_ok:
                undated = tv.Query.term_query(self.schema, "day", -1)
                in_range = tv.Query.boolean_query([(tv.Occur.Should, in_range), (tv.Occur.Should, undated)])
            clauses.append((must, tv.Query.const_score_query(in_range, 0.0)))
        if filters.sources:
            outlets = tv.Query.term_set_query(self.schema, "source", sorted(filters.outlets))
            clauses.append((must, tv.Query.const_score_query(outlets, 0.0)))
        if filters.exclude:
            clauses.append((must_not, tv.Query.term_set_query(self.schema, "article", sorted(filters.exclude))))
        return clauses

    def search(self, query: str, limit: int, filters: Filters | None = None) -> list[KeywordHit]:
        """The best `limit` chunks by BM25 over title and text, within the filters."""
        tv = _tantivy()
        terms = query_terms(query)
        if not terms:
            return []
        should = [(tv.Occur.Should, tv.Query.term_query(self.schema, "body", t)) for t in terms]
        q = tv.Query.boolean_query(should)
        restriction = self._restriction(filters) if filters and filters.active else []
        if restriction:
            q = tv.Query.boolean_query([(tv.Occur.Must, q), *restriction])
        searcher = self._searcher
        hits = searcher.search(q, limit, count=False).hits
        if not hits:
            return []
        addresses = [a for _, a in hits]
        rowids = searcher.fast_field_values("rowid", addresses)
        days = searcher.fast_field_values("day", addresses)
        return [KeywordHit(int(r), float(s), int(d)) for (s, _), r, d in zip(hits, rowids, days, strict=True)]
