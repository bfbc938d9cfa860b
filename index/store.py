"""The one place chromadb is imported: the chunk collection, embedded (PersistentClient) or on a server."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from index.errors import ConfigError, StoreError
from index.settings import Settings

log = logging.getLogger(__name__)
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


@dataclass
class Hit:
    id: str
    score: float  # cosine similarity
    metadata: dict[str, Any]


def _client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        parts = urlsplit(settings.chroma_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(
                f"NEWSDESK_CHROMA_URL={settings.chroma_url!r} is not a URL; use http://host:port of `chroma run`."
            )
        try:
            client = chromadb.HttpClient(
                host=parts.hostname,
                port=parts.port or (443 if parts.scheme == "https" else 8000),
                ssl=parts.scheme == "https",
                settings=chroma_settings,
            )
            client.heartbeat()
        except Exception as exc:
            raise StoreError(
                f"The Chroma server at {settings.chroma_url} is not reachable ({exc.__class__.__name__}). "
                "Start it with `chroma run --path DIR --host 127.0.0.1 --port PORT`, or unset NEWSDESK_CHROMA_URL "
                "to use the embedded store."
            ) from exc
        return client
    settings.ensure_home()
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


class VectorStore:
    """The chunk collection of the current index key (embedding model + chunking settings)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = f"newsdesk_{settings.index_key}"
        self._client = _client(settings)
        try:
            self._collection = self._client.get_or_create_collection(
                name=self.name,
                embedding_function=None,
                metadata={"hnsw:space": "cosine", "embedding": settings.embedding_id,
                          "chunk_chars": settings.chunk_chars, "chunk_overlap": settings.chunk_overlap},
            )
        except Exception as exc:
            raise StoreError(f"Cannot open Chroma collection {self.name}: {exc}") from exc

    def _guard(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            where = self.settings.chroma_url or str(self.settings.chroma_path)
            raise StoreError(
                f"Chroma {what} failed at {where} ({exc.__class__.__name__}: {exc}). "
                "If it is a server, check that `chroma run` is up; nothing was half-written."
            ) from exc

    def count(self) -> int:
        return int(self._guard("count", self._collection.count))

    def upsert(self, ids: list[str], embeddings: np.ndarray, metadatas: list[dict[str, Any]]) -> None:
        """Vectors and their filter fields; the text stays in the catalog (the one copy readers use)."""
        for b in range(0, len(ids), 1000):
            self._guard(
                "upsert", self._collection.upsert,
                ids=ids[b : b + 1000], embeddings=embeddings[b : b + 1000], metadatas=metadatas[b : b + 1000],
            )

    def update_metadata(self, ids: list[str], metadatas: list[dict[str, Any]]) -> None:
        for b in range(0, len(ids), 1000):
            if ids[b : b + 1000]:
                self._guard("update", self._collection.update, ids=ids[b : b + 1000],
                            metadatas=metadatas[b : b + 1000])

    def delete(self, ids: list[str]) -> None:
        for b in range(0, len(ids), 1000):
            if ids[b : b + 1000]:
                self._guard("delete", self._collection.delete, ids=ids[b : b + 1000])

    def query(self, embedding: np.ndarray, n: int, where: dict[str, Any] | None = None) -> list[Hit]:
        n = max(1, n)  # Chroma returns what it has; counting first costs a scan of the collection
        res = self._guard(
            "query", self._collection.query,
            query_embeddings=[embedding.tolist()], n_results=n, where=where, include=["metadatas", "distances"],
        )
        return [
            Hit(id=i, score=1.0 - float(d), metadata=dict(m or {}))
            for i, d, m in zip(res["ids"][0], res["distances"][0], res["metadatas"][0], strict=True)
        ]

    def ids(self) -> set[str]:
        """Every chunk id the collection holds (for reconciling it with the catalog)."""
        out: set[str] = set()
        offset = 0
        while True:
            page = self._guard("get", self._collection.get, include=[], limit=10_000, offset=offset)
            out.update(page["ids"])
            if len(page["ids"]) < 10_000:
                return out
            offset += 10_000

    def vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these chunks (ids Chroma does not hold are left out)."""
        if not ids:
            return {}
        res = self._guard("get", self._collection.get, ids=ids, include=["embeddings"])
        return {i: np.asarray(e, dtype=np.float32) for i, e in zip(res["ids"], res["embeddings"], strict=True)}

    @property
    def collection(self) -> Any:
        """The raw chromadb collection (for the llama-index baseline in eval)."""
        return self._collection
