"""Exact and near-duplicate detection: content hashes, URL variants and MinHash LSH over word shingles.

The MinHash is written here with numpy (64 permutations h -> a*h + b mod 2^32 of the SHA-1 of each 5-word
shingle, pre-mixed with the MurmurHash3 finalizer): the same values datasketch's "affine32" scheme gives, so
signatures stored by earlier versions still compare, without the second of SciPy import that came with it.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3

import numpy as np

from index.catalog import Catalog
from index.normalize import normalize_url
from index.types import Article

NUM_PERM = 64
SCHEME = "affine32"  # stored signatures depend on it: never change without re-ingesting
SEED = 1
NEAR_THRESHOLD = 0.8  # estimated Jaccard of 5-word shingles for syndicated copies
URL_VARIANT_THRESHOLD = 0.5  # same normalised URL: a looser bar
# LSH bands of rows: a pair at Jaccard 0.8 shares a band with probability 1 - (1 - 0.8^5)^12 = 0.991 (0.9997
# at 0.85), a pair at 0.3 with 0.03; every candidate is then checked on the whole signature.
BANDS, ROWS = 12, 5

Signature = np.ndarray  # NUM_PERM uint32 minimum hash values


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)  # odd: a bijection
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


_A, _B = _permutations()


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (uint32 arithmetic wraps, as it should)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _shingles(text: str, n: int = 5) -> set[bytes]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < n:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + n]).encode() for i in range(len(words) - n + 1)}


def signature(text: str) -> Signature:
    shingles = _shingles(text)
    hv = np.fromiter((int.from_bytes(hashlib.sha1(s).digest()[:4], "little") for s in shingles),
                     dtype=np.uint32, count=len(shingles))
    with np.errstate(over="ignore"):
        return (_fmix32(hv)[:, None] * _A + _B).min(axis=0)


def jaccard(a: Signature, b: Signature) -> float:
    """The estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def to_bytes(sig: Signature) -> bytes:
    return sig.astype(np.uint64).tobytes()  # stored as 64-bit values, as earlier versions did


def from_bytes(blob: bytes) -> Signature:
    return np.frombuffer(blob, dtype=np.uint64).astype(np.uint32)


def band_keys(sig: Signature) -> list[int]:
    """The signature's LSH bands, each as a stable signed 64-bit key (band number and values hashed)."""
    return [int.from_bytes(hashlib.blake2b(bytes([i]) + sig[i * ROWS : (i + 1) * ROWS].tobytes(),
                                           digest_size=8).digest(), "little", signed=True) for i in range(BANDS)]


class Deduper:
    """Finds the story an incoming article belongs to, if it is a copy of one already stored. The LSH bands live
    in the catalog (`minhash_bands`), written with the article in one transaction: nothing is loaded into memory,
    so adding one article costs the same in a small archive and a large one."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        layout = f"{SCHEME}:{NUM_PERM}:{BANDS}x{ROWS}"
        if catalog.get_meta("minhash_bands") != layout:  # a catalog of an earlier version, or other bands
            with catalog.transaction() as db:
                Catalog.clear_bands(db)
                for article_id, blob in catalog.minhashes():
                    Catalog.put_bands(db, article_id, band_keys(from_bytes(blob)))
                Catalog.set_meta(db, "minhash_bands", layout)

    @staticmethod
    def signature(article: Article) -> Signature:
        return signature(article.text)

    def find_story(self, article: Article, sig: Signature) -> str | None:
        """The story id this article is a near copy of, or None."""
        for other in self.catalog.ids_with_url_key(normalize_url(article.url)):
            if other == article.id:
                continue
            blob = self.catalog.minhash_of(other)
            if blob is not None and jaccard(sig, from_bytes(blob)) >= URL_VARIANT_THRESHOLD:
                return self.catalog.story_of(other)
        best, best_sim = None, 0.0
        for other, blob in self.catalog.story_leaders_in_bands(band_keys(sig)):
            if other == article.id:
                continue
            sim = jaccard(sig, from_bytes(blob))
            if sim >= NEAR_THRESHOLD and sim > best_sim:
                best, best_sim = other, sim
        return self.catalog.story_of(best) if best else None

    @staticmethod
    def add(db: sqlite3.Connection, article_id: str, sig: Signature) -> None:
        """Record a stored article's bands (inside the transaction that stored it)."""
        Catalog.put_bands(db, article_id, band_keys(sig))

    to_bytes = staticmethod(to_bytes)
