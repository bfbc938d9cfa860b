"""The one Settings object: NEWSDESK_ environment variables (or a .env file) -> typed fields."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.errors import ConfigError

DEFAULT_LLM_MODEL = "gpt-4o-mini"


class Settings(BaseSettings):
    """Every knob newsdesk has. Each field is read from `NEWSDESK_<FIELD>`."""

    model_config = SettingsConfigDict(env_prefix="NEWSDESK_", env_file=None, extra="ignore")

    home: Path = Field(
        default_factory=lambda: Path(user_data_dir("newsdesk", appauthor=False)),
        description="Folder holding all state: catalog, Chroma data, BM25 index, feedback, eval runs.",
    )
    chroma_url: str | None = Field(
        default=None,
        description="http://host:port of a Chroma server (`chroma run`); unset: embedded Chroma under home.",
    )
    embed_backend: Literal["onnx", "openai"] = Field(
        default="onnx",
        description="onnx: the bundled offline MiniLM model; openai: an OpenAI-compatible /embeddings server.",
    )
    embed_model: str = Field(
        default="",
        description="Embedding model name for the openai backend (e.g. text-embedding-3-small).",
    )
    embed_base_url: str | None = Field(
        default=None, description="Base URL of the embeddings server; defaults to the LLM base URL."
    )
    embed_api_key: str | None = Field(
        default=None, description="API key of the embeddings server; defaults to the LLM key."
    )
    embed_batch_size: int = Field(default=32, ge=1, description="Passages embedded per batch.")
    embed_threads: int = Field(default=0, ge=0, description="CPU threads for the ONNX model; 0 lets the runtime choose.")
    embed_runtime: Literal["auto", "openvino", "onnxruntime"] = Field(
        default="auto",
        description="Runtime of the bundled model: auto (OpenVINO when installed, else onnxruntime), openvino, "
        "onnxruntime. Both give the same vectors.",
    )
    chunk_chars: int = Field(
        default=1100, ge=200, description="Target chunk length in characters (sentence-aligned)."
    )
    chunk_overlap: int = Field(
        default=1, ge=0, description="Sentences repeated at the start of the next chunk."
    )
    llm_base_url: str | None = Field(
        default=None, description="Base URL of an OpenAI-compatible server (vLLM, Ollama, llama.cpp)."
    )
    llm_model: str | None = Field(default=None, description="Chat model name on that server.")
    llm_api_key: str | None = Field(default=None, description="API key for that server.")
    llm_timeout: float = Field(default=60.0, gt=0, description="Seconds to wait for the LLM.")
    llm_retries: int = Field(
        default=2, ge=0, le=10,
        description="Retries (with exponential backoff) of a failed, timed-out or rate-limited (429) request to the "
        "LLM or embeddings server.",
    )
    top_k: int = Field(default=6, ge=1, le=50, description="Passages given to the answer step.")
    max_chunks_per_article: int = Field(
        default=2, ge=1, description="Cap on passages from one article, so answers draw on several."
    )
    relative_dates: Literal["rank", "filter"] = Field(
        default="rank",
        description="Relative dates in questions ('this week', 'recently'): rank news near that time first, or "
        "filter to that window. Absolute dates ('in August 2013') are always filters.",
    )
    auth: str | None = Field(
        default=None,
        description="user:password, or the path of a file of such lines, required by `serve` off loopback.",
    )
    serve_workers: int = Field(
        default=8, ge=1, le=64, description="Questions `serve` answers at the same time (the rest queue).",
    )
    writer_wait_s: float = Field(
        default=3600.0, ge=0,
        description="Seconds an ingest or remove waits for another process writing to the same home.",
    )

    # -- derived values -------------------------------------------------------------------------
    @property
    def llm_enabled(self) -> bool:
        """True when an LLM is configured (NEWSDESK_LLM_* or the OPENAI_* fallbacks)."""
        return bool(self.resolved_llm_base_url or self.resolved_llm_api_key)

    @property
    def resolved_llm_base_url(self) -> str | None:
        return self.llm_base_url or os.environ.get("OPENAI_BASE_URL") or None

    @property
    def resolved_llm_api_key(self) -> str | None:
        return self.llm_api_key or os.environ.get("OPENAI_API_KEY") or None

    @property
    def resolved_llm_model(self) -> str:
        return self.llm_model or DEFAULT_LLM_MODEL

    @property
    def embedding_id(self) -> str:
        if self.embed_backend == "onnx":
            return "all-MiniLM-L6-v2-int8"
        if not self.embed_model:
            raise ConfigError(
                "NEWSDESK_EMBED_BACKEND=openai needs NEWSDESK_EMBED_MODEL (e.g. text-embedding-3-small)."
            )
        return f"openai:{self.embed_model}"

    @property
    def index_key(self) -> str:
        """Names the chunk collection: changes whenever the embedding model or chunking changes."""
        spec = f"{self.embedding_id}|chars={self.chunk_chars}|overlap={self.chunk_overlap}|v1"
        return hashlib.sha1(spec.encode()).hexdigest()[:10]

    @property
    def catalog_path(self) -> Path:
        return self.home / "catalog.sqlite"

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def keyword_dir(self) -> Path:
        return self.home / "keywords" / self.index_key

    @property
    def feedback_path(self) -> Path:
        return self.home / "feedback.jsonl"

    def ensure_home(self) -> Path:
        """The home, created user-only (0700) when it does not exist: it holds the archive and the feedback log."""
        try:
            self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                f"Cannot create NEWSDESK_HOME {self.home}: {exc}. Set NEWSDESK_HOME to a writable folder."
            ) from exc
        return self.home
