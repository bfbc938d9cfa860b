"""The errors newsdesk raises; every message says what to do next.

- NewsdeskError: base class; the CLI prints its message and exits 1, the UI shows it as a chat message.
- InputError: one bad file or record; names the file and the line or record number.
- ConfigError: a setting is missing or wrong; names the NEWSDESK_ variable to fix.
- StoreError: the Chroma store or the catalog cannot be reached or is inconsistent.
- LLMError: the configured OpenAI-compatible server failed or cannot be reached.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base class of every error newsdesk raises on purpose."""


class InputError(NewsdeskError):
    """A file or record that cannot be read; `where` is 'file line N' or 'file record N'."""

    def __init__(self, where: str, problem: str, hint: str = "") -> None:
        self.where = where
        self.problem = problem
        self.hint = hint
        text = f"{where}: {problem}"
        if hint:
            text += f" ({hint})"
        super().__init__(text)


class ConfigError(NewsdeskError):
    """A setting is missing or invalid."""


class StoreError(NewsdeskError):
    """The vector store or the catalog cannot be used."""


class LLMError(NewsdeskError):
    """The configured language model server failed."""
