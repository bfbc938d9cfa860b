"""Run question sets against the archive under one or more configurations -> results, summary, report."""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from tqdm import tqdm

from eval import metrics
from eval.configs import BASELINES, EvalConfig, load_config
from eval.questions import Question, load_questions, split, with_unanswerable
from index.errors import InputError, NewsdeskError
from index.settings import Settings
from qa import Newsdesk
from qa.claims import NOTA
from qa.retrieve import Weights

RANK_DEPTH = 10
POOL_PASSAGES = 20  # passages retrieved per question: the article ranking and the answer both come from them


class Runner:
    """Evaluates configurations over one archive; one Newsdesk per configuration, the store shared."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.base = Newsdesk(settings)
        if self.base.stats()["chunks"] == 0:
            raise NewsdeskError("The archive is empty: ingest the articles the questions are about first "
                                "(`newsdesk ingest PATH`).")
        self._llama: Any = None
        self._story: dict[str, str] = {}

    def story(self, article_id: str) -> str:
        if article_id not in self._story:
            stored = self.base.catalog.get(article_id)
            self._story[article_id] = stored.story_id if stored else article_id
        return self._story[article_id]

    def desk_for(self, cfg: EvalConfig) -> Newsdesk:
        try:
            weights = Weights(**cfg.weights)
        except TypeError as exc:
            raise InputError(cfg.name, f"unknown weight in {sorted(cfg.weights)}",
                             f"weights are {', '.join(Weights.__dataclass_fields__)}") from exc
        desk = Newsdesk(self.settings, weights=weights)
        desk.catalog = self.base.catalog
        desk._store = self.base.retriever.store
        desk._retriever = None
        desk._sentence_cache = self.base._sentence_cache
        return desk

    def llama(self) -> Any:
        if self._llama is None:
            from index.embed import get_embedder
            from index.llama import LlamaIndexBaseline

            self._llama = LlamaIndexBaseline(self.base.retriever.store, get_embedder(self.settings))
        return self._llama

    def run_one(self, desk: Newsdesk, cfg: EvalConfig, q: Question) -> dict[str, Any]:
        t0 = time.perf_counter()
        retriever = desk.retriever
        qvec = retriever.embed_query(q.question)
        as_of = q.as_of if cfg.use_as_of else None
        f = desk.filters(q.question, as_of=as_of, dates_from_question=cfg.dates_from_question,
                         exclude=q.exclude_article_ids)
        if cfg.retriever == "llamaindex":
            scored = self.llama().retrieve(q.question, POOL_PASSAGES * 2 + 4 * len(f.exclude), as_of)
            passages = [p for p in retriever.passages_for(scored, POOL_PASSAGES + len(f.exclude))
                        if p.article_id not in f.exclude][:POOL_PASSAGES]
        else:
            passages = retriever.search(q.question, POOL_PASSAGES, f, mode=cfg.mode, rerank=cfg.rerank,
                                        query_vec=qvec)
        t_retrieval = (time.perf_counter() - t0) * 1000
        ranked: list[str] = []
        for p in passages:
            story = self.story(p.article_id)
            if story not in ranked:
                ranked.append(story)
        answer = desk.answer_from(q.question, passages[: self.settings.top_k], query_vec=qvec, filters=f)
        t_total = (time.perf_counter() - t0) * 1000
        top = passages[: self.settings.top_k]
        choose = desk.chooser(q.question, top, query_vec=qvec, as_of=as_of) if q.choices else None
        chosen = choose(q.choices) if choose is not None else None
        nota = None
        if choose is not None and q.answers and any(metrics.contains_any(c, q.answers) for c in q.choices):
            # The accepted option replaced by "None of the above", which is then the right pick.
            options = [NOTA if metrics.contains_any(c, q.answers) else c for c in q.choices]
            picked = choose(options)
            nota = picked is not None and metrics.normalize(picked) == metrics.normalize(NOTA)
        gold = {self.story(g) for g in q.gold_article_ids}
        cites = answer.citations
        limit = q.as_of.isoformat() if q.as_of else None  # nothing published after as_of may be shown
        leaks = sum(1 for d in [p.published for p in passages] + [c.published for c in cites]
                    if limit and d and d > limit)
        return {
            "id": q.id, "config": cfg.name, "question": q.question, "as_of": q.as_of.isoformat() if q.as_of else None,
            "answerable_gold": q.answerable, "gold": sorted(gold), "gold_level": q.gold_level,
            "ranked": ranked[:RANK_DEPTH],
            "hit@1": metrics.hit_at(ranked, gold, 1), "hit@10": metrics.hit_at(ranked, gold, 10),
            "recall@10": metrics.recall_at(ranked, gold, 10), "mrr@10": metrics.mrr_at(ranked, gold, 10),
            "ndcg@10": metrics.ndcg_at(ranked, gold, 10),
            "hits_at": [metrics.hit_at(ranked, gold, k) for k in range(1, RANK_DEPTH + 1)],
            "answer": answer.text, "answerable": answer.answerable, "confidence": answer.confidence,
            "short_answer": answer.short_answer, "signals": answer.signals,
            "nota_correct": nota, "excluded": len(q.exclude_article_ids),
            "answer_match": metrics.contains_any(answer.text, q.answers) if q.answers else None,
            "short_answer_match": (answer.answerable and metrics.contains_any(answer.short_answer or "", q.answers)
                                   if q.answers else None),
            "states_withheld_answer": (answer.answerable and metrics.contains_any(answer.text, q.withheld_answers)
                                       if q.withheld_answers else None),
            "restates_withheld_answer": (answer.answerable and any(
                metrics.restates(answer.text, a, q.question) for a in q.withheld_answers)
                if q.withheld_answers else None),
            "choice": chosen,
            "choice_correct": metrics.contains_any(chosen, q.answers) if chosen is not None else None,
            "citations": [{"number": c.number, "article_id": c.article_id, "quote": c.quote,
                           "gold": self.story(c.article_id) in gold,
                           "evidence": bool(q.evidence and metrics.evidence_in(c.passage, q.evidence))
                           or bool(q.answers and metrics.contains_any(c.passage, q.answers))}
                          for c in cites],
            "retrieval_ms": round(t_retrieval, 1), "total_ms": round(t_total, 1), "as_of_leaks": leaks,
        }


def summarize(cfg: EvalConfig, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """summary.json: exactly n, config, retrieval, answer, latency_ms."""
    with_gold = [r for r in rows if r["gold"]]
    answerable = [r for r in rows if r["answerable_gold"]]
    unanswerable = [r for r in rows if not r["answerable_gold"]]
    cites = [c for r in answerable for c in r["citations"]]
    return {
        "n": len(rows),
        "config": cfg.as_dict(),
        "retrieval": {k: metrics.mean([r[k] for r in with_gold])
                      for k in ("hit@1", "hit@10", "recall@10", "mrr@10", "ndcg@10")},
        "answer": {
            "answer_match": metrics.mean([float(r["answer_match"]) for r in answerable
                                          if r["answer_match"] is not None]),
            "short_answer_match": metrics.mean([float(r["short_answer_match"]) for r in answerable
                                                if r.get("short_answer_match") is not None]),
            "citation_gold_rate": metrics.mean([float(c["gold"]) for c in cites]),
            "answers_with_gold_citation": metrics.mean(
                [float(any(c["gold"] for c in r["citations"])) for r in answerable if r["gold"]]),
            "citation_evidence_rate": metrics.mean([float(c["evidence"]) for c in cites]),
            "choice_accuracy": metrics.mean([float(r["choice_correct"]) for r in answerable
                                             if r.get("choice_correct") is not None]),
            "nota_accuracy": metrics.mean([float(r["nota_correct"]) for r in answerable
                                           if r.get("nota_correct") is not None]),
            "refusal_accuracy": metrics.mean([float(not r["answerable"]) for r in unanswerable]),
            "false_refusal_rate": metrics.mean([float(not r["answerable"]) for r in answerable]),
            "as_of_leaks": sum(int(r.get("as_of_leaks", 0)) for r in rows),
        },
        "latency_ms": {
            "retrieval_p50": metrics.percentile([r["retrieval_ms"] for r in rows], 50),
            "retrieval_p95": metrics.percentile([r["retrieval_ms"] for r in rows], 95),
            "total_p50": metrics.percentile([r["total_ms"] for r in rows], 50),
            "total_p95": metrics.percentile([r["total_ms"] for r in rows], 95),
        },
    }


def _read_results(path: Path) -> dict[str, dict[str, Any]]:
    done: dict[str, dict[str, Any]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by an interrupted run: it is redone
            done[row["id"]] = row
    return done


def run_eval(settings: Settings, questions_path: Path, configs: list[str], out: Path, limit: int | None = None,
             baselines: bool = True, progress: bool = True, which: str = "all",
             unanswerable: bool = False) -> dict[str, dict[str, Any]]:
    """Run every configuration (baselines included) and write out/; resumes from results already there."""
    every = load_questions(questions_path)
    questions = split(every, which)
    questions = questions[:limit] if limit else questions
    late = {q.id for q in split(every, "late")} if any(q.as_of for q in every) else set()
    names = list(dict.fromkeys(configs or ["default"]))
    if baselines:
        names += [b for b in BASELINES if b not in names]
    cfgs = [load_config(n) for n in names]
    runner = Runner(settings)
    if unanswerable:
        questions = with_unanswerable(questions, runner.base.catalog.article_texts())
    out.mkdir(parents=True, exist_ok=True)
    summaries: dict[str, dict[str, Any]] = {}
    all_rows: dict[str, list[dict[str, Any]]] = {}
    bar = tqdm(total=len(cfgs) * len(questions), desc="evaluating", unit=" q", disable=not progress)
    for cfg in cfgs:
        folder = out / "configs" / cfg.name
        folder.mkdir(parents=True, exist_ok=True)
        results_path = folder / "results.jsonl"
        done = _read_results(results_path)
        desk = runner.desk_for(cfg)
        with results_path.open("a", encoding="utf-8") as fh:
            for q in questions:
                if q.id not in done:
                    row = runner.run_one(desk, cfg, q)
                    row["split"] = "late" if q.id.split("#")[0] in late else "early"
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                    fh.flush()
                    done[q.id] = row
                bar.update(1)
        rows = [done[q.id] for q in questions]
        all_rows[cfg.name] = rows
        summaries[cfg.name] = summarize(cfg, rows)
        (folder / "summary.json").write_text(json.dumps(summaries[cfg.name], indent=2))
    bar.close()
    primary = cfgs[0].name
    (out / "summary.json").write_text(json.dumps(summaries[primary], indent=2))
    (out / "results.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in all_rows[primary]), encoding="utf-8")
    (out / "comparison.json").write_text(json.dumps(summaries, indent=2))
    from eval.report import write_report

    write_report(out, questions_path, summaries, all_rows, settings, runner)
    return summaries


def main(args: argparse.Namespace, settings: Settings) -> int:
    out = Path(args.out) if args.out else settings.home / "eval" / datetime.now().strftime("%Y%m%d-%H%M%S")
    summaries = run_eval(settings, Path(args.questions), args.config, out, args.limit,
                         baselines=not args.no_baselines, progress=not args.quiet, which=args.split,
                         unanswerable=args.with_unanswerable)
    from eval.report import table

    print(table(summaries))
    print(f"\nreport: {out / 'report.md'}")
    return 0
