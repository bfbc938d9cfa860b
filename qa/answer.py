"""The QA API: ask / stream / chat / search over the archive, in offline (extractive) or LLM mode."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Generator, Iterator
from datetime import date, timedelta
from typing import Any

from index.catalog import Catalog
from index.embed import get_embedder
from index.errors import NewsdeskError
from index.settings import Settings
from index.store import VectorStore
from qa import claims, prompts, stories
from qa import timeline as timelines
from qa.chat import as_turns, condense, needs_context
from qa.citations import Support, check, make_citation, with_markers
from qa.dates import dates_in_question
from qa.evidence import THRESHOLD, Evidence, judge, passes_gate
from qa.extract import score_sentences
from qa.question import QuestionInfo, analysed
from qa.retrieve import Filters, Mode, Retriever, Weights
from qa.stories import Thread
from qa.timeline import Timeline
from qa.types import Answer, Citation, Claim, Passage, Turn, Verification

# "How did X unfold?", "timeline of X": answered as a dated, cited timeline.
TIMELINE_QUESTION = re.compile(r"\bhow (?:did|has|have)\b.*\b(?:unfold|develop|evolve|progress|play out|played out)"
                               r"|\b(?:timeline|chronology) of\b", re.IGNORECASE)


STALE_DAYS = 30  # cited evidence older than this before as_of gets a note
EVENT_LEAD_DAYS = 31  # articles published this long before an asked-about period may preview its events


def _to_date(value: date | str | None, name: str) -> date | None:
    if isinstance(value, date):
        return value
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise NewsdeskError(f"{name}={value!r} is not a date: use YYYY-MM-DD") from exc


def _filters_note(filters: dict[str, Any]) -> str:
    """' Filters in effect: since 2013-01-01; outlets RIA Novosti.' (a forgotten filter must not read as a gap)."""
    since = filters.get("since")
    if filters.get("events_since") and since and str(since) < str(filters["events_since"]):
        since = None  # the lead an event period adds for previews, not a filter anyone set
    active = [f"{name} {value}" for name, value in (("since", since), ("until", filters.get("until")),
                                                     ("as of", filters.get("as_of"))) if value]
    if filters.get("sources"):
        active.append("outlets " + ", ".join(filters["sources"]))
    if filters.get("events_since"):
        active.append(f"events from {filters['events_since']} to {filters['events_until']}")
    return f" Filters in effect: {'; '.join(active)}." if active else ""


def _filters_dict(f: Filters) -> dict[str, Any]:
    """The filters an answer was searched with, as `ask --json` gives them."""
    return {"since": f.since, "until": f.until, "sources": f.sources, "as_of": f.as_of, "recent_to": f.anchor,
            "events_since": f.event_since, "events_until": f.event_until}


def stale_note(answer: Answer, as_of: date | None) -> list[str]:
    """A warning when the newest article an answer cites is much older than the as-of date: later reports
    the archive lacks may have changed the story."""
    dates = [d for d in (c.published_date for c in answer.citations) if d]
    if not answer.answerable or as_of is None or not dates:
        return []
    newest = max(dates)
    gap = (as_of - newest).days
    if gap <= STALE_DAYS:
        return []
    return [f"The newest article cited is from {newest.day} {newest:%B %Y}, {gap} days before the as-of date "
            f"({as_of.day} {as_of:%B %Y}): later reports may have changed this."]


def gap_note(answer: Answer, info: QuestionInfo) -> list[str]:
    """A warning when the passages an answer cites never mention some of the question's key terms (a name, a
    year, a quoted phrase): the answer may be about something other than what was asked ("Whom did Reagan
    nominate ... as Bank of Japan governor?" answered from reports on the Federal Reserve)."""
    if not answer.answerable or not answer.citations:
        return []
    lacking = [t.text for t in info.missing("\n".join(f"{c.title}\n{c.passage or c.quote}" for c in answer.citations))]
    if not lacking:
        return []
    return [f"The cited passages do not mention {_listing(lacking)}: check that they answer the question as asked."]


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _final(items: Iterator[str | Answer]) -> Answer:
    """The Answer that ends a stream."""
    answer: Answer | None = None
    for item in items:
        if isinstance(item, Answer):
            answer = item
    assert answer is not None, "a stream always ends with its Answer"
    return answer


class Newsdesk:
    """Question answering over one archive (one NEWSDESK_HOME).

    >>> desk = Newsdesk()
    >>> a = desk.ask("Why did missile defense talks stall?")
    >>> a.text, a.answerable, a.citations[0].title
    """

    def __init__(self, settings: Settings | None = None, *, weights: Weights | None = None, **overrides: Any):
        self.settings = settings or Settings(**overrides)
        if settings is not None and overrides:
            self.settings = settings.model_copy(update=overrides)
        self.settings.ensure_home()
        self.catalog = Catalog(self.settings.catalog_path)
        self._store: VectorStore | None = None
        self._retriever: Retriever | None = None
        self._weights = weights
        self._llm: Any = None
        self._sentence_cache: dict[str, Any] = {}
        self._span: tuple[int, tuple[int, int] | None] | None = None
        self._lock = threading.Lock()  # one Newsdesk serves every chat user: parts are built once
        self._stats: tuple[float, int, dict[str, Any]] | None = None

    # -- parts, built on first use --------------------------------------------------------------------
    @property
    def retriever(self) -> Retriever:
        with self._lock:
            if self._retriever is None:
                self._store = VectorStore(self.settings)
                self._retriever = Retriever(self.settings, self.catalog, self._store, self._weights)
            return self._retriever

    @property
    def llm(self) -> Any:
        with self._lock:
            if self._llm is None and self.settings.llm_enabled:
                from qa.llm import ChatModel

                self._llm = ChatModel(self.settings)
            return self._llm

    @property
    def mode(self) -> str:
        return "llm" if self.settings.llm_enabled else "extractive"

    def stats(self, max_age_s: float = 10.0) -> dict[str, Any]:
        """Counts and date span; recomputed when the index moved or after max_age_s (the chat shows them)."""
        generation = self.catalog.generation(self.settings.index_key)
        cached = self._stats
        if cached is None or cached[1] != generation or time.monotonic() - cached[0] > max_age_s:
            cached = self._stats = (time.monotonic(), generation, self.catalog.stats(self.settings.index_key))
        return dict(cached[2])

    def sources(self) -> list[str]:
        return [s for s, _ in self.catalog.top_sources(200)]

    # -- filters ------------------------------------------------------------------------------------
    def filters(self, question: str, since: date | str | None = None, until: date | str | None = None,
                sources: list[str] | None = None, as_of: date | str | None = None,
                dates_from_question: bool = True, exclude: list[str] | None = None) -> Filters:
        """The filters for a question. `exclude`: article ids whose stories are treated as absent."""
        f = Filters(_to_date(since, "since"), _to_date(until, "until"), list(sources or []), _to_date(as_of, "as_of"),
                    exclude=frozenset(self.catalog.story_of(a) or a for a in exclude or []))
        if dates_from_question and not (f.since or f.until):
            found = dates_in_question(question, f.as_of or date.today())
            if found is not None and found.relative and self.settings.relative_dates == "rank":
                f.anchor = found.until  # prefer news from around then; older background still counts
            elif found is not None and not found.relative and not found.published and found.since:
                # event time ("what happened in March 2013?"): reported then or later, dated then ranks first
                f.event_since, f.event_until = found.since, found.until
                f.since = found.since - timedelta(days=EVENT_LEAD_DAYS)
            elif found is not None:  # publication time ("news from March 2013"), or relative dates as filters
                f.since, f.until = found.since, found.until
        if f.since and f.until and f.since > f.until:
            raise NewsdeskError(f"since ({f.since}) is after until ({f.until}): swap them")
        return f

    # -- search -------------------------------------------------------------------------------------
    def search(self, query: str, *, k: int | None = None, since: date | str | None = None,
               until: date | str | None = None, sources: list[str] | None = None,
               as_of: date | str | None = None, mode: Mode = "hybrid", rerank: bool = True) -> list[Passage]:
        """Passages only (no answer), best first."""
        if not query.strip():
            raise NewsdeskError("The query is empty: type a question or some words to search for.")
        f = self.filters(query, since, until, sources, as_of)
        return self.retriever.search(query, k or self.settings.top_k, f, mode=mode, rerank=rerank)

    # -- answers ------------------------------------------------------------------------------------
    def ask(self, question: str, **kwargs: Any) -> Answer:
        """Answer a question with citations; `answerable` is False when the archive does not say."""
        return _final(self.stream(question, **kwargs))

    def chat(self, messages: list[Turn] | list[dict[str, str]], **kwargs: Any) -> Answer:
        """Answer the last user message of a conversation (follow-ups are rewritten to stand alone)."""
        return _final(self.chat_stream(messages, **kwargs))

    def chat_stream(self, messages: list[Turn] | list[dict[str, str]], **kwargs: Any) -> Iterator[str | Answer]:
        turns = as_turns(messages)
        if not turns or turns[-1].role != "user":
            raise NewsdeskError("The conversation must end with a user message.")
        question = turns[-1].content
        query = self.standalone(turns)
        yield from self.stream(question, query=query, **kwargs)

    def standalone(self, turns: list[Turn]) -> str:
        """The last question made standalone; a question that stands alone already is never rewritten."""
        if sum(t.role == "user" for t in turns) <= 1 or not needs_context(turns[-1].content):
            return turns[-1].content
        if self.llm is not None:
            history = "\n".join(f"{t.role}: {t.content}" for t in turns[-6:])
            rewritten = self.llm.complete([
                {"role": "system", "content": prompts.CONDENSE_SYSTEM},
                {"role": "user", "content": history},
            ])
            if rewritten:
                return rewritten.splitlines()[0]
        return condense(turns)

    def stream(self, question: str, *, query: str | None = None, k: int | None = None,
               since: date | str | None = None, until: date | str | None = None,
               sources: list[str] | None = None, as_of: date | str | None = None,
               mode: Mode = "hybrid", rerank: bool = True) -> Iterator[str | Answer]:
        """Yield answer text as it is produced (str pieces), then the checked Answer as the last item."""
        if not question.strip():
            raise NewsdeskError("The question is empty: type a question about the archive.")
        query = query or question
        t0 = time.perf_counter()
        f = self.filters(query, since, until, sources, as_of)
        k = k or self.settings.top_k
        retriever = self.retriever
        qvec = retriever.embed_query(query)
        passages = retriever.search(query, k, f, mode=mode, rerank=rerank, query_vec=qvec)
        t_retrieval = (time.perf_counter() - t0) * 1000
        filt = _filters_dict(f)
        base: dict[str, Any] = dict(question=question, query=query, filters=filt, passages=passages)
        if not passages:
            empty = self.stats()["articles"] == 0
            text = prompts.NOT_IN_ARCHIVE + (
                " The archive is empty: add articles with `newsdesk ingest PATH`." if empty else
                " No article matches the question and filters." + _filters_note(filt))
            yield text
            yield Answer(text=text, answerable=False, mode=self.mode,  # type: ignore[arg-type]
                         timings_ms={"retrieval": t_retrieval, "total": (time.perf_counter() - t0) * 1000}, **base)
            return
        if TIMELINE_QUESTION.search(question):  # "how did X unfold?": a dated, cited timeline
            shaped = self._timeline_answer(query, f, qvec, base)
            if shaped is not None:
                yield shaped.text
                shaped.timings_ms = {"retrieval": round(t_retrieval, 1),
                                     "total": round((time.perf_counter() - t0) * 1000, 1)}
                yield shaped
                return
        answer = yield from self._answer_stream(question, query, qvec, passages, base)
        answer.notes += gap_note(answer, analysed(query)) + stale_note(answer, f.as_of)
        answer.timings_ms = {"retrieval": round(t_retrieval, 1), "total": round((time.perf_counter() - t0) * 1000, 1)}
        yield answer

    # -- stories and timelines -----------------------------------------------------------------------
    def story(self, article_id: str) -> Thread:
        """An article's story (syndicated and near-identical copies) and its follow-ups, in order."""
        return stories.thread(self.catalog, self.retriever, article_id)

    def timeline(self, query: str, *, k: int = 30, since: date | str | None = None,
                 until: date | str | None = None, sources: list[str] | None = None,
                 as_of: date | str | None = None, limit: int = timelines.MAX_ENTRIES) -> Timeline:
        """The dated events of a topic in order, one entry per event, each cited; nothing after `as_of`."""
        if not query.strip():
            raise NewsdeskError("The query is empty: name the topic of the timeline.")
        f = self.filters(query, since, until, sources, as_of)
        return self._timeline(query, f, self.retriever.embed_query(query), k, limit)

    def _timeline(self, query: str, f: Filters, qvec: Any, k: int = 30,
                  limit: int = timelines.MAX_ENTRIES) -> Timeline:
        passages = self.retriever.search(query, k, f, query_vec=qvec, per_article=1)
        scored = score_sentences(query, qvec, passages, self._embed_sentences, pairs=0)
        last = date.fromordinal(f.last_day) if f.last_day else None
        return Timeline(query, timelines.build(analysed(query), scored, passages, as_of=last, limit=limit), passages)

    def _timeline_answer(self, query: str, f: Filters, qvec: Any, base: dict[str, Any]) -> Answer | None:
        tl = self._timeline(query, f, qvec)
        if len(tl.entries) < 2:
            return None  # not a story in time: the ordinary answer
        info, ev = self.evidence(query, qvec, base["passages"])
        parts = [Claim(text=f"{e.date}: {e.text}", citations=[c.number for c in e.citations]) for e in tl.entries]
        text = "\n".join(with_markers(c.text, [f"[{n}]" for n in c.citations]) for c in parts)
        return Answer(text=text, answerable=True, citations=[c for e in tl.entries for c in e.citations],
                      mode="extractive", confidence=ev.confidence, claims=parts,
                      signals={**ev.features, "timeline": float(len(tl.entries))},
                      **{**base, "passages": tl.passages})

    def _answer_stream(self, question: str, query: str, qvec: Any, passages: list[Passage],
                       base: dict[str, Any]) -> Generator[str, None, Answer]:
        if self.llm is not None:  # the standalone query: a follow-up alone would lack its context
            return (yield from self._llm_answer(query, passages, base))
        return (yield from self._extractive_answer(query, qvec, passages, base))

    def answer_from(self, question: str, passages: list[Passage], query_vec: Any = None,
                    filters: Filters | None = None) -> Answer:
        """An answer from given passages (used by eval to answer from any retriever's passages); `filters` are
        the ones the passages were searched with (their as_of dates the evidence)."""
        qvec = query_vec if query_vec is not None else self.retriever.embed_query(question)
        base: dict[str, Any] = dict(question=question, query=question, passages=passages,
                                    filters=_filters_dict(filters) if filters is not None else {})
        if not passages:
            return self._refusal(base, self.mode)
        gen = self._answer_stream(question, question, qvec, passages, base)
        while True:
            try:
                next(gen)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]

    def choose(self, question: str, choices: list[str], passages: list[Passage],
               query_vec: Any = None, as_of: date | str | None = None) -> str | None:
        """The option the passages support (multiple-choice question sets): by the LLM when one is configured,
        offline by checking each option as a claim, ties going to the option that the offline answer (as of
        `as_of`) names; "None of the above" when none is supported."""
        return self.chooser(question, passages, query_vec, as_of)(choices) if choices else None

    def chooser(self, question: str, passages: list[Passage], query_vec: Any = None,
                as_of: date | str | None = None) -> Callable[[list[str]], str | None]:
        """`choose` for several option lists of one question (eval asks the options, then the options with
        "None of the above" in place of the accepted one): the passages' sentences are scored and the offline
        answer judged once."""
        if self.llm is None:
            qvec = query_vec if query_vec is not None else self.retriever.embed_query(question)
            scored = score_sentences(question, qvec, passages, self._embed_sentences)
            ev = judge(analysed(question), scored, passages, reference=_to_date(as_of, "as_of"))
            direct = ev.short_answer if ev.chosen and ev.confidence >= THRESHOLD else None
            return lambda choices: claims.choose(question, choices, scored, direct=direct) if choices else None
        return lambda choices: self._llm_choice(question, choices, passages) if choices else None

    def _llm_choice(self, question: str, choices: list[str], passages: list[Passage]) -> str:
        from qa.llm import answer_messages

        sources = answer_messages(question, passages)[1]["content"].split("\n\nQuestion:")[0]
        sources = sources.removeprefix("Sources:\n")
        options = "\n".join(f"- {c}" for c in choices)
        reply: str = self.llm.complete([
            {"role": "system", "content": prompts.CHOICE_SYSTEM},
            {"role": "user", "content": prompts.CHOICE_USER.format(sources=sources, question=question,
                                                                    options=options)},
        ])
        return reply.strip().lstrip("-").strip()

    def verify(self, claim: str, *, k: int | None = None, since: date | str | None = None,
               until: date | str | None = None, sources: list[str] | None = None,
               as_of: date | str | None = None) -> Verification:
        """Does the archive support the claim, contradict it (another number, date or name for the same
        thing), or not mention it? With the passages that say so."""
        if not claim.strip():
            raise NewsdeskError("The claim is empty: type the statement to check.")
        f = self.filters(claim, since, until, sources, as_of, dates_from_question=False)  # dates are the claim's
        qvec = self.retriever.embed_query(claim)
        passages = self.retriever.search(claim, k or self.settings.top_k, f, query_vec=qvec)
        if not passages:
            return Verification(claim, "not_found", 1.0)
        result = claims.verify_claim(claim, score_sentences(claim, qvec, passages, self._embed_sentences),
                                     published=[p.published for p in passages])
        cites = [make_citation(n, passages[s.passage], Support(1.0, s.start, s.end, s.text))
                 for n, s in enumerate(result.sentences, start=1)]
        return Verification(claim, result.verdict, result.confidence, cites, passages, result.note)

    def _embed_sentences(self, texts: list[str]) -> Any:
        """Sentence embeddings with a cache: the same passages come back across questions and configs."""
        import numpy as np

        cache = self._sentence_cache
        found: dict[str, Any] = {t: cache.get(t) for t in dict.fromkeys(texts)}  # another thread may clear it
        missing = [t for t, v in found.items() if v is None]
        if missing:
            fresh = dict(zip(missing, get_embedder(self.settings).embed(missing), strict=True))
            found.update(fresh)
            with self._lock:
                if len(cache) > 50_000:
                    cache.clear()
                cache.update(fresh)
        return np.stack([found[t] for t in texts]) if texts else np.zeros((0, 0), dtype=np.float32)

    def _refusal(self, base: dict[str, Any], mode: str, flagged: list[str] | None = None,
                 text: str = prompts.NOT_IN_ARCHIVE) -> Answer:
        return Answer(text=text, answerable=False, mode=mode,  # type: ignore[arg-type]
                      flagged=flagged or [], **base)

    def _span_years(self) -> tuple[int, int] | None:
        """First and last publication year in the archive (cached per catalog generation)."""
        generation = self.catalog.generation(self.settings.index_key)
        if self._span is None or self._span[0] != generation:
            first, last = self.catalog.date_span()
            years = (int(first[:4]), int(last[:4])) if first and last else None
            self._span = (generation, years)
        return self._span[1]

    def _refusal_text(self, info: QuestionInfo, ev: Evidence | None, filters: dict[str, Any]) -> str:
        """'The archive does not say.' plus, where known, why: years outside the archive, missing terms."""
        span = self._span_years()
        if span and info.years and all(not span[0] <= y <= span[1] for y in info.years):
            years = ", ".join(str(y) for y in info.years)
            return f"{prompts.NOT_IN_ARCHIVE} The archive covers {span[0]} to {span[1]}; nothing from {years}."
        extra = ev.missing if ev is not None and ev.missing else ""
        return f"{prompts.NOT_IN_ARCHIVE} {extra}".strip() + _filters_note(filters)

    def evidence(self, query: str, qvec: Any, passages: list[Passage],
                 reference: date | None = None) -> tuple[QuestionInfo, Evidence]:
        """The question's analysis and the checked evidence for it among the passages; `reference` is the
        date the question is about (the period it names, else as_of), against which evidence can be stale."""
        info = analysed(query)
        scored = score_sentences(query, qvec, passages, self._embed_sentences)
        return info, judge(info, scored, passages, reference=reference)

    def _extractive_answer(self, query: str, qvec: Any, passages: list[Passage],
                           base: dict[str, Any]) -> Generator[str, None, Answer]:
        filters = base["filters"]
        info, ev = self.evidence(query, qvec, passages, filters.get("recent_to") or filters.get("as_of"))
        if not ev.chosen or ev.confidence < THRESHOLD:
            text = self._refusal_text(info, ev, filters)
            yield text
            return Answer(text=text, answerable=False, mode="extractive", confidence=ev.confidence,
                          signals={**ev.features, "evidence": float(bool(ev.chosen))},
                          flagged=[f"not used ({c.why_not}): {c.scored.text[:100]}" for c in ev.considered
                                   if not c.qualifies][:8], **base)
        numbering: dict[tuple[int, int, int], int] = {}
        citations: list[Citation] = []
        parts: list[Claim] = []
        for c in ev.chosen:
            s = c.scored
            key = (s.passage, s.start, s.end)
            if key not in numbering:
                numbering[key] = len(numbering) + 1
                citations.append(make_citation(numbering[key], c.passage, Support(1.0, s.start, s.end, s.text)))
            parts.append(Claim(text=s.text, citations=[numbering[key]], support=1.0))
        if ev.short_answer:  # cited to the sentence that names it
            named = ev.short_from if ev.short_from is not None else ev.chosen[0]
            number = numbering[(named.scored.passage, named.scored.start, named.scored.end)]
            parts.insert(0, Claim(text=ev.short_answer, citations=[number], kind="answer"))
        if ev.earlier is not None:  # "Earlier reports said 12 [2]."
            value, was = ev.earlier
            number = numbering[(was.scored.passage, was.scored.start, was.scored.end)]
            parts.insert(1, Claim(text=f"Earlier reports said {value}", citations=[number], kind="earlier"))
        text = " ".join(with_markers(c.text if c.kind == "evidence" else c.text + ".",
                                     [f"[{n}]" for n in c.citations]) for c in parts)
        yield text
        return Answer(text=text, answerable=True, citations=citations, mode="extractive",
                      confidence=ev.confidence, short_answer=ev.short_answer, claims=parts,
                      signals={**ev.features, "evidence": 1.0}, **base)

    def _llm_answer(self, question: str, passages: list[Passage],
                    base: dict[str, Any]) -> Generator[str, None, Answer]:
        from qa.llm import answer_messages

        raw: list[str] = []
        for piece in self.llm.stream(answer_messages(question, passages, self._span_years())):
            raw.append(piece)
            yield piece
        text = "".join(raw).strip()
        info = analysed(question)
        if not text or prompts.LLM_REFUSAL_TOKEN in text:
            return self._refusal(base, "llm", text=self._refusal_text(info, None, base["filters"]))
        # The same rules as offline answers: a cited passage must mention the question's key terms and years.
        checked = check(text, passages, judge=lambda claim, p: passes_gate(info, p))
        if not checked.citations or not checked.text:
            return self._refusal(base, "llm", checked.flagged, self._refusal_text(info, None, base["filters"]))
        support = [min(1.0, c.support) for c in checked.claims] or [0.0]
        return Answer(text=checked.text, answerable=True, citations=checked.citations, mode="llm",
                      flagged=checked.flagged, claims=checked.claims,
                      confidence=round(sum(support) / len(support), 3), **base)
