"""The one place the openai package is imported: clients for OpenAI-compatible servers."""

from __future__ import annotations

from typing import Any

from index.errors import ConfigError


def make_client(base_url: str | None, api_key: str | None, timeout: float = 60.0, retries: int = 2) -> Any:
    """An `openai.OpenAI` client; local servers (vLLM, Ollama, llama.cpp) often need no key. Connection errors,
    timeouts, 408/409/429 and 5xx answers are retried `retries` times with exponential backoff (the openai
    client's own: about 0.5 s, then 1 s, Retry-After honoured), each try bounded by `timeout`."""
    try:
        import openai
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ConfigError("The openai package is missing: pip install newsdesk") from exc
    return openai.OpenAI(base_url=base_url, api_key=api_key or "not-needed", timeout=timeout, max_retries=retries)


def connection_errors() -> tuple[type[BaseException], ...]:
    """Exception types that mean the server failed or could not be reached."""
    import openai

    return (openai.APIError, openai.APIConnectionError, openai.APITimeoutError)
