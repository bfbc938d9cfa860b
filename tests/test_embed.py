"""The bundled embedding model on both runtimes: same vectors, unit length, offline."""

from __future__ import annotations

import numpy as np
import pytest

from index.embed import OnnxMiniLM, get_embedder, openvino_available
from index.settings import Settings

TEXTS = [
    "Russian Defense Minister Sergei Shoigu will meet US Defense Secretary Chuck Hagel in Washington.",
    "Further talks have floundered over NATO's refusal to grant Russia legal guarantees.",
    "The national average gas price fell below $4 per gallon for the first time in five months. " * 6,
]


@pytest.mark.skipif(not openvino_available(), reason="openvino is not installed")
def test_openvino_and_onnxruntime_give_the_same_vectors() -> None:
    fast = OnnxMiniLM(runtime="openvino").embed(TEXTS)
    base = OnnxMiniLM(runtime="onnxruntime").embed(TEXTS)
    assert fast.shape == base.shape == (3, 384)
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-4)
    assert float((fast * base).sum(axis=1).min()) >= 0.999
    assert float(fast[0] @ fast[1]) < 0.9  # different texts stay different


def test_runtime_setting_picks_the_runtime(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_EMBED_RUNTIME", "onnxruntime")
    emb = get_embedder(Settings())
    assert getattr(emb, "runtime", None) == "onnxruntime"
    monkeypatch.setenv("NEWSDESK_EMBED_RUNTIME", "auto")
    assert getattr(get_embedder(Settings()), "runtime", None) == ("openvino" if openvino_available() else "onnxruntime")


@pytest.mark.skipif(not openvino_available(), reason="openvino is not installed")
def test_loading_openvino_sends_no_telemetry() -> None:
    """`import openvino` would send a usage event from a forked process (no opt-out file, not in CI): the
    conversion tools must be left with their telemetry stub, and no process forked."""
    import os
    import subprocess
    import sys

    code = ("import multiprocessing\n"
            "from index.embed import OnnxMiniLM\n"
            "OnnxMiniLM(runtime='openvino').embed(['hello'])\n"
            "import openvino.tools.ovc.telemetry_utils as t\n"
            "print(t.tm.__name__, len(multiprocessing.active_children()))\n")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "TF_BUILD", "JENKINS_URL")}  # CI opts out
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["openvino.tools.ovc.telemetry_stub", "0"]
