"""The one place llama-index is imported: a plain VectorStoreIndex over our Chroma collection (eval baseline)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from index.embed import Embedder
from index.store import VectorStore


def _embedding_adapter(embedder: Embedder) -> Any:
    from llama_index.core.embeddings import BaseEmbedding

    class NewsdeskEmbedding(BaseEmbedding):
        """llama-index wrapper around the same embedder newsdesk ingests with."""

        def _get_query_embedding(self, query: str) -> list[float]:
            return embedder.embed([query])[0].tolist()

        def _get_text_embedding(self, text: str) -> list[float]:
            return embedder.embed([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed(texts).tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    return NewsdeskEmbedding(model_name=embedder.id, embed_batch_size=32)


class LlamaIndexBaseline:
    """llama-index's own retriever over the same collection and embedding model, nothing of ours in between."""

    def __init__(self, store: VectorStore, embedder: Embedder) -> None:
        import contextlib
        import io

        from llama_index.core import Settings as LlamaSettings
        from llama_index.core import VectorStoreIndex
        from llama_index.vector_stores.chroma import ChromaVectorStore

        with contextlib.redirect_stdout(io.StringIO()):  # it prints a notice when told to use no LLM
            LlamaSettings.llm = None  # offline: no LLM is ever loaded for retrieval
        self._index = VectorStoreIndex.from_vector_store(
            ChromaVectorStore(chroma_collection=store.collection), embed_model=_embedding_adapter(embedder)
        )

    def retrieve(self, query: str, k: int, as_of: date | None = None) -> list[tuple[str, float]]:
        """(chunk id, score) best first; `as_of` becomes a llama-index metadata filter on the day."""
        from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters

        filters = None
        if as_of is not None:
            filters = MetadataFilters(filters=[
                MetadataFilter(key="day", value=as_of.toordinal(), operator=FilterOperator.LTE)])
        nodes = self._index.as_retriever(similarity_top_k=k, filters=filters).retrieve(query)
        return [(n.node.node_id, float(n.score or 0.0)) for n in nodes]


@lru_cache(maxsize=1)
def retriever_class() -> Any:
    """A llama-index `BaseRetriever` over any object with newsdesk's `search(query, k=..., **filters)`, returning
    `NodeWithScore`s whose metadata carries the citation fields. Built once, on first use (llama-index is heavy);
    `qa.llama.NewsdeskRetriever` is this class."""
    from llama_index.core.retrievers import BaseRetriever
    from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

    class NewsdeskRetriever(BaseRetriever):
        """newsdesk's news-aware retrieval (hybrid, dated, filtered, one story once) for llama-index pipelines.

        >>> NewsdeskRetriever(Newsdesk(), k=6, as_of="2013-08-31").retrieve("Why did missile defense talks stall?")
        """

        def __init__(self, desk: Any, k: int = 6, **filters: Any) -> None:
            super().__init__()
            self._desk, self._k, self._filters = desk, k, filters

        def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
            out = []
            for n, p in enumerate(self._desk.search(query_bundle.query_str, k=self._k, **self._filters), start=1):
                meta = {key: value for key, value in p.as_dict().items() if key not in ("text", "score")}
                meta.update(number=n, quote=p.text, also_reported_by=[c.get("id", "") for c in p.also_reported_by])
                node = TextNode(id_=p.chunk_id, text=p.text, metadata=meta,
                                excluded_embed_metadata_keys=list(meta), excluded_llm_metadata_keys=["also_reported_by"])
                out.append(NodeWithScore(node=node, score=float(p.score)))
            return out

    return NewsdeskRetriever
