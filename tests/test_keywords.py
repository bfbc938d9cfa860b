"""The keyword index follows the catalog incrementally, survives a crash between the two, and filters by the
one rule (dates, outlets, excluded stories)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from index.catalog import Catalog
from index.filters import Filters
from index.ingest import Indexer
from index.keywords import KeywordIndex, query_terms
from index.settings import Settings


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


BRIDGE_AND_CANAL = [
    {"id": "x", "title": "Bridge", "published": "2021-01-01", "text": "The old bridge was closed for repairs."},
    {"id": "y", "title": "Canal", "published": "2021-01-01", "text": "The canal was drained for inspection."},
]


def _articles(settings: Settings, index: KeywordIndex, query: str, filters: Filters | None = None) -> list[str]:
    catalog = Catalog(settings.catalog_path)
    refs = catalog.chunk_refs([h.rowid for h in index.search(query, 50, filters)])
    return [r["article_id"] for r in refs.values()]


def test_query_terms_drop_stop_words_and_stem_as_the_index_does() -> None:
    assert query_terms("Why did the missile defense talks stall?") == ["missil", "defens", "talk", "stall"]
    # a wire's shorthand ("3RD QTR SHR") is searched for with the words a question spells out, and the other way
    assert query_terms("third quarter earnings per share") == [
        "third", "quarter", "earn", "per", "share", "3rd", "qtr", "shr"]
    assert query_terms("net 5 mln dlrs") == ["net", "5", "mln", "dlrs", "million", "dollar"]


def test_adding_an_article_replays_only_that_article(tmp_path: Path) -> None:
    settings = Settings()
    rows = [{"id": f"a{i}", "title": f"Harbour report {i}", "published": "2021-03-01",
             "text": f"The harbour board met on day {i} and discussed dredging."} for i in range(5)]
    indexer = Indexer(settings)
    indexer.ingest([_write(tmp_path / "a.jsonl", rows)], progress=False)
    index = indexer.keywords
    before = index.applied
    assert before == indexer.catalog.last_change() and index.size == 5

    _write(tmp_path / "b.jsonl", [{"id": "new", "title": "Lighthouse", "published": "2021-03-02",
                                   "text": "The lighthouse keeper retired after forty years."}])
    replayed: list[int] = []
    real = index.catch_up

    def spy(catalog: Catalog, key: str) -> int:
        replayed.append(real(catalog, key))
        return replayed[-1]

    index.catch_up = spy  # type: ignore[method-assign]
    indexer.ingest([tmp_path / "b.jsonl"], progress=False)
    assert replayed == [1]  # one article replayed, not the archive rebuilt
    assert index.size == 6 and index.applied > before
    assert _articles(settings, index, "lighthouse keeper") == ["new"]
    # the writer prunes the change log up to what the keyword index applied: the log does not grow forever
    log = indexer.catalog._all("SELECT seq FROM changes")
    assert [r["seq"] for r in log] == [index.applied] == [indexer.catalog.last_change()]


def test_a_crash_before_the_keyword_commit_is_replayed_by_the_next_reader(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qa import Newsdesk

    settings = Settings()
    Indexer(settings).ingest([_write(tmp_path / "a.jsonl", [
        {"id": "old", "title": "Ferry", "published": "2021-01-01", "text": "The ferry service was suspended."}])],
        progress=False)

    def crash(self: KeywordIndex, catalog: Catalog, key: str) -> int:
        raise KeyboardInterrupt  # the process dies after the catalog commit, before the keyword commit

    monkeypatch.setattr(KeywordIndex, "catch_up", crash)
    with pytest.raises(KeyboardInterrupt):
        Indexer(settings).ingest([_write(tmp_path / "b.jsonl", [
            {"id": "new", "title": "Tram", "published": "2021-01-02", "text": "The tram line reopened downtown."}])],
            progress=False)
    monkeypatch.undo()
    monkeypatch.setenv("NEWSDESK_HOME", str(settings.home))
    hits = Newsdesk().retriever.search("tram line reopened", k=3, mode="bm25")
    assert [p.article_id for p in hits] == ["new"]


def test_removed_and_updated_articles_leave_the_keyword_index(tmp_path: Path) -> None:
    settings = Settings()
    indexer = Indexer(settings)
    indexer.ingest([_write(tmp_path / "a.jsonl", BRIDGE_AND_CANAL)],
        progress=False)
    indexer.remove(["x"])
    assert _articles(settings, indexer.keywords, "bridge closed repairs") == []
    indexer.ingest([_write(tmp_path / "b.jsonl", [
        {"id": "y", "title": "Canal", "published": "2021-01-01", "text": "The canal was refilled with water."}])],
        progress=False)
    assert _articles(settings, indexer.keywords, "canal drained inspection") == ["y"]  # via "canal" only
    assert _articles(settings, indexer.keywords, "drained inspection") == []
    assert _articles(settings, indexer.keywords, "refilled water") == ["y"]


def test_keyword_filters_follow_the_one_rule(tmp_path: Path) -> None:
    settings = Settings()
    rows = [
        {"id": "in", "title": "Budget vote", "source": "Daily Post", "published": "2021-06-01",
         "text": "The budget vote passed."},
        {"id": "early", "title": "Budget vote", "source": "Daily Post", "published": "2020-06-01",
         "text": "An earlier budget vote failed."},
        {"id": "other", "title": "Budget vote", "source": "Evening Star", "published": "2021-06-01",
         "text": "The budget vote, another outlet."},
        {"id": "undated", "title": "Budget vote", "source": "Daily Post", "text": "A budget vote, no date."},
    ]
    indexer = Indexer(settings)
    indexer.ingest([_write(tmp_path / "a.jsonl", rows)], progress=False)
    index = indexer.keywords
    cases = [
        Filters(),
        Filters(since=date(2021, 1, 1)),
        Filters(sources=["DAILY POST"]),
        Filters(as_of=date(2021, 1, 1), sources=["daily post"]),
        Filters(exclude=frozenset({"in", "other"})),
    ]
    meta = {r["id"]: r for r in rows}
    for f in cases:
        expected = {a for a, r in meta.items() if f.allows(
            date.fromisoformat(r["published"]).toordinal() if "published" in r else -1, r["source"], a)}
        assert set(_articles(settings, index, "budget vote", f)) == expected, f
    assert set(_articles(settings, index, "budget vote", Filters(as_of=date(2021, 1, 1)))) == {"early", "undated"}


def test_ingest_reconciles_chroma_with_the_catalog(tmp_path: Path) -> None:
    import numpy as np

    settings = Settings()
    indexer = Indexer(settings)
    indexer.ingest([_write(tmp_path / "a.jsonl", BRIDGE_AND_CANAL)],
        progress=False)
    # a crash between the Chroma upsert and the catalog commit leaves vectors the catalog does not know
    indexer.store.upsert(["ghost:0"], np.ones((1, 384), dtype=np.float32) / np.sqrt(384), [{"article_id": "ghost"}])
    report = Indexer(settings).ingest([tmp_path / "a.jsonl"], progress=False)
    assert report.chunks == 0 and "ghost:0" not in indexer.store.ids()
    # vectors lost from Chroma: their articles are embedded again
    lost = indexer.catalog.chunk_ids(settings.index_key, "y")
    indexer.store.delete(lost)
    report = Indexer(settings).ingest([tmp_path / "a.jsonl"], progress=False)
    assert report.chunks == len(lost)
    assert indexer.store.ids() == set(indexer.catalog.all_chunk_ids(settings.index_key))
