"""Talking to an OpenAI-compatible chat server (OpenAI, vLLM, Ollama, llama.cpp) through the openai package."""

from __future__ import annotations

from collections.abc import Iterator

from index.errors import LLMError
from index.remote import connection_errors, make_client
from index.settings import Settings
from qa import prompts
from qa.types import Passage


class ChatModel:
    """Streams and completes chat requests; every failure becomes an LLMError that says what to check."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model = settings.resolved_llm_model
        self.base_url = settings.resolved_llm_base_url
        self._client = make_client(self.base_url, settings.resolved_llm_api_key, settings.llm_timeout,
                                   settings.llm_retries)
        self._errors = connection_errors()

    def _fail(self, exc: BaseException) -> LLMError:
        where = self.base_url or "api.openai.com"
        return LLMError(
            f"The language model at {where} failed ({exc.__class__.__name__}: {exc}). Check that the server is up "
            "and NEWSDESK_LLM_BASE_URL / NEWSDESK_LLM_MODEL / NEWSDESK_LLM_API_KEY are right, or unset them to "
            "answer offline."
        )

    def stream(self, messages: list[dict[str, str]]) -> Iterator[str]:
        try:
            stream = self._client.chat.completions.create(
                model=self.model, messages=messages, stream=True, temperature=0
            )
            received = False
            for event in stream:
                if event.choices and (event.choices[0].finish_reason or event.choices[0].delta):
                    received = True
                if event.choices and event.choices[0].delta and event.choices[0].delta.content:
                    yield event.choices[0].delta.content
        except self._errors as exc:
            raise self._fail(exc) from exc
        if not received:  # a 200 whose body was no event stream (a proxy's error page, say)
            raise self._fail(ValueError("the answer was empty or not an OpenAI-compatible event stream"))

    def complete(self, messages: list[dict[str, str]]) -> str:
        try:
            resp = self._client.chat.completions.create(model=self.model, messages=messages, temperature=0)
        except self._errors as exc:
            raise self._fail(exc) from exc
        return (resp.choices[0].message.content or "").strip()


def fence(text: str) -> str:
    """Article text inside a <source> fence cannot close the fence."""
    return text.replace("</source>", "</ source>").replace("<source", "< source")


def answer_messages(question: str, passages: list[Passage],
                    span: tuple[int, int] | None = None) -> list[dict[str, str]]:
    blocks = [
        prompts.SOURCE_BLOCK.format(
            n=i, title=fence(p.title).replace('"', "'"), source=fence(p.source).replace('"', "'"),
            published=p.published or "undated", text=fence(p.text),
        )
        for i, p in enumerate(passages, start=1)
    ]
    system = prompts.ANSWER_SYSTEM
    if span:
        system += "\n" + prompts.ARCHIVE_SPAN.format(first=span[0], last=span[1])
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": prompts.ANSWER_USER.format(sources="\n\n".join(blocks), question=question)},
    ]
