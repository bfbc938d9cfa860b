"""MinHash signatures and the catalog-held LSH that finds near copies (index/dedup.py)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from index.catalog import Catalog
from index.dedup import (
    BANDS,
    NEAR_THRESHOLD,
    ROWS,
    Deduper,
    band_keys,
    from_bytes,
    jaccard,
    signature,
    to_bytes,
)
from index.types import Article

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
    # changing every 50th word breaks 5 of every 50 shingles: a true Jaccard near 0.9 / 1.1 = 0.82
    edited = [w if i % 50 else "changed" for i, w in enumerate(base)]
    assert 0.6 < jaccard(same, signature(" ".join(edited))) < 1.0


def test_copies_at_the_threshold_share_a_band_and_unrelated_articles_do_not() -> None:
    found = 0
    for i in range(30):
        words = _words(400, 10 + i)
        # one word in 40 changed: estimated Jaccard 0.72-0.92, around the 0.8 bar (bands of 11 rows would miss
        # about half of those above it)
        copy = [w if n % 40 else "edited" for n, w in enumerate(words)]
        original, edited = signature(" ".join(words)), signature(" ".join(copy))
        if jaccard(original, edited) >= NEAR_THRESHOLD:
            assert set(band_keys(original)) & set(band_keys(edited))
            found += 1
        assert not set(band_keys(original)) & set(band_keys(signature(" ".join(_words(400, 500 + i)))))
    assert found >= 12  # enough copies at or above the bar to test with


def _article(article_id: str, words: list[str]) -> Article:
    return Article(id=article_id, title="Budget", text=" ".join(words), url=f"https://example.com/{article_id}")


def test_a_copy_finds_its_story_through_the_catalog_in_a_later_run_and_after_its_leader_goes(tmp_path: Path) -> None:
    words = _words(400, 7)
    catalog = Catalog(tmp_path / "catalog.sqlite")
    dedup = Deduper(catalog)
    with catalog.transaction() as db:
        for article in (_article("lead", words), _article("copy", words[:-3])):
            sig = dedup.signature(article)
            story = dedup.find_story(article, sig)
            Catalog.put_article(db, article, story or article.id, article.url, to_bytes(sig))
            Deduper.add(db, article.id, sig)
    assert catalog.story_of("copy") == "lead"  # found inside the transaction that stored the leader
    catalog.close()

    catalog = Catalog(tmp_path / "catalog.sqlite")  # a later run: nothing held in memory
    later = _article("later", words[2:])
    assert Deduper(catalog).find_story(later, signature(later.text)) == "lead"
    assert Deduper(catalog).find_story(_article("other", _words(400, 8)), signature(" ".join(_words(400, 8)))) is None
    with catalog.transaction() as db:
        catalog.remove(db, "lead", "any")
    assert catalog.story_of("copy") == "copy"  # promoted, and found by its own bands
    assert Deduper(catalog).find_story(later, signature(later.text)) == "copy"
    catalog.close()


def test_a_catalog_of_an_earlier_version_gets_its_bands_on_first_use(tmp_path: Path) -> None:
    words = _words(400, 9)
    catalog = Catalog(tmp_path / "catalog.sqlite")
    lead = _article("lead", words)
    with catalog.transaction() as db:  # written as earlier versions did: a MinHash, no bands
        Catalog.put_article(db, lead, "lead", lead.url, to_bytes(signature(lead.text)))
    later = _article("later", words[1:])
    assert Deduper(catalog).find_story(later, signature(later.text)) == "lead"
    assert catalog.get_meta("minhash_bands").endswith(f"{BANDS}x{ROWS}")
    catalog.close()
