"""newsdesk inside llama-index pipelines: `NewsdeskRetriever(desk, k=6, **filters)` is a llama-index
`BaseRetriever` whose nodes are newsdesk passages, with the citation fields (`number`, `article_id`, `title`,
`source`, `published`, `url`, `chunk_id`, `quote`, `start`, `end`) in their metadata.

    from qa import Newsdesk
    from qa.llama import NewsdeskRetriever
    nodes = NewsdeskRetriever(Newsdesk(), k=6, as_of="2013-08-31").retrieve("Why did missile defense talks stall?")
"""

from __future__ import annotations

from index.llama import retriever_class

NewsdeskRetriever = retriever_class()

__all__ = ["NewsdeskRetriever"]
