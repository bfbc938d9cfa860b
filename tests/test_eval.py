"""The evaluation harness: metrics, the summary contract, baselines side by side, resuming, the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval import metrics
from eval.questions import load_questions
from index.errors import InputError
from tests.conftest import ROOT, run_cli

SAMPLE_SET = ROOT / "eval" / "sets" / "sample.jsonl"


def test_ranking_metrics() -> None:
    ranked, gold = ["a", "b", "c", "d"], {"c", "x"}
    assert metrics.hit_at(ranked, gold, 1) == 0.0 and metrics.hit_at(ranked, gold, 3) == 1.0
    assert metrics.recall_at(ranked, gold, 10) == 0.5
    assert metrics.mrr_at(ranked, gold, 10) == pytest.approx(1 / 3)
    assert metrics.ndcg_at(["c", "x"], gold, 10) == pytest.approx(1.0)
    assert metrics.ndcg_at(ranked, gold, 10) == pytest.approx((1 / 2) / (1 + 1 / 1.5849625), rel=1e-4)


def test_answer_matching_is_normalised_on_word_boundaries() -> None:
    assert metrics.contains_any("It was the NBA's decision.", ["The NBA"])
    assert not metrics.contains_any("It was 110 days.", ["11"])
    assert not metrics.contains_any("Some stations charged more than $5.75.", ["$5"])  # a figure is one word
    assert not metrics.contains_any("About 1,200 were arrested.", ["200"])
    assert metrics.contains_any("Gas hit $5. About 1,200 were arrested.", ["$5"])
    assert metrics.contains_any("About 1200 were arrested.", ["1,200"])
    assert metrics.evidence_in("Talks floundered over NATO's refusal, officials said.", "talks floundered over NATO's refusal")


def test_question_set_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "1", "question": "ok?"}\n{"id": "2", "question": "x", "as_of": "soon"}\n')
    with pytest.raises(InputError, match=r"q.jsonl line 2: as_of 'soon' is not YYYY-MM-DD"):
        load_questions(bad)
    assert len(load_questions(SAMPLE_SET)) >= 8


def test_eval_on_the_sample_set_with_baselines_and_resume(sample_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    r = run_cli("eval", str(SAMPLE_SET), "--config", "default", "--config", "no-recency", "--out", str(out), "-q")
    assert r.returncode == 0, r.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert set(summary) == {"n", "config", "retrieval", "answer", "latency_ms"}
    assert set(summary["retrieval"]) == {"hit@1", "hit@10", "recall@10", "mrr@10", "ndcg@10"}
    assert {"answer_match", "citation_gold_rate", "answers_with_gold_citation", "refusal_accuracy",
            "false_refusal_rate"} <= set(summary["answer"])
    assert set(summary["latency_ms"]) == {"retrieval_p50", "retrieval_p95", "total_p50", "total_p95"}
    assert summary["config"]["name"] == "default" and summary["n"] == 14
    assert summary["retrieval"]["hit@1"] == 1.0
    assert summary["answer"]["refusal_accuracy"] == 1.0 and summary["answer"]["false_refusal_rate"] == 0.0
    assert summary["answer"]["answer_match"] >= 0.8
    rows = {x["id"]: x for x in map(json.loads, (out / "results.jsonl").read_text().splitlines())}
    assert rows["sample-5"]["short_answer"] == "Edward Snowden" and rows["sample-5"]["short_answer_match"] is True
    assert rows["sample-1"]["short_answer_match"] is False  # a "why" question has no short answer
    assert 0.0 < summary["answer"]["short_answer_match"] < summary["answer"]["answer_match"]
    comparison = json.loads((out / "comparison.json").read_text())
    assert list(comparison) == ["default", "no-recency", "bm25", "llamaindex"]
    report = (out / "report.md").read_text()
    assert "| default |" in report and "| bm25 |" in report and "| llamaindex |" in report
    assert (out / "hit_at_k.png").stat().st_size > 1000 and (out / "latency.png").exists()
    assert len((out / "results.jsonl").read_text().splitlines()) == 14
    # resume: a finished run recomputes nothing; a cut-short results file is completed
    results = out / "configs" / "default" / "results.jsonl"
    lines = results.read_text().splitlines()
    results.write_text("\n".join(lines[:5]) + "\n" + lines[5][:20] + "\n")
    r = run_cli("eval", str(SAMPLE_SET), "--config", "default", "--no-baselines", "--out", str(out), "-q")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(x) for x in results.read_text().splitlines() if x.strip().endswith("}")]
    assert sorted(x["id"] for x in rows) == sorted(f"sample-{i}" for i in range(1, 15))


def test_unknown_config_is_a_clear_error(sample_home: Path) -> None:
    r = run_cli("eval", str(SAMPLE_SET), "--config", "nope")
    assert r.returncode == 1 and "nope: no such configuration" in r.stderr


def test_eval_with_llm_reports_the_judge_separately(sample_home: Path, fake_llm: object, tmp_path: Path) -> None:
    import re

    def reply(req: dict) -> str:
        if "You check citations" in req["messages"][0]["content"]:
            return "SUPPORTED"
        if "multiple-choice" in req["messages"][0]["content"]:
            return "Sergei Shoigu" if "defense minister" in req["messages"][-1]["content"] else "legal guarantees"
        for m in re.finditer(r'<source n="(\d+)"[^>]*>\n(.*?)\n</source>', req["messages"][-1]["content"], re.S):
            if "legal guarantees" in m.group(2):
                return f"Talks floundered over NATO’s refusal to grant Russia legal guarantees [{m.group(1)}]."
        return "NOT_IN_ARCHIVE"

    fake_llm.reply = reply  # type: ignore[attr-defined]
    out = tmp_path / "llm"
    r = run_cli("eval", str(SAMPLE_SET), "--limit", "2", "--no-baselines", "--out", str(out), "-q")
    assert r.returncode == 0, r.stderr
    judge = json.loads((out / "judge.json").read_text())
    assert judge["judged"] >= 1 and judge["faithfulness"] == 1.0
    assert "LLM judge (separate from the offline numbers)" in (out / "report.md").read_text()
    summary = json.loads((out / "summary.json").read_text())
    assert "judge" not in summary and summary["answer"]["choice_accuracy"] == 1.0


def test_unanswerable_copies_exclude_every_article_holding_the_answer() -> None:
    from eval.questions import Question, with_unanswerable

    q = Question(id="q1", question="Who won?", answers=["Bad Bunny", "BB"], gold_article_ids=["g"])
    texts = [("g", "Bad Bunny won artist of the year."), ("other", "Fans cheered Bad  Bunny's win."),
             ("short", "BB was there."), ("unrelated", "Taylor Swift performed.")]
    out = with_unanswerable([q], texts)
    assert [x.id for x in out] == ["q1", "q1#removed"]
    removed = out[1]
    assert not removed.answerable and removed.answers == []
    assert removed.exclude_article_ids == ["g", "other"]  # 'BB' is under 3 characters: not searched for
    assert removed.withheld_answers == ["Bad Bunny", "BB"]  # so an answer that still gives one is marked


def test_the_report_marks_removed_copies_whose_answer_survived_the_exclusion() -> None:
    from eval.report import _survivors

    def row(qid: str, answer: str, stated: bool | None, restated: bool | None = None) -> dict[str, object]:
        return {"id": qid, "answerable_gold": False, "answerable": True, "question": "Who won?", "answer": answer,
                "citations": [{"article_id": "a1"}], "states_withheld_answer": stated,
                "restates_withheld_answer": restated}

    lines = _survivors([row("q1#removed", "Taylor Swift [1].", False, False),
                        row("q4#removed", "Lt. Nyota Uhura [1].", False, True), row("q2#removed", "BB [1].", True),
                        {**row("q3#removed", "", None), "answerable": False}])
    assert "Of these 3 answers, 1 state an accepted answer" in "\n".join(lines)
    assert "and 1 may restate one in other words" in "\n".join(lines)
    listed = [x for x in lines if x.startswith("- `")]
    assert listed[0].startswith("- `q2#removed` *states the answer*")
    assert listed[1].startswith("- `q4#removed` *may restate the answer*") and listed[2].startswith("- `q1#removed`:")


def test_an_answer_in_other_words_is_told_from_another_answer() -> None:
    from eval.metrics import restates

    assert restates("Nichols portrayed communications officer Lt. Nyota Uhura.", "Lieutenant Uhura",
                    "Which character did she portray?")
    assert restates("The FBI searched Mar-a-Lago resort.", "Mar-a-Lago estate", "Which property did the FBI search?")
    assert restates("Gas dropped below $4 a gallon.", "$4 per gallon", "Gas fell below what price?")
    assert restates("It will operate for ten years.", "At least 10 years", "How long will it operate?")
    assert not restates("It will operate for five years.", "At least ten years", "How long will it operate?")
    assert not restates("The Tampa Bay Buccaneers won.", "Tampa Bay Lightning", "Which team won?")
    assert not restates("A Mexico trip.", "Mexico City", "Which place did she visit?")  # the last word is missing
    assert not restates("Anything at all.", "Which", "Which?")  # nothing of its own to find


def test_splits_keep_each_quiz_date_on_one_side() -> None:
    from datetime import date, timedelta

    from eval.questions import Question, split

    qs = [Question(id=str(i), question="q?", as_of=date(2022, 1, 1) + timedelta(days=7 * (i // 2)))
          for i in range(12)]
    early, late = split(qs, "early"), split(qs, "late")
    assert len(early) + len(late) == 12 and len(late) == 4
    assert max(q.as_of for q in early) < min(q.as_of for q in late)  # type: ignore[type-var]
    with pytest.raises(InputError, match="unknown split"):
        split(qs, "middle")


def test_eval_with_unanswerable_copies_reports_refusals_and_the_curve(sample_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "unans"
    r = run_cli("eval", str(SAMPLE_SET), "--no-baselines", "--with-unanswerable", "--out", str(out), "-q")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(x) for x in (out / "results.jsonl").read_text().splitlines()]
    removed = [x for x in rows if x["id"].endswith("#removed")]
    assert len(removed) == 6 and all(x["excluded"] >= 1 for x in removed)
    # the sample archive is one article: once it is excluded nothing is left, and every copy is refused
    assert all(not x["answerable"] and x["citations"] == [] for x in removed)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["answer"]["refusal_accuracy"] == 1.0
    assert summary["answer"]["choice_accuracy"] is not None and summary["answer"]["nota_accuracy"] is not None
    report = (out / "report.md").read_text()
    assert "## Refusals over the confidence threshold" in report and "(default)" in report


def test_calibration_fits_a_separating_signal(tmp_path: Path) -> None:
    import numpy as np

    from eval.calibrate import FEATURES, fit, rates

    rng = np.random.default_rng(0)
    y = np.r_[np.ones(200), np.zeros(200)]
    x = rng.normal(0.3, 0.1, (400, len(FEATURES)))
    x[:, FEATURES.index("retrieval")] += 0.4 * y  # only this signal tells them apart
    w = fit(x, y)
    assert w[1 + FEATURES.index("retrieval")] > 1.0
    conf = 1 / (1 + np.exp(-(w[0] + x @ w[1:])))
    refused_ok, false_refusals = rates(conf, y, np.ones(400), 0.5)
    assert refused_ok > 0.9 and false_refusals < 0.1


def test_a_rerank_probe_reorders_articles_and_scores_each_split_apart() -> None:
    from eval.probe_rerank import Ranked, score

    def items() -> list[Ranked]:
        return [Ranked("q1", False, {"b"}, ["a", "b"], {"a": 1.0, "b": 0.9}, lead={"a": 0.1, "b": 0.9}),
                Ranked("q2", True, {"a"}, ["a", "b"], {"a": 1.0, "b": 0.9}, lead={"a": 0.1, "b": 0.9})]

    def same(article: str) -> str:
        return article

    assert score(items(), False, lambda it, a: it.score[a], same) == "0.000 / 1.000 / 0.500"
    with_lead = items()
    assert score(with_lead, False, lambda it, a: it.score[a] + 0.5 * it.lead[a], same) == "1.000 / 1.000 / 1.000"
    assert score(with_lead, True, lambda it, a: it.score[a] + 0.5 * it.lead[a], same) == "0.000 / 1.000 / 0.500"
