"""Chunking: sentence-aligned, offsets point back into the article text."""

from __future__ import annotations

from index.chunk import chunk_article
from index.sentences import sentence_spans
from index.types import Article


def test_sentence_spans_respect_abbreviations_and_lines() -> None:
    text = "Mr. Smith went to Washington. He met Sen. Jones at 3 p.m. Then he left!\nA new line starts here."
    sents = [text[s:e] for s, e in sentence_spans(text)]
    assert sents[0] == "Mr. Smith went to Washington."
    assert sents[1].startswith("He met Sen. Jones")  # no split after the title "Sen."
    assert sents[-1] == "A new line starts here."
    assert all(text[s:e] == text[s:e].strip() for s, e in sentence_spans(text))
    initials = "Troops left the U.S.A. Tuesday for Washington, D.C. Officials said so. It ended."
    assert [initials[s:e] for s, e in sentence_spans(initials)] == [
        "Troops left the U.S.A. Tuesday for Washington, D.C. Officials said so.", "It ended."]


def test_chunks_cover_the_text_with_exact_offsets_and_overlap() -> None:
    text = " ".join(f"Sentence number {i} says something about topic {i % 7}." for i in range(60))
    art = Article(id="a", title="T", text=text)
    chunks = chunk_article(art, target_chars=300, overlap=1)
    assert len(chunks) > 5
    for c in chunks:
        assert art.text[c.start : c.end] == c.text
        assert len(c.text) <= 300 or c.text.count(".") == 1
    assert chunks[0].start == 0 and chunks[-1].end == len(text)
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert b.start < a.end  # one sentence repeated
    assert len({c.id for c in chunks}) == len(chunks)


def test_chunk_ids_change_when_the_article_changes() -> None:
    a = chunk_article(Article(id="a", title="T", text="One. Two."))
    b = chunk_article(Article(id="a", title="T", text="One. Three."))
    assert a[0].id != b[0].id
