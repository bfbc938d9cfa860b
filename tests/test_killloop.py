"""A short kill loop in the default run (`make killtest` runs 50 cycles): SIGKILLed ingests, watches and
writing serves lose nothing, duplicate nothing, and a final run leaves the home as a clean ingest would."""

from __future__ import annotations

import pytest

from eval.killloop import SHARED, run

pytestmark = pytest.mark.slow


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not beside the project")
def test_a_short_kill_loop() -> None:
    r = run(cycles=4, n_articles=24, max_delay=5.0, seed=1, progress=False)
    assert r["kills"] >= 1 and r["serve_cycles"] == 1  # one cycle wrote through a `serve --watch`
    assert r["lost"] == 0 and r["duplicated"] == 0
    assert r["same_as_clean"] and r["after"]["integrity"] == "ok" and r["after"]["pending"] == 0
    assert r["ok"], r
