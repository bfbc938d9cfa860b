"""The one place llama-index is imported: a plain VectorStoreIndex over our Chroma collection (eval baseline)."""

from __future__ import annotations

from datetime import date
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
