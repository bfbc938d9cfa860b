"""Backups of a home: the catalog (SQLite's online backup: a consistent copy while others read), the vectors
(exported from Chroma, so a backup does not depend on Chroma's file layout or mode), the watch state and the
feedback log, with a manifest of counts and checksums. The keyword index is not copied: it is rebuilt from the
catalog. A backup runs as the home's writer (inside a running `serve`, which hands it nothing else meanwhile),
so the catalog and the vectors are of one moment.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from index.catalog import Catalog
from index.errors import InputError, StoreError
from index.settings import Settings
from index.store import VectorStore

FORMAT = 1
_EXTRA = ("feedback.jsonl", "watch/state.json")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def backup(settings: Settings, catalog: Catalog, store: VectorStore, target: Path) -> dict[str, Any]:
    """Write a backup of the home into `target` (a new or empty folder). Returns the manifest."""
    if target.exists() and any(target.iterdir()):
        raise InputError(str(target), "the backup folder is not empty", "give a new folder")
    target.mkdir(parents=True, exist_ok=True)
    target.chmod(0o700)
    with catalog.writes_paused():  # no write between the catalog copy and the vector export
        catalog.backup_to(target / "catalog.sqlite")
        ids = sorted(store.ids())
        rows: list[np.ndarray] = []
        metadatas: list[dict[str, Any]] = []
        for b in range(0, len(ids), 2000):
            got = store.collection.get(ids=ids[b : b + 2000], include=["embeddings", "metadatas"])
            where = {i: n for n, i in enumerate(got["ids"])}  # Chroma does not keep the order asked for
            for i in ids[b : b + 2000]:
                rows.append(np.asarray(got["embeddings"][where[i]], dtype=np.float32))
                metadatas.append(dict(got["metadatas"][where[i]] or {}))
    np.save(target / "vectors.npy", np.stack(rows) if rows else np.zeros((0, 0), dtype=np.float32))
    (target / "vectors.json").write_text(json.dumps({"ids": ids, "metadatas": metadatas}))
    for name in _EXTRA:
        src = settings.home / name
        if src.exists():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target / name)
    copy = Catalog(target / "catalog.sqlite")
    stats = copy.stats(settings.index_key)
    copy.close()
    manifest = {
        "format": FORMAT, "created": time.strftime("%Y-%m-%dT%H:%M:%S"), "index_key": settings.index_key,
        "articles": stats["articles"], "chunks": stats["chunks"], "vectors": len(ids),
        "files": {p.name: _sha256(p) for p in (target / "catalog.sqlite", target / "vectors.npy",
                                               target / "vectors.json")},
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return manifest


def verify(source: Path) -> dict[str, Any]:
    """The manifest of a backup folder, after checking that its files are whole."""
    try:
        manifest = dict(json.loads((source / "manifest.json").read_text()))
    except (OSError, ValueError) as exc:
        raise InputError(str(source), "not a newsdesk backup (no readable manifest.json)",
                         "give the folder `newsdesk backup` wrote") from exc
    if manifest.get("format") != FORMAT:
        raise InputError(str(source), f"backup format {manifest.get('format')} is not {FORMAT}",
                         "restore it with the newsdesk version that wrote it")
    for name, digest in manifest["files"].items():
        path = source / name
        if not path.exists() or _sha256(path) != digest:
            raise InputError(str(path), "missing or damaged (checksum differs from manifest.json)",
                             "use another backup")
    return manifest


def restore(settings: Settings, source: Path, force: bool = False) -> dict[str, Any]:
    """Restore a backup into the home (the caller holds the writer lease). A home that holds articles is
    refused unless `force`; then its state is moved aside into `replaced-<time>/`, never deleted."""
    manifest = verify(source)
    if manifest["index_key"] != settings.index_key:
        raise InputError(str(source), "the backup was made with other embedding or chunk settings",
                         "restore it with the NEWSDESK_EMBED_*/NEWSDESK_CHUNK_* settings it was made with")
    home = settings.ensure_home()
    if settings.catalog_path.exists():
        existing = Catalog(settings.catalog_path)
        n = existing.stats(settings.index_key)["articles"]
        existing.close()
        if n and not force:
            raise InputError(str(home), f"the home already holds {n} articles",
                             "restore into an empty NEWSDESK_HOME, or pass --force to move the current one aside")
    aside = home / f"replaced-{time.strftime('%Y%m%d-%H%M%S')}"
    for name in ("catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm", "chroma", "keywords", "bm25",
                 *_EXTRA):
        if (home / name).exists():
            (aside / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(home / name), str(aside / name))
    shutil.copy2(source / "catalog.sqlite", settings.catalog_path)
    for name in _EXTRA:
        if (source / name).exists():
            (home / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, home / name)
    vectors = np.load(source / "vectors.npy")
    meta = json.loads((source / "vectors.json").read_text())
    store = VectorStore(settings)
    if store.count():
        raise StoreError(f"The Chroma collection {store.name} already holds vectors; restore into a home whose "
                         "Chroma (or Chroma server) has none.")
    for b in range(0, len(meta["ids"]), 2000):
        store.upsert(meta["ids"][b : b + 2000], vectors[b : b + 2000], meta["metadatas"][b : b + 2000])
    catalog = Catalog(settings.catalog_path)
    stats = catalog.stats(settings.index_key)
    got = {"articles": stats["articles"], "chunks": stats["chunks"], "vectors": store.count()}
    catalog.close()
    expected = {k: manifest[k] for k in got}
    if got != expected:
        raise StoreError(f"The restored home holds {got}, the backup says {expected}; the home is left as it is "
                         f"(the previous state is in {aside}).")
    return {**got, "moved_aside": str(aside) if aside.exists() else None}
