"""newsdesk as a llama-index retriever."""

from __future__ import annotations

from pathlib import Path

from qa import Newsdesk


def test_newsdesk_is_a_llama_index_retriever_with_citation_metadata(sample_home: Path) -> None:
    from llama_index.core.retrievers import BaseRetriever

    from qa.llama import NewsdeskRetriever

    retriever = NewsdeskRetriever(Newsdesk(), k=3, as_of="2013-08-31")
    assert isinstance(retriever, BaseRetriever)
    nodes = retriever.retrieve("Why did missile defense talks stall?")
    assert 1 <= len(nodes) <= 3 and nodes[0].score is not None
    meta = nodes[0].node.metadata
    assert {"number", "article_id", "title", "source", "published", "url", "chunk_id", "quote", "start",
            "end"} <= set(meta)
    assert meta["number"] == 1 and meta["article_id"] == "ria-novosti-2013-08-08" and meta["source"] == "RIA Novosti"
    assert nodes[0].node.get_content() == meta["quote"]
    assert NewsdeskRetriever(Newsdesk(), k=3, until="2012-12-31").retrieve("missile defense") == []
