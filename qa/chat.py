"""Follow-up questions -> standalone queries (deterministic, or by the LLM when one is configured)."""

from __future__ import annotations

import re

from qa.types import Turn
from qa.words import content_words

_CONTINUES = re.compile(r"^\s*(and|but|also|so|what about|how about|what else|then)\b", re.IGNORECASE)
_REFERS_BACK = re.compile(r"\b(it|its|they|them|their|he|she|him|his|her)\b", re.IGNORECASE)


def needs_context(question: str) -> bool:
    """A follow-up ("and what about Poland?", "why did he resign?", "why?") rather than a question that
    stands alone ("Why did missile defense talks stall?"), which is never rewritten."""
    if _CONTINUES.search(question):
        return True
    return len(content_words(question)) < 3 or bool(_REFERS_BACK.search(question))


def as_turns(messages: list[Turn] | list[dict[str, str]] | list[tuple[str, str]]) -> list[Turn]:
    """Accept Turns, {'role','content'} dicts (OpenAI/Gradio style) or (role, content) pairs."""
    turns: list[Turn] = []
    for m in messages:
        if isinstance(m, Turn):
            turns.append(m)
        elif isinstance(m, dict):
            content = m.get("content", "")
            if isinstance(content, list):  # Gradio multimodal content
                content = " ".join(str(c.get("text", "")) if isinstance(c, dict) else str(c) for c in content)
            turns.append(Turn("user" if m.get("role") == "user" else "assistant", str(content)))
        else:
            pair_role, content = m
            turns.append(Turn("user" if pair_role == "user" else "assistant", str(content)))
    return turns


def condense(turns: list[Turn]) -> str:
    """The last user message made standalone by carrying over the topic words of earlier questions."""
    users = [t.content for t in turns if t.role == "user"]
    if not users:
        return ""
    question = users[-1].strip()
    if len(users) == 1 or not needs_context(question):
        return question
    seen = set(content_words(question))
    carried: list[str] = []
    for previous in reversed(users[:-1]):
        for word in re.findall(r"[A-Za-z0-9][\w'-]*", previous):
            stems = content_words(word)
            if stems and not stems & seen:
                carried.append(word)
                seen |= stems
        if len(carried) >= 6:
            break
    if not carried:
        return question
    cleaned = re.sub(r"^\s*(and|but|also|so)\s+", "", question, flags=re.IGNORECASE)
    cleaned = cleaned[:1].upper() + cleaned[1:]
    return f"{cleaned} ({' '.join(carried[:8])})"
