"""Ingestion end to end on a real embedded Chroma: idempotence, updates, removal, duplicates, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.catalog import Catalog
from index.ingest import Indexer, sample_archive
from index.settings import Settings
from index.store import VectorStore
from qa import Newsdesk
from tests.conftest import run_cli

STORY = ("The city council approved a new budget on Monday after a long debate about school funding. "
         "Council members voted seven to two in favour of the plan. The mayor said the budget would hire "
         "forty new teachers and repair three schools. Opponents said the plan raised property taxes too much. "
         "The budget takes effect in July and runs for one year.")


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _chroma_ids(settings: Settings) -> set[str]:
    return set(VectorStore(settings).collection.get(include=[])["ids"])


def test_cli_ingest_stats_show_contract(isolated_home: Path) -> None:
    r = run_cli("ingest", str(sample_archive()))
    assert r.returncode == 0, r.stderr
    assert "added 1" in r.stdout
    stats = json.loads(run_cli("stats", "--json").stdout)
    assert {k: stats[k] for k in ("articles", "stories", "sources", "earliest", "latest")} == {
        "articles": 1, "stories": 1, "sources": 1, "earliest": "2013-08-08", "latest": "2013-08-08"}
    assert isinstance(stats["chunks"], int) and stats["chunks"] >= 2
    shown = json.loads(run_cli("show", "ria-novosti-2013-08-08", "--json").stdout)
    for key in ("id", "title", "source", "published", "url", "authors", "text", "duplicates"):
        assert key in shown
    assert shown["published"].startswith("2013-08-08") and shown["source"] == "RIA Novosti"
    assert "Post a Comment" not in shown["text"]
    missing = run_cli("show", "nope")
    assert missing.returncode == 1 and "No article with id 'nope'" in missing.stderr


def test_reingest_skips_unchanged_articles_without_embedding(isolated_home: Path) -> None:
    indexer = Indexer(Settings())
    first = indexer.ingest([sample_archive()], progress=False)
    assert (first.added, first.chunks) == (1, indexer.catalog.stats(indexer.key)["chunks"])
    second = indexer.ingest([sample_archive()], progress=False)
    assert (second.added, second.skipped, second.chunks, second.embed_seconds) == (0, 1, 0, 0.0)


def test_changed_article_replaces_its_chunks_everywhere(isolated_home: Path, tmp_path: Path) -> None:
    settings = Settings()
    indexer = Indexer(settings)
    path = _write_jsonl(tmp_path / "a.jsonl", [{"id": "a1", "title": "Budget", "text": STORY}])
    indexer.ingest([path], progress=False)
    before = _chroma_ids(settings)
    _write_jsonl(path, [{"id": "a1", "title": "Budget", "text": STORY.replace("seven to two", "eight to one")}])
    report = indexer.ingest([path], progress=False)
    assert report.updated == 1
    after = _chroma_ids(settings)
    assert after and not (before & after)
    assert after == set(indexer.catalog.chunk_ids(indexer.key, "a1"))
    stored = indexer.catalog.get("a1")
    assert stored is not None and "eight to one" in stored.article.text


def test_corrected_metadata_updates_the_index_without_embedding(isolated_home: Path, tmp_path: Path) -> None:
    settings = Settings()
    indexer = Indexer(settings)
    path = _write_jsonl(tmp_path / "a.jsonl", [{"id": "a1", "title": "Budget", "text": STORY, "date": "2021-01-02"}])
    indexer.ingest([path], progress=False)
    _write_jsonl(path, [{"id": "a1", "title": "Budget", "text": STORY, "date": "2022-03-04", "source": "Herald"}])
    report = indexer.ingest([path], progress=False)
    assert (report.updated, report.chunks) == (1, 0)  # nothing re-embedded
    metas = VectorStore(settings).collection.get(include=["metadatas"])["metadatas"]
    assert {m["published"] for m in metas} == {"2022-03-04"} and {m["source"] for m in metas} == {"Herald"}
    assert indexer.catalog.pending(indexer.key) == []
    assert Newsdesk(settings).search("council budget", since="2022-01-01")


def test_remove_deletes_an_article_everywhere(isolated_home: Path, tmp_path: Path) -> None:
    settings = Settings()
    path = _write_jsonl(tmp_path / "a.jsonl", [{"id": "a1", "title": "Budget", "text": STORY},
                                                {"id": "a2", "title": "Other", "text": "Rain fell all week in the valley."}])
    run_cli("ingest", str(path), "-q")
    r = run_cli("remove", "a1", "zzz")
    assert r.returncode == 1 and "no article with id 'zzz'" in r.stderr
    assert Catalog(settings.catalog_path).get("a1") is None
    assert not any(i.startswith("a1:") for i in _chroma_ids(settings))
    found = json.loads(run_cli("search", "council budget teachers", "--json").stdout)
    assert all(p["article_id"] != "a1" for p in found)


def test_exact_and_near_duplicates_become_one_story_with_provenance(isolated_home: Path, tmp_path: Path) -> None:
    rows = [
        {"id": "orig", "title": "Budget", "text": STORY, "url": "https://herald.example/2022/03/09/budget/",
         "source": "Herald"},
        {"id": "exact", "title": "Budget", "text": STORY, "url": "https://mirror.example/budget", "source": "Mirror"},
        {"id": "wire", "title": "Budget passes", "text": STORY.replace("Monday", "Monday evening") + " (AP)",
         "url": "https://post.example/wire/budget", "source": "Post"},
        {"id": "variant", "title": "Budget", "text": STORY + " Updated.",
         "url": "https://www.herald.example/2022/03/09/budget/index.html", "source": "Herald"},
    ]
    indexer = Indexer(Settings())
    report = indexer.ingest([_write_jsonl(tmp_path / "d.jsonl", rows)], progress=False)
    assert (report.added, report.duplicate) == (1, 3)
    stats = indexer.catalog.stats(indexer.key)
    assert (stats["articles"], stats["stories"]) == (3, 1)
    copies = {c["id"]: c for c in indexer.catalog.copies("orig")}
    assert set(copies) == {"exact", "wire", "variant"}
    assert copies["wire"]["source"] == "Post" and copies["exact"]["url"] == "https://mirror.example/budget"
    assert indexer.catalog.pending(indexer.key) == []
    assert {i.split(":")[0] for i in _chroma_ids(indexer.settings)} == {"orig"}  # copies are not indexed twice
    shown = json.loads(run_cli("show", "exact", "--json").stdout)
    assert shown["id"] == "orig"


def test_bad_input_is_reported_per_record_and_the_rest_is_stored(isolated_home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "g1", "text": "Good one."}\n{"id": "g2", "text": "Good two."}\n{"id": "b", "text": \n'
                   '{"id": "g3", "url": "https://example.com/no-text"}\n{"id": "g4", "text": "Good four."}\n')
    r = run_cli("ingest", str(bad), str(tmp_path / "nothing.csv"), "-q")
    assert r.returncode == 1
    assert "bad.jsonl line 3: invalid JSON" in r.stderr and "bad.jsonl line 4: no article text" in r.stderr
    assert "nothing.csv: no such file" in r.stderr
    assert "Traceback" not in r.stderr
    assert "added 3" in r.stdout and "failed 3" in r.stdout
    strict_home = tmp_path / "strict"
    r = run_cli("ingest", "--strict", str(bad), "-q", env={"NEWSDESK_HOME": str(strict_home)})
    assert r.returncode == 1 and "stopped by --strict" in r.stderr and "Traceback" not in r.stderr
    stats = json.loads(run_cli("stats", "--json", env={"NEWSDESK_HOME": str(strict_home)}).stdout)
    assert stats["articles"] == 2  # the records before the bad line are kept and indexed
    assert stats["chunks"] == 2


def test_changed_chunk_settings_never_mix_with_old_chunks(isolated_home: Path) -> None:
    old = Settings()
    Indexer(old).ingest([sample_archive()], progress=False)
    new = Settings(chunk_chars=400)
    assert new.index_key != old.index_key
    new_indexer = Indexer(new)
    assert new_indexer.store.name != VectorStore(old).name
    assert new_indexer.store.count() == 0
    new_indexer.sync(progress=False)  # re-chunks the stored articles into the new collection only
    assert new_indexer.store.count() == new_indexer.catalog.stats(new.index_key)["chunks"] > 3
    assert VectorStore(old).count() == Catalog(old.catalog_path).stats(old.index_key)["chunks"]


def test_interrupted_embedding_loses_nothing_and_resumes(isolated_home: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import index.ingest as ingest_mod

    words = ["harbour", "railway", "festival", "election", "drought", "vaccine", "museum", "bridge", "tariff", "storm"]
    rows = [{"id": f"n{i}", "title": f"Story {i}",
             "text": " ".join(f"The {words[(i + j) % 10]} report number {i * 7 + j} changed plans for district {j}."
                              for j in range(6))} for i in range(40)]
    path = _write_jsonl(tmp_path / "many.jsonl", rows)
    monkeypatch.setattr(ingest_mod, "EMBED_BATCH_CHUNKS", 8)
    settings = Settings()
    indexer = Indexer(settings)
    real_write = indexer._write
    calls = {"n": 0}

    def flaky(items, embedder, report):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real_write(items, embedder, report)

    monkeypatch.setattr(indexer, "_write", flaky)
    with pytest.raises(KeyboardInterrupt):
        indexer.ingest([path], progress=False)
    done = set(Catalog(settings.catalog_path).chunk_ids(indexer.key, "n0"))
    assert done and done <= _chroma_ids(settings)
    unfinished = len(indexer.catalog.pending(indexer.key))
    assert unfinished > 0 and indexer.catalog.stats(indexer.key)["pending"] == unfinished
    monkeypatch.setattr(indexer, "_write", real_write)
    report = indexer.ingest([path], progress=False)
    # the articles the interrupted run left unsearchable are reported as finished, not as skipped
    assert report.finished == unfinished and report.skipped == 40 - unfinished and report.chunks > 0
    assert report.as_dict()["finished"] == unfinished
    stats = indexer.catalog.stats(indexer.key)
    assert stats["articles"] == 40 and stats["pending"] == 0 and indexer.catalog.pending(indexer.key) == []
    assert _chroma_ids(settings) == set(indexer.catalog.all_chunk_ids(indexer.key))


def test_a_bad_byte_costs_one_line_and_a_corrupt_gzip_keeps_what_came_before(isolated_home: Path,
                                                                             tmp_path: Path) -> None:
    import gzip
    import zlib

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_bytes(b'{"id": "u1", "text": "Good one."}\n{"id": "u2", "text": "Bad \xff byte."}\n'
                                     b'{"id": "u3", "text": "Good three."}\n')
    lines = "".join(json.dumps({"id": f"z{i}", "text": f"Archive record number {i} is fine."}) + "\n"
                    for i in range(400))
    packed = bytearray(gzip.compress(lines.encode(), compresslevel=1))
    packed[len(packed) // 2 : len(packed) // 2 + 40] = bytes(40)  # damage inside the stream, not a cut
    (folder / "b.jsonl.gz").write_bytes(bytes(packed))
    (folder / "c.jsonl").write_text('{"id": "c1", "text": "Read after the damaged file."}\n')
    with pytest.raises((zlib.error, OSError, EOFError)):  # the damage is real
        gzip.decompress(bytes(packed))
    r = run_cli("ingest", str(folder), "-q")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "a.jsonl line 2: not UTF-8 (byte 0xff" in r.stderr
    assert "b.jsonl.gz" in r.stderr and "cannot read the file" in r.stderr
    ids = {x["id"] for x in (json.loads(run_cli("show", i, "--json").stdout) for i in ("u1", "u3", "c1"))}
    assert ids == {"u1", "u3", "c1"}


def test_suspicious_records_are_stored_with_warnings_naming_the_line(isolated_home: Path, tmp_path: Path) -> None:
    rows = [
        {"id": "w1", "title": "Headline only", "url": "https://example.com/a"},
        {"id": "w2", "text": "Dated in the far future.", "date": "2999-05-01"},
        {"id": "w3", "text": "Dated vaguely.", "date": "yesterday"},
        {"id": "w4", "text": "A normal article.", "date": "2020-05-01"},
        {"id": "w5", "text": "x" * 2_000_001},
        {"id": "w6", "text": "Dated next century.", "date": "2090-01-01"},
    ]
    path = _write_jsonl(tmp_path / "odd.jsonl", rows)
    r = run_cli("ingest", str(path), "--json")
    out = json.loads(r.stdout)
    assert out["added"] == 5 and out["failed"] == 1 and r.returncode == 1
    assert any("odd.jsonl line 5: article text of 2,000,001 characters is over the limit" in e for e in out["errors"])
    warnings = "\n".join(out["warnings"])
    assert "odd.jsonl line 1: no article text; stored as a headline-only item" in warnings
    assert "odd.jsonl line 2: date 2999-05-01 is in the future; not used" in warnings
    assert "odd.jsonl line 3: date 'yesterday' not understood" in warnings
    assert "odd.jsonl line 6: date 2090-01-01 is in the future; not used" in warnings
    assert "line 4" not in warnings
    shown = json.loads(run_cli("show", "w2", "--json").stdout)
    assert shown["published"] is None
