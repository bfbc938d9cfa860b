"""Planted instructions in article text: sentences that address a language model instead of a reader.

Such sentences never count as evidence, in either answer mode, and are never quoted. One pattern per way of
planting them, so each can be tested on its own:
- instructions to drop earlier instructions ("ignore all previous instructions", in several languages);
- role markers that open a fake conversation turn ("SYSTEM:", "<|im_start|>", "[INST]");
- imperatives addressed to an assistant or model ("you must reply", "as an AI", "assistant, say ...");
- demands on the answer's form ("reply only with the word X", "respond with", "output exactly");
- attempts to steer citations or sources ("cite this article as", "do not cite", "always say the source is").
Zero-width characters are removed before matching (they split words to slip past the patterns); text hidden
by HTML styles is dropped by the HTML reader and, if it survives, matched like any other.
"""

from __future__ import annotations

import re

PATTERNS: dict[str, re.Pattern[str]] = {
    "override": re.compile(
        r"\b(ignore|disregard|forget|override|bypass)\s+(all\s+|any\s+|the\s+|your\s+|my\s+|these\s+|those\s+)?"
        r"(previous\s+|prior\s+|above\s+|earlier\s+|preceding\s+|existing\s+|other\s+|system\s+|original\s+)?"
        r"(instructions?|prompts?|rules|guidelines|directions)\b|\bnew (instructions|task)\s*:|\bsystem prompt\b|"
        r"\bignor(?:ez|e[zr]?|a|iere|ieren)\b.{0,40}\b(instructions|instrucciones|istruzioni|anweisungen|"
        r"consignes|regeln)\b|\b(vergiss|oublie[zr]?|olvida)\b.{0,40}\b(anweisungen|instructions|instrucciones)\b",
        re.IGNORECASE),
    "role": re.compile(
        r"(^|[.!?]\s+)\W*(system|assistant|user|developer)\s*:|<\|?(im_start|im_end|system|endoftext)\|?>|\[/?INST\]|"
        r"###\s*(instruction|system|response)\b",
        re.IGNORECASE),
    "address": re.compile(
        r"\b(you are (now|an?|the) ((an?|the) )?(\w+ )?(ai|assistant|language model|chatbot|model)\b|as an ai\b|"
        r"(dear|attention|hey|note to (the )?)\s*(ai|assistant|chatbot|llm|language model|model)s?\b|"
        r"\b(ai|assistant|chatbot|llm|language model)s?\b.{0,15}\b(must|should|shall|will|needs? to|has to|have to)\s+"
        r"(reply|respond|answer|say|output|write|print|repeat|include|state)\b|"
        r"\byou (must|should|shall|have to|need to|are required to) (reply|respond|answer|output|print)\b)",
        re.IGNORECASE),
    "format": re.compile(
        r"\b(reply|respond|answer|output|print|say|write)\s+(only|exactly|solely|just)\s+"
        r"(with|the word|the phrase|the text|in)\b|\b(reply|respond|answer|output)\s+(with|using)\s+"
        r"(only|exactly|just)\b|^\W*(reply|respond|answer) with\b|\boutput exactly\b|"
        r"^\W*(reply|respond|answer|output|print|say|write)\s+(only|exactly|just)\b|"
        r"\bthe (only|correct) answer (is|must be)\b.{0,40}\b(regardless|no matter|always)\b",
        re.IGNORECASE),
    "citation": re.compile(
        r"\b(cite|attribute|credit)\b.{0,30}\b(this|these) (article|source|passage|text)\b.{0,30}\b(as|to)\b|"
        r"\bdo not (cite|mention|quote)\b.{0,20}\b(source|article|passage)s?\b|\bdo not cite\b|"
        r"\balways (say|state|claim) (that )?the source\b|"
        r"\b(treat|consider) (this|the following) (text|passage|article) as (an? )?(instruction|command|system)",
        re.IGNORECASE),
}
# Zero-width characters split words to slip past patterns; they are removed before matching.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def planted(text: str) -> str | None:
    """The name of the first planting pattern the text matches, or None for ordinary prose."""
    text = _ZERO_WIDTH.sub("", text)
    for name, pattern in PATTERNS.items():
        if pattern.search(text):
            return name
    return None
