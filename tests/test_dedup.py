"""MinHash signatures and the LSH that finds near copies (index/dedup.py)."""

from __future__ import annotations

import random

import numpy as np

from index.dedup import _LSH, NEAR_THRESHOLD, from_bytes, jaccard, signature, to_bytes

SENTENCE = "Lenders agreed on Monday to extend the Dome Petroleum debt plan by another month, the company said."


def test_signatures_keep_the_values_stored_by_earlier_versions() -> None:
    # the first values of datasketch 2.0.0's "affine32" MinHash (seed 1, 64 permutations) of this text's 5-word
    # shingles, which catalogs written by earlier versions hold
    assert signature(SENTENCE)[:6].tolist() == [492959722, 579355514, 62314584, 69031914, 441081829, 124115877]
    assert np.array_equal(from_bytes(to_bytes(signature(SENTENCE))), signature(SENTENCE))
    assert len(to_bytes(signature(SENTENCE))) == 64 * 8


def _words(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [f"w{rng.randrange(100_000)}" for _ in range(n)]


def test_the_jaccard_estimate_follows_the_shingle_overlap() -> None:
    base = _words(600, 1)
    same = signature(" ".join(base))
    assert jaccard(same, signature(" ".join(base))) == 1.0
    other = signature(" ".join(_words(600, 2)))
    assert jaccard(same, other) < 0.1
    # changing every 50th word keeps about 0.9^5 ... of the 5-word shingles: clearly similar, not identical
    edited = [w if i % 50 else "changed" for i, w in enumerate(base)]
    assert 0.6 < jaccard(same, signature(" ".join(edited))) < 1.0


def test_the_lsh_finds_copies_at_the_threshold_and_forgets_removed_ones() -> None:
    lsh = _LSH()
    originals = {f"a{i}": _words(400, 10 + i) for i in range(30)}
    for key, words in originals.items():
        lsh.insert(key, signature(" ".join(words)))
    found = 0
    for key, words in originals.items():
        # one word in 40 changed: estimated Jaccard 0.72-0.92, around the 0.8 bar (bands of 11 rows would miss
        # about half of those above it)
        copy = [w if i % 40 else "edited" for i, w in enumerate(words)]
        sig = signature(" ".join(copy))
        if jaccard(sig, signature(" ".join(words))) >= NEAR_THRESHOLD:
            assert key in lsh.query(sig)
            found += 1
    assert found >= 12  # enough copies at or above the bar to test with
    lsh.remove("a0", signature(" ".join(originals["a0"])))
    assert "a0" not in lsh.query(signature(" ".join(originals["a0"])))
    assert lsh.query(signature(" ".join(_words(400, 999)))) == set()
