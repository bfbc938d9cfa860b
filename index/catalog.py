"""The article catalog (SQLite under NEWSDESK_HOME): articles, stories, aliases and each index's chunks."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from index.errors import StoreError
from index.types import Article, Chunk

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles(
    id TEXT PRIMARY KEY, story_id TEXT NOT NULL, hash TEXT NOT NULL, title TEXT NOT NULL,
    source TEXT NOT NULL, published TEXT, url TEXT NOT NULL, url_key TEXT NOT NULL, authors TEXT NOT NULL,
    text TEXT NOT NULL, origin TEXT NOT NULL, minhash BLOB, ingested_at TEXT DEFAULT CURRENT_TIMESTAMP,
    record_hash TEXT);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(hash);
CREATE INDEX IF NOT EXISTS articles_url_key ON articles(url_key);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE TABLE IF NOT EXISTS aliases(
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL, url TEXT NOT NULL, source TEXT NOT NULL, origin TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS aliases_article ON aliases(article_id);
CREATE TABLE IF NOT EXISTS chunks(
    id TEXT NOT NULL, index_key TEXT NOT NULL, article_id TEXT NOT NULL, seq INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, events TEXT,
    PRIMARY KEY(index_key, id));
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(index_key, article_id);
CREATE TABLE IF NOT EXISTS indexed(
    index_key TEXT NOT NULL, article_id TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY(index_key, article_id));
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS versions(
    article_id TEXT NOT NULL, seq INTEGER NOT NULL, recorded_at TEXT NOT NULL, title TEXT NOT NULL,
    source TEXT NOT NULL, published TEXT, url TEXT NOT NULL, text TEXT NOT NULL, hash TEXT NOT NULL,
    PRIMARY KEY(article_id, seq));
CREATE TABLE IF NOT EXISTS changes(
    seq INTEGER PRIMARY KEY AUTOINCREMENT, index_key TEXT NOT NULL, article_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS minhash_bands(key INTEGER NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS minhash_bands_key ON minhash_bands(key);
CREATE INDEX IF NOT EXISTS minhash_bands_article ON minhash_bands(article_id);
"""


# Story leaders whose current text is not (or not fully) in the index given as the one parameter.
_PENDING = ("FROM articles a LEFT JOIN indexed i ON i.index_key=? AND i.article_id=a.id"
            " WHERE a.id=a.story_id AND (i.hash IS NULL OR i.hash<>COALESCE(a.record_hash, ''))")


@dataclass
class StoredArticle:
    """An article as stored, with its story and copies."""

    article: Article
    story_id: str
    hash: str
    record_hash: str = ""


def _row_to_article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        title=row["title"],
        text=row["text"],
        url=row["url"],
        source=row["source"],
        published=date.fromisoformat(row["published"]) if row["published"] else None,
        authors=json.loads(row["authors"]),
        origin=row["origin"],
    )


class Catalog:
    """The SQLite catalog, the archive's one source of truth. Writes go through one connection inside
    `transaction()`; reads use a connection per thread (WAL: readers never wait for the writer)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._connect(path)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)
            columns = {r[1] for r in self._db.execute("PRAGMA table_info(articles)")}
            if "record_hash" not in columns:  # catalogs written before record hashes existed
                self._db.execute("ALTER TABLE articles ADD COLUMN record_hash TEXT")
            if "events" not in {r[1] for r in self._db.execute("PRAGMA table_info(chunks)")}:
                # catalogs written before event dates were kept: NULL until the article is ingested again
                self._db.execute("ALTER TABLE chunks ADD COLUMN events TEXT")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Cannot open the catalog {path}: {exc}. Move it aside and ingest again.") from exc
        self._lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self.path = path

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        db.row_factory = sqlite3.Row
        return db

    def _reader(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect(self.path)
            with self._lock:
                self._readers.append(db)
        return db

    def close(self) -> None:
        with self._lock:
            for db in self._readers:
                db.close()
            self._readers.clear()
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._local.writing = True
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            finally:
                self._local.writing = False
            self._db.execute("COMMIT")

    @contextmanager
    def writes_paused(self) -> Iterator[None]:
        """No write through this catalog until the block ends (readers carry on)."""
        with self._lock:
            yield

    def backup_to(self, path: Path) -> None:
        """A consistent copy of the catalog (SQLite's online backup)."""
        dest = sqlite3.connect(path)
        try:
            with self._lock:
                self._db.backup(dest)
        finally:
            dest.close()

    def _all(self, sql: str, args: Iterable[Any] = ()) -> list[sqlite3.Row]:
        if getattr(self._local, "writing", False):  # inside a transaction: see its own writes
            with self._lock:
                return list(self._db.execute(sql, tuple(args)))
        return list(self._reader().execute(sql, tuple(args)))

    def _one(self, sql: str, args: Iterable[Any] = ()) -> sqlite3.Row | None:
        rows = self._all(sql, args)
        return rows[0] if rows else None

    # -- articles -----------------------------------------------------------------------------
    def get(self, article_id: str) -> StoredArticle | None:
        row = self._one("SELECT * FROM articles WHERE id=?", (article_id,))
        if row is None:
            alias = self._one("SELECT article_id FROM aliases WHERE id=?", (article_id,))
            if alias is None:
                return None
            row = self._one("SELECT * FROM articles WHERE id=?", (alias["article_id"],))
            if row is None:
                return None
        return StoredArticle(_row_to_article(row), row["story_id"], row["hash"], row["record_hash"] or "")

    def hash_of(self, article_id: str) -> str | None:
        row = self._one("SELECT hash FROM articles WHERE id=?", (article_id,))
        return row["hash"] if row else None

    def record_hash_of(self, article_id: str) -> str | None:
        row = self._one("SELECT record_hash FROM articles WHERE id=?", (article_id,))
        return row["record_hash"] if row else None

    def id_with_hash(self, article_hash: str) -> str | None:
        row = self._one("SELECT id FROM articles WHERE hash=? LIMIT 1", (article_hash,))
        return row["id"] if row else None

    def ids_with_url_key(self, url_key: str) -> list[str]:
        if not url_key:
            return []
        return [r["id"] for r in self._all("SELECT id FROM articles WHERE url_key=?", (url_key,))]

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        """Every article's stored MinHash (story leaders and copies)."""
        for row in self._all("SELECT id, minhash FROM articles WHERE minhash IS NOT NULL"):
            yield row["id"], row["minhash"]

    @staticmethod
    def put_bands(db: sqlite3.Connection, article_id: str, keys: list[int]) -> None:
        """The LSH band keys of an article's MinHash (replacing any it had)."""
        db.execute("DELETE FROM minhash_bands WHERE article_id=?", (article_id,))
        db.executemany("INSERT INTO minhash_bands(key, article_id) VALUES (?, ?)", [(k, article_id) for k in keys])

    @staticmethod
    def clear_bands(db: sqlite3.Connection) -> None:
        db.execute("DELETE FROM minhash_bands")

    def story_leaders_in_bands(self, keys: list[int]) -> list[tuple[str, bytes]]:
        """Story leaders that share at least one LSH band key with these, with their MinHash."""
        qmarks = ",".join("?" * len(keys))
        return [(r["id"], r["minhash"]) for r in self._all(
            f"SELECT DISTINCT a.id, a.minhash FROM minhash_bands m JOIN articles a ON a.id=m.article_id"
            f" WHERE a.id=a.story_id AND a.minhash IS NOT NULL AND m.key IN ({qmarks}) ORDER BY a.id", keys)]

    def minhash_of(self, article_id: str) -> bytes | None:
        row = self._one("SELECT minhash FROM articles WHERE id=?", (article_id,))
        return row["minhash"] if row else None

    def story_of(self, article_id: str) -> str | None:
        row = self._one("SELECT story_id FROM articles WHERE id=?", (article_id,))
        if row is None:  # an exact copy's id: its article's story
            row = self._one("SELECT a.story_id FROM aliases x JOIN articles a ON a.id=x.article_id WHERE x.id=?",
                            (article_id,))
        return row["story_id"] if row else None

    @staticmethod
    def put_article(
        db: sqlite3.Connection, article: Article, story_id: str, url_key: str, minhash: bytes | None
    ) -> None:
        db.execute(
            "INSERT OR REPLACE INTO articles(id, story_id, hash, title, source, published, url, url_key, authors,"
            " text, origin, minhash, record_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id, story_id, article.hash, article.title, article.source,
                article.published.isoformat() if article.published else None, article.url, url_key,
                json.dumps(article.authors), article.text, article.origin, minhash, article.record_hash,
            ),
        )

    @staticmethod
    def keep_version(db: sqlite3.Connection, article_id: str) -> None:
        """Before an article is replaced by a changed record: keep the stored one as an earlier version."""
        db.execute(
            "INSERT INTO versions(article_id, seq, recorded_at, title, source, published, url, text, hash)"
            " SELECT id, (SELECT COUNT(*) FROM versions WHERE article_id=?), COALESCE(ingested_at, ''), title, source,"
            " published, url, text, hash FROM articles WHERE id=?", (article_id, article_id))

    def versions(self, article_id: str) -> list[dict[str, Any]]:
        """Every version of an article, oldest first, the current one last (recorded_at: when it was stored)."""
        rows = self._all("SELECT recorded_at, title, source, published, url, text, hash FROM versions"
                         " WHERE article_id=? ORDER BY seq", (article_id,))
        rows += self._all("SELECT COALESCE(ingested_at, '') AS recorded_at, title, source, published, url, text, hash"
                          " FROM articles WHERE id=?", (article_id,))
        return [dict(r) for r in rows]

    @staticmethod
    def put_alias(db: sqlite3.Connection, alias: Article, article_id: str) -> None:
        db.execute(
            "INSERT OR REPLACE INTO aliases(id, article_id, url, source, origin) VALUES (?,?,?,?,?)",
            (alias.id, article_id, alias.url, alias.source, alias.origin),
        )

    def copies(self, article_id: str) -> list[dict[str, str]]:
        """Every other copy of this article's story: near-identical articles and exact aliases."""
        story = self.story_of(article_id)
        if story is None:
            return []
        out: list[dict[str, str]] = []
        for row in self._all(
            "SELECT id, source, url, published FROM articles WHERE story_id=? AND id<>? ORDER BY id", (story, article_id)
        ):
            out.append({"id": row["id"], "source": row["source"], "url": row["url"],
                        "published": row["published"] or "", "kind": "near"})
        members = [r["id"] for r in self._all("SELECT id FROM articles WHERE story_id=?", (story,))]
        qmarks = ",".join("?" * len(members))
        for row in self._all(f"SELECT id, source, url FROM aliases WHERE article_id IN ({qmarks}) ORDER BY id", members):
            out.append({"id": row["id"], "source": row["source"], "url": row["url"], "published": "", "kind": "exact"})
        return out

    def remove(self, db: sqlite3.Connection, article_id: str, index_key: str) -> list[str]:
        """Delete an article and its aliases; promote a copy if it led a story. Returns its chunk ids in the
        given index (chunks of other indexes stay in their collections, but the catalog no longer knows them,
        so retrieval never returns them)."""
        story = self.story_of(article_id)
        chunk_ids = [r["id"] for r in db.execute(
            "SELECT id FROM chunks WHERE article_id=? AND index_key=?", (article_id, index_key))]
        db.execute("INSERT INTO changes(index_key, article_id) SELECT DISTINCT index_key, article_id FROM chunks"
                   " WHERE article_id=?", (article_id,))
        db.execute("DELETE FROM chunks WHERE article_id=?", (article_id,))
        db.execute("DELETE FROM indexed WHERE article_id=?", (article_id,))
        db.execute("DELETE FROM aliases WHERE article_id=?", (article_id,))
        db.execute("DELETE FROM minhash_bands WHERE article_id=?", (article_id,))
        db.execute("DELETE FROM articles WHERE id=?", (article_id,))
        if story == article_id:
            row = db.execute("SELECT id FROM articles WHERE story_id=? ORDER BY id LIMIT 1", (article_id,)).fetchone()
            if row is not None:
                db.execute("UPDATE articles SET story_id=? WHERE story_id=?", (row["id"], article_id))
        return chunk_ids

    def alias_target(self, alias_id: str) -> str | None:
        row = self._one("SELECT article_id FROM aliases WHERE id=?", (alias_id,))
        return row["article_id"] if row else None

    # -- index bookkeeping ----------------------------------------------------------------------
    def pending(self, index_key: str) -> list[str]:
        """Story leaders whose current text is not (or not fully) in this index."""
        return [r["id"] for r in self._all(f"SELECT a.id {_PENDING} ORDER BY a.rowid", (index_key,))]

    def stale(self, index_key: str) -> list[str]:
        """Articles indexed under this key that are gone or no longer lead their story."""
        rows = self._all(
            "SELECT i.article_id FROM indexed i LEFT JOIN articles a ON a.id=i.article_id"
            " WHERE i.index_key=? AND (a.id IS NULL OR a.id<>a.story_id)",
            (index_key,),
        )
        return [r["article_id"] for r in rows]

    def chunk_count(self, index_key: str) -> int:
        row = self._one("SELECT COUNT(*) AS n FROM chunks WHERE index_key=?", (index_key,))
        return int(row["n"]) if row else 0

    def all_chunk_ids(self, index_key: str) -> dict[str, str]:
        """chunk id -> article id of every chunk of the index."""
        return {r["id"]: r["article_id"] for r in self._all(
            "SELECT id, article_id FROM chunks WHERE index_key=?", (index_key,))}

    def chunk_ids(self, index_key: str, article_id: str) -> list[str]:
        return [r["id"] for r in self._all(
            "SELECT id FROM chunks WHERE index_key=? AND article_id=?", (index_key, article_id))]

    @staticmethod
    def put_chunks(db: sqlite3.Connection, index_key: str, record_hash: str, article_id: str,
                   chunks: list[Chunk]) -> None:
        db.execute("DELETE FROM chunks WHERE index_key=? AND article_id=?", (index_key, article_id))
        db.executemany(
            'INSERT OR REPLACE INTO chunks(id, index_key, article_id, seq, start, "end", text, events) '
            "VALUES (?,?,?,?,?,?,?,?)",
            [(c.id, index_key, c.article_id, c.seq, c.start, c.end, c.text, json.dumps(list(c.events)))
             for c in chunks],
        )
        db.execute(
            "INSERT OR REPLACE INTO indexed(index_key, article_id, hash) VALUES (?,?,?)",
            (index_key, article_id, record_hash),
        )
        db.execute("INSERT INTO changes(index_key, article_id) VALUES (?,?)", (index_key, article_id))

    @staticmethod
    def drop_indexed(db: sqlite3.Connection, index_key: str, article_id: str) -> None:
        db.execute("DELETE FROM chunks WHERE index_key=? AND article_id=?", (index_key, article_id))
        db.execute("DELETE FROM indexed WHERE index_key=? AND article_id=?", (index_key, article_id))
        db.execute("INSERT INTO changes(index_key, article_id) VALUES (?,?)", (index_key, article_id))

    # -- the change log: what the keyword index replays ---------------------------------------------
    def last_change(self) -> int:
        row = self._one("SELECT MAX(seq) AS n FROM changes")
        return int(row["n"] or 0) if row else 0

    def prune_changes(self, index_key: str, applied: int) -> int:
        """Forget this index's changes before `applied` (the last one stays: it numbers the next ones).
        Returns the number of log rows removed."""
        if applied <= 0:
            return 0
        with self.transaction() as db:
            return db.execute("DELETE FROM changes WHERE index_key=? AND seq<?", (index_key, applied)).rowcount

    def changed_since(self, index_key: str, seq: int) -> list[str]:
        """Articles whose chunks in this index changed (added, replaced or dropped) after change `seq`."""
        return [r["article_id"] for r in self._all(
            "SELECT DISTINCT article_id FROM changes WHERE index_key=? AND seq>?", (index_key, seq))]

    def keyword_docs(self, index_key: str, article_ids: list[str] | None = None) -> Iterator[list[sqlite3.Row]]:
        """Batches of (rowid, title, text, day, source) of the index's chunks: of the given articles, or all."""
        base = ('SELECT c.rowid AS rowid, c.article_id, a.title, c.text, a.published, a.source'
                " FROM chunks c JOIN articles a ON a.id=c.article_id WHERE c.index_key=?")
        if article_ids is None:
            last = -1
            while True:
                rows = self._all(base + " AND c.rowid>? ORDER BY c.rowid LIMIT 5000", (index_key, last))
                if not rows:
                    return
                yield rows
                last = rows[-1]["rowid"]
        for b in range(0, len(article_ids), 500):
            part = article_ids[b : b + 500]
            yield self._all(base + f" AND c.article_id IN ({','.join('?' * len(part))})", [index_key, *part])

    def chunk_refs(self, rowids: list[int]) -> dict[int, sqlite3.Row]:
        """rowid -> (id, article_id) of chunks the keyword index returned; missing rowids are gone."""
        out: dict[int, sqlite3.Row] = {}
        for b in range(0, len(rowids), 500):
            part = rowids[b : b + 500]
            for row in self._all(f"SELECT rowid AS rowid, id, article_id FROM chunks WHERE rowid IN"
                                 f" ({','.join('?' * len(part))})", part):
                out[row["rowid"]] = row
        return out

    def chunk_rows(self, index_key: str, chunk_ids: list[str]) -> dict[str, sqlite3.Row]:
        out: dict[str, sqlite3.Row] = {}
        for b in range(0, len(chunk_ids), 500):
            part = chunk_ids[b : b + 500]
            qmarks = ",".join("?" * len(part))
            for row in self._all(
                'SELECT c.id, c.article_id, c.seq, c.start, c."end", c.text, a.title, a.source, a.published, a.url,'
                f" a.hash FROM chunks c JOIN articles a ON a.id=c.article_id WHERE c.index_key=? AND c.id IN ({qmarks})",
                [index_key, *part],
            ):
                out[row["id"]] = row
        return out

    def chunk_events(self, index_key: str, chunk_ids: list[str]) -> dict[str, list[str] | None]:
        """id -> the event dates stored with the chunk (None for chunks stored before event dates were kept)."""
        out: dict[str, list[str] | None] = {}
        for b in range(0, len(chunk_ids), 500):
            part = chunk_ids[b : b + 500]
            for row in self._all(f"SELECT id, events FROM chunks WHERE index_key=? AND id IN ({','.join('?' * len(part))})",
                                 [index_key, *part]):
                out[row["id"]] = json.loads(row["events"]) if row["events"] else None
        return out

    def titles(self, article_ids: list[str]) -> dict[str, str]:
        """id -> title of the given articles."""
        out: dict[str, str] = {}
        for b in range(0, len(article_ids), 500):
            part = article_ids[b : b + 500]
            for r in self._all(f"SELECT id, title FROM articles WHERE id IN ({','.join('?' * len(part))})", part):
                out[r["id"]] = r["title"]
        return out

    def texts(self, article_ids: list[str]) -> dict[str, tuple[str, str]]:
        """id -> (publication date or "", title and text) of the given articles."""
        out: dict[str, tuple[str, str]] = {}
        for b in range(0, len(article_ids), 500):
            part = article_ids[b : b + 500]
            for r in self._all(f"SELECT id, published, title, text FROM articles "
                               f"WHERE id IN ({','.join('?' * len(part))})", part):
                out[r["id"]] = (r["published"] or "", f"{r['title']}\n{r['text']}")
        return out

    # -- meta and stats -----------------------------------------------------------------------------
    def get_meta(self, key: str, default: str = "") -> str:
        row = self._one("SELECT value FROM meta WHERE key=?", (key,))
        return row["value"] if row else default

    @staticmethod
    def set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?,?)", (key, value))

    def bump_generation(self, db: sqlite3.Connection, index_key: str) -> None:
        key = f"generation:{index_key}"
        row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        self.set_meta(db, key, str(int(row["value"]) + 1 if row else 1))

    def generation(self, index_key: str) -> int:
        return int(self.get_meta(f"generation:{index_key}", "0"))

    def stats(self, index_key: str) -> dict[str, Any]:
        row = self._one(
            "SELECT COUNT(*) AS articles, COUNT(DISTINCT story_id) AS stories,"
            " COUNT(DISTINCT CASE WHEN source<>'' THEN source END) AS sources,"
            " MIN(published) AS earliest, MAX(published) AS latest,"
            " SUM(CASE WHEN published IS NULL THEN 1 ELSE 0 END) AS undated FROM articles"
        )
        assert row is not None
        aliases = self._one("SELECT COUNT(*) AS n FROM aliases")
        pending = self._one(f"SELECT COUNT(*) AS n {_PENDING}", (index_key,))
        return {
            "articles": int(row["articles"]),
            "stories": int(row["stories"]),
            "chunks": self.chunk_count(index_key),
            "sources": int(row["sources"]),
            "earliest": row["earliest"],
            "latest": row["latest"],
            "undated": int(row["undated"] or 0),
            "exact_duplicates": int(aliases["n"]) if aliases else 0,
            "near_duplicates": int(row["articles"]) - int(row["stories"]),
            "pending": int(pending["n"]) if pending else 0,  # stored, not yet searchable: the next `newsdesk ingest` finishes them
        }

    def article_texts(self) -> list[tuple[str, str]]:
        """(id, title + text) of every stored article (eval builds unanswerable questions from these)."""
        return [(r["id"], f"{r['title']}\n{r['text']}") for r in self._all("SELECT id, title, text FROM articles")]

    def date_span(self) -> tuple[str | None, str | None]:
        """Earliest and latest publication date (ISO) in the archive."""
        row = self._one("SELECT MIN(published) AS first, MAX(published) AS last FROM articles")
        return (row["first"], row["last"]) if row else (None, None)

    def top_sources(self, limit: int = 50) -> list[tuple[str, int]]:
        return [
            (r["source"], int(r["n"]))
            for r in self._all(
                "SELECT source, COUNT(*) AS n FROM articles WHERE source<>'' GROUP BY source ORDER BY n DESC LIMIT ?",
                (limit,),
            )
        ]

    def sample_titles(self, limit: int = 5) -> list[str]:
        return [r["title"] for r in self._all(
            "SELECT title FROM articles WHERE id=story_id AND title<>'' ORDER BY published DESC LIMIT ?", (limit,))]
