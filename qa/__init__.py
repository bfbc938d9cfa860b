"""Question answering over a newsdesk archive: `from qa import Newsdesk`."""

from index.errors import ConfigError, InputError, LLMError, NewsdeskError, StoreError
from index.settings import Settings
from qa.answer import Newsdesk
from qa.prompts import NOT_IN_ARCHIVE
from qa.types import Answer, Citation, Claim, Passage, Turn, Verification

__all__ = [
    "Answer",
    "Citation",
    "Claim",
    "ConfigError",
    "InputError",
    "LLMError",
    "NOT_IN_ARCHIVE",
    "Newsdesk",
    "NewsdeskError",
    "Passage",
    "Settings",
    "StoreError",
    "Turn",
    "Verification",
]
