"""Offline question answering on the bundled sample archive: answers, refusals, filters, chat, CLI JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from qa import NOT_IN_ARCHIVE, Newsdesk, NewsdeskError
from qa.dates import dates_in_question
from tests.conftest import run_cli

CITATION_KEYS = {"number", "article_id", "title", "source", "published", "url", "chunk_id", "quote", "start", "end"}


def test_design_question_is_answered_with_natos_refusal_citing_ria_novosti(sample_home: Path) -> None:
    a = Newsdesk().ask("Why did missile defense talks stall?")
    assert a.answerable and a.mode == "extractive"
    assert "NATO’s refusal to grant Russia legal guarantees" in a.text
    assert a.citations and all(c.source == "RIA Novosti" and c.published == "2013-08-08" for c in a.citations)
    article = Newsdesk().catalog.get("ria-novosti-2013-08-08")
    assert article is not None
    for c in a.citations:
        assert article.article.text[c.start : c.end] == c.quote  # offsets point at the quoted words
        assert f"[{c.number}]" in a.text


def test_offline_answers_never_repeat_a_sentence(sample_home: Path) -> None:
    from index.sentences import split_sentences

    for q in ("Who is Russia's defense minister?", "Why did missile defense talks stall?", "What about Poland?"):
        a = Newsdesk().ask(q)
        sentences = split_sentences(a.text)
        assert len(sentences) == len(set(sentences))
        assert sum(c.kind == "evidence" for c in a.claims) <= 4  # plus, for factoids, the one-line answer


@pytest.mark.parametrize("question", ["Who won the 2022 FIFA World Cup final?", "How many people live in Tokyo?",
                                      "What did the Federal Reserve decide about interest rates?"])
def test_questions_the_archive_cannot_answer_are_refused(sample_home: Path, question: str) -> None:
    a = Newsdesk().ask(question)
    assert not a.answerable and a.text.startswith(NOT_IN_ARCHIVE) and a.citations == []
    assert a.confidence < 0.5
    assert a.passages  # the closest passages are still shown


def test_filters_restrict_what_is_retrieved(sample_home: Path) -> None:
    desk = Newsdesk()
    q = "Why did missile defense talks stall?"
    assert desk.search(q, since="2013-08-01", until="2013-08-31")
    assert desk.search(q, since="2014-01-01") == []
    assert desk.search(q, as_of="2013-08-07") == []
    assert desk.search(q, sources=["ria novosti"]) and desk.search(q, sources=["CNN"]) == []
    refused = desk.ask(q, as_of="2013-01-01")
    assert not refused.answerable and refused.passages == []
    with pytest.raises(NewsdeskError, match="is not a date"):
        desk.ask(q, since="last tuesday")


def test_dates_written_in_questions_become_filters(sample_home: Path) -> None:
    assert dates_in_question("What happened in August 2013?", date(2020, 1, 1)).since == date(2013, 8, 1)  # type: ignore[union-attr]
    week = dates_in_question("Who resigned this week?", date(2020, 3, 13))
    assert week is not None and (week.since, week.until) == (date(2020, 3, 6), date(2020, 3, 13))
    assert dates_in_question("Who is the president?", date(2020, 1, 1)) is None
    both = dates_in_question("Bacteria was found in 2019 and 2020. Where is the plant?", date(2022, 5, 19))
    assert both is not None and (both.since, both.until) == (date(2019, 1, 1), date(2020, 12, 31))  # not 2019 alone
    span = dates_in_question("Which articles from 2010 to 2012 cover Greece?", date(2022, 5, 19))
    assert span is not None and (span.since, span.until, span.published) == (date(2010, 1, 1), date(2012, 12, 31), True)
    desk = Newsdesk()
    assert desk.ask("What did NATO refuse in August 2013?").answerable
    assert not desk.ask("What did NATO refuse in August 2015?").answerable
    # relative dates rank by closeness to that time unless they are asked to filter
    ranked = desk.filters("What did NATO refuse this week?", as_of="2014-06-01")
    assert (ranked.since, ranked.anchor) == (None, date(2014, 6, 1))
    assert desk.search("What did NATO refuse this week?", as_of="2014-06-01")
    strict = Newsdesk(relative_dates="filter")
    assert strict.filters("What did NATO refuse this week?", as_of="2014-06-01").since == date(2014, 5, 25)
    assert strict.search("What did NATO refuse this week?", as_of="2014-06-01") == []


def test_follow_up_questions_are_rewritten_from_the_conversation(sample_home: Path) -> None:
    desk = Newsdesk()
    first = desk.chat([{"role": "user", "content": "Why did missile defense talks stall?"}])
    follow = desk.chat([
        {"role": "user", "content": "Why did missile defense talks stall?"},
        {"role": "assistant", "content": first.text},
        {"role": "user", "content": "and what did they say about Poland?"},
    ])
    assert follow.query != "and what did they say about Poland?"
    assert "missile" in follow.query.lower() and "poland" in follow.query.lower()
    assert follow.answerable and "Poland" in follow.text


def test_a_question_that_stands_alone_is_never_rewritten(sample_home: Path) -> None:
    from qa.chat import needs_context

    desk = Newsdesk()
    history = [{"role": "user", "content": "Who won the 1998 World Cup?"},
               {"role": "assistant", "content": "The archive does not say."},
               {"role": "user", "content": "Why did missile defense talks stall?"}]
    a = desk.chat(history)
    assert a.query == "Why did missile defense talks stall?"
    assert "NATO’s refusal to grant Russia legal guarantees" in a.text
    assert needs_context("why?") and needs_context("And Poland?") and needs_context("Why did he resign?")
    assert not needs_context("What did NATO decide about missile defense this week?")


def test_cli_ask_and_search_json_contract(sample_home: Path) -> None:
    r = run_cli("ask", "Why did missile defense talks stall?", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert isinstance(data["text"], str) and data["answerable"] is True
    assert data["citations"] and set(data["citations"][0]) >= CITATION_KEYS
    r = run_cli("search", "missile defense", "--json")
    passages = json.loads(r.stdout)
    assert passages and CITATION_KEYS | {"score"} <= set(passages[0])
    r = run_cli("ask", "Why did missile defense talks stall?", "--since", "2099-01-01")
    assert r.returncode == 0 and NOT_IN_ARCHIVE in r.stdout
    r = run_cli("ask", "x", "--since", "yesterday")
    assert r.returncode == 2 and "not a date" in r.stderr


def test_terminal_chat_keeps_context(sample_home: Path) -> None:
    r = run_cli("chat", input="Why did missile defense talks stall?\nand what about Poland?\n\n")
    assert r.returncode == 0, r.stderr
    assert "legal guarantees" in r.stdout and "(searched:" in r.stdout and "Poland" in r.stdout


def test_empty_archive_says_how_to_ingest(isolated_home: Path) -> None:
    a = Newsdesk().ask("Anything?")
    assert not a.answerable and "newsdesk ingest" in a.text


def test_restrictive_filters_fall_back_to_a_chroma_where_query(isolated_home: Path, tmp_path: Path) -> None:
    from index.ingest import Indexer
    from index.settings import Settings
    from qa.retrieve import Filters

    topics = ["harbour", "railway", "festival", "election", "drought", "vaccine", "museum", "bridge", "tariff",
              "storm", "orchestra", "glacier"]
    rows = [{"id": f"new{i}", "title": f"Council debates the {t}", "published": "2020-05-01",
             "text": f"The council debated the {t} plan for hours. Members of the council voted on the {t}."}
            for i, t in enumerate(topics)]
    rows.append({"id": "old", "title": "Farm prices", "published": "2010-01-01",
                 "text": "Wheat prices rose sharply at the market. Farmers welcomed the rise."})
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    Indexer(Settings()).ingest([path], progress=False)
    retriever = Newsdesk().retriever
    f = Filters(until=date(2010, 12, 31))
    qv = retriever.embed_query("What did the council debate?")
    hits = retriever._dense(qv, f, pool=10)  # the 10 nearest are all from 2020: Chroma must filter
    assert [h.article_id for h in hits] == ["old"]


def test_a_selective_filter_scores_the_keyword_candidates_by_their_vectors(isolated_home: Path,
                                                                          tmp_path: Path) -> None:
    from index.ingest import Indexer
    from index.settings import Settings
    from qa.retrieve import Filters

    topics = ["harbour", "railway", "festival", "election", "drought", "vaccine", "museum", "bridge", "tariff",
              "storm", "orchestra", "glacier"]
    rows = [{"id": f"new{i}", "title": f"Council debates the {t}", "published": "2020-05-01",
             "text": f"The council debated the {t} plan for hours. Members of the council voted on the {t}."}
            for i, t in enumerate(topics)]
    rows += [{"id": f"old{i}", "title": f"Council on {t}", "published": "2010-01-0" + str(i + 1), "text": text}
             for i, (t, text) in enumerate([
                 ("schools", "The council debated school funding. Teachers asked for smaller classes."),
                 ("parking", "Parking fees divided the council. Shop owners feared fewer visitors downtown."),
                 ("water", "A council debate on water prices ran late. The utility defended its tariff.")])]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    Indexer(Settings()).ingest([path], progress=False)
    retriever = Newsdesk().retriever
    f = Filters(until=date(2010, 12, 31))
    question = "What did the council debate?"
    qv = retriever.embed_query(question)
    keyword = retriever._bm25(question, f, pool=10)
    assert {c.article_id for c in keyword} == {"old0", "old1", "old2"}
    asked: list[object] = []
    real_query = retriever.store.query
    retriever.store.query = lambda *a, **kw: asked.append(kw.get("where")) or real_query(*a, **kw)  # type: ignore
    hits = retriever._dense(qv, f, pool=10, keyword=keyword)
    assert asked == [None]  # no Chroma `where`: the keyword candidates were scored by their vectors
    assert {h.article_id for h in hits} == {"old0", "old1", "old2"}
    assert all(0.0 < h.dense <= 1.0 for h in hits) and hits == sorted(hits, key=lambda h: -h.dense)


def test_one_filter_rule_for_dense_bm25_and_the_chroma_fallback(isolated_home: Path, tmp_path: Path) -> None:
    from index.ingest import Indexer
    from index.settings import Settings
    from qa.retrieve import Filters

    rows = [{"id": f"d{i}", "title": f"Harbour plan {i}", "source": "Daily Wire", "published": "2021-03-0" + str(i + 1),
             "text": f"The harbour plan number {i} was debated by the council for hours."} for i in range(3)]
    rows.append({"id": "undated", "title": "Harbour plan undated", "source": "Daily Wire",
                 "text": "The harbour plan was debated by the council, undated."})
    rows += [{"id": f"o{i}", "title": f"Harbour talk {i}", "source": "Other Post", "published": "2021-03-05",
              "text": f"Another harbour plan {i} was debated by the council."} for i in range(12)]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    Indexer(Settings()).ingest([path], progress=False)
    r = Newsdesk().retriever
    f = Filters(since=date(2021, 1, 1), sources=["daily wire"])  # another case than stored
    qv = r.embed_query("harbour plan debated by the council")
    dense = {c.article_id for c in r._dense(qv, f, pool=16)}
    lexical = {c.article_id for c in r._bm25("harbour plan debated by the council", f, pool=50)}
    assert lexical == {"d0", "d1", "d2"} and dense and dense <= lexical  # the undated one is out on both paths
    spellings = [name for name, _ in r.catalog.top_sources()]
    assert f.where(spellings) == {"$and": [{"day": {"$gte": date(2021, 1, 1).toordinal()}},
                                           {"source": {"$in": ["Daily Wire"]}}]}
    fallback = {h.metadata["article_id"] for h in r.store.query(qv, 10, where=f.where(spellings))}
    assert fallback == {"d0", "d1", "d2"}  # Chroma's exact match finds the stored spelling


def test_an_article_that_names_the_questions_key_terms_ranks_above_one_that_does_not(isolated_home: Path,
                                                                                      tmp_path: Path) -> None:
    import dataclasses

    from index.ingest import Indexer
    from index.settings import Settings
    from qa.retrieve import Candidate, Filters, Weights

    debate = " ".join(f"Speaker {n} talked about the harbour, the schools and the parks for a while." for n in range(20))
    rows = [{"id": "named", "title": "Council votes on the budget", "published": "2022-05-01",  # the name is in
             "text": f"The council voted on the city budget on Monday. {debate} Greta Lindqvist proposed a tram."},
            {"id": "unnamed", "title": "Council votes on the budget", "published": "2022-05-01",  # its last chunk
             "text": "The council voted on the city budget on Monday. The budget passed after a long debate."}]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    Indexer(Settings()).ingest([path], progress=False)
    retriever = Newsdesk().retriever
    question = "What did Greta Lindqvist propose in the budget vote?"
    first = [c for c in retriever._bm25("council budget", Filters(), 10) if c.chunk_id.endswith(":0")]
    chunks = {c.article_id: c.chunk_id for c in first}  # the first chunks: no name in either
    assert set(chunks) == {"named", "unnamed"} and len(Newsdesk().catalog.chunk_ids(Settings().index_key, "named")) > 1

    def ranked(weights: Weights) -> list[str]:  # the article without the name is ahead on every other signal
        retriever.weights = weights
        cands = [Candidate(chunks[a], bm25=1.0, bm25_rank=r, dense_rank=r, article_id=a, day=738276)
                 for r, a in enumerate(["unnamed", "named"])]
        return [c.article_id for c in retriever._rerank(question, cands, Filters())]

    assert ranked(dataclasses.replace(Weights(), key_terms=0.0)) == ["unnamed", "named"]
    assert ranked(Weights()) == ["named", "unnamed"]
