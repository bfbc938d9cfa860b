"""Exact and near-duplicate detection: content hashes, URL variants and MinHash LSH over word shingles."""

from __future__ import annotations

import re

import numpy as np

from index.catalog import Catalog
from index.normalize import normalize_url
from index.types import Article

NUM_PERM = 64
SCHEME = "affine32"  # stored signatures depend on it: never change without re-ingesting
NEAR_THRESHOLD = 0.8  # estimated Jaccard of 5-word shingles for syndicated copies
URL_VARIANT_THRESHOLD = 0.5  # same normalised URL: a looser bar


def _shingles(text: str, n: int = 5) -> set[bytes]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < n:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + n]).encode() for i in range(len(words) - n + 1)}


class Deduper:
    """Finds the story an incoming article belongs to, if it is a copy of one already stored."""

    def __init__(self, catalog: Catalog) -> None:
        from datasketch import MinHash, MinHashLSH

        self._MinHash = MinHash
        self.catalog = catalog
        self.lsh = MinHashLSH(threshold=NEAR_THRESHOLD, num_perm=NUM_PERM)
        self._sigs: dict[str, object] = {}
        for article_id, blob in catalog.minhashes():
            self._insert(article_id, self._from_bytes(blob))

    def _from_bytes(self, blob: bytes):  # type: ignore[no-untyped-def]
        return self._MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(blob, dtype=np.uint64).copy(),
                             scheme=SCHEME)

    def _insert(self, article_id: str, sig: object) -> None:
        if article_id in self._sigs:
            self.lsh.remove(article_id)
        self.lsh.insert(article_id, sig)
        self._sigs[article_id] = sig

    def signature(self, article: Article):  # type: ignore[no-untyped-def]
        sig = self._MinHash(num_perm=NUM_PERM, scheme=SCHEME)
        sig.update_batch(list(_shingles(article.text)))
        return sig

    def find_story(self, article: Article, sig) -> str | None:  # type: ignore[no-untyped-def]
        """The story id this article is a near copy of, or None."""
        for other in self.catalog.ids_with_url_key(normalize_url(article.url)):
            if other == article.id:
                continue
            blob = self.catalog.minhash_of(other)
            if blob is not None and sig.jaccard(self._from_bytes(blob)) >= URL_VARIANT_THRESHOLD:
                return self.catalog.story_of(other)
        best, best_sim = None, 0.0
        for other in self.lsh.query(sig):
            if other == article.id:
                continue
            sim = sig.jaccard(self._sigs[other])
            if sim >= NEAR_THRESHOLD and sim > best_sim:
                best, best_sim = other, sim
        return self.catalog.story_of(best) if best else None

    def add(self, article_id: str, sig) -> None:  # type: ignore[no-untyped-def]
        self._insert(article_id, sig)

    @staticmethod
    def to_bytes(sig) -> bytes:  # type: ignore[no-untyped-def]
        return np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()
