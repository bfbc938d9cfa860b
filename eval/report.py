"""report.md (with PNG plots) from evaluation summaries; an LLM judge section when an LLM is configured."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from eval import metrics
from index.settings import Settings

COLUMNS = [
    ("retrieval", "hit@1", "hit@1"), ("retrieval", "hit@10", "hit@10"), ("retrieval", "recall@10", "recall@10"),
    ("retrieval", "mrr@10", "MRR@10"), ("retrieval", "ndcg@10", "nDCG@10"),
    ("answer", "answer_match", "answer match"), ("answer", "short_answer_match", "short answer match"),
    ("answer", "citation_gold_rate", "gold citations"),
    ("answer", "answers_with_gold_citation", "answers w/ gold cit."),
    ("answer", "citation_evidence_rate", "cited evidence"),
    ("answer", "choice_accuracy", "MC choice"), ("answer", "nota_accuracy", "MC NOTA"), ("answer", "refusal_accuracy", "refusal acc."), ("answer", "false_refusal_rate", "false refusals"), ("answer", "as_of_leaks", "as-of leaks"),
    ("latency_ms", "retrieval_p50", "retr. p50 ms"), ("latency_ms", "total_p95", "total p95 ms"),
]


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) and value <= 1.0 else f"{value}"


def table(summaries: dict[str, dict[str, Any]]) -> str:
    head = "| config | n | " + " | ".join(c[2] for c in COLUMNS) + " |"
    sep = "|---|---:|" + "---:|" * len(COLUMNS)
    lines = [head, sep]
    for name, s in summaries.items():
        lines.append(f"| {name} | {s['n']} | " + " | ".join(_fmt(s[g].get(k)) for g, k, _ in COLUMNS) + " |")
    return "\n".join(lines)


def _plots(out: Path, rows: dict[str, list[dict[str, Any]]]) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    made = []
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for name, rs in rows.items():
        scored = [r for r in rs if r["gold"]]
        if not scored:
            continue
        curve = [sum(r["hits_at"][k] for r in scored) / len(scored) for k in range(len(scored[0]["hits_at"]))]
        ax.plot(range(1, len(curve) + 1), curve, marker="o", label=name)
    ax.set_xlabel("k (articles)")
    ax.set_ylabel("hit@k")
    ax.set_title("Share of questions with a gold article in the top k")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "hit_at_k.png", dpi=110)
    plt.close(fig)
    made.append("hit_at_k.png")
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for name, rs in rows.items():
        ax.hist([r["total_ms"] for r in rs], bins=30, alpha=0.5, label=name)
    ax.set_xlabel("total latency per question (ms)")
    ax.set_ylabel("questions")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=110)
    plt.close(fig)
    made.append("latency.png")
    return made


def _judge(out: Path, settings: Settings, rows: list[dict[str, Any]], runner: Any, limit: int = 100) -> str:
    """Faithfulness by the configured LLM: is each cited sentence supported by its passage? Kept apart."""
    from qa import prompts
    from qa.llm import ChatModel

    model = ChatModel(settings)
    verdicts = []
    for r in rows[:limit]:
        sentences = re.split(r"(?<=[.!?])\s+", r["answer"])
        for c in r["citations"]:
            claim = next((s for s in sentences if f"[{c['number']}]" in s), "")
            reply = model.complete([
                {"role": "system", "content": prompts.JUDGE_SYSTEM},
                {"role": "user", "content": prompts.JUDGE_USER.format(claim=claim, passage=c["quote"])},
            ])
            verdicts.append({"id": r["id"], "number": c["number"],
                             "supported": reply.strip().upper().startswith("SUPPORTED")})
    rate = sum(v["supported"] for v in verdicts) / len(verdicts) if verdicts else None
    (out / "judge.json").write_text(json.dumps({"model": model.model, "faithfulness": rate,
                                                "judged": len(verdicts), "verdicts": verdicts}, indent=2))
    return (f"\n## LLM judge (separate from the offline numbers)\n\nModel `{model.model}` judged {len(verdicts)} "
            f"citations of the first configuration: faithfulness {_fmt(rate)} (share judged SUPPORTED). "
            "Details: `judge.json`.\n")


def write_report(out: Path, questions_path: Path, summaries: dict[str, dict[str, Any]],
                 rows: dict[str, list[dict[str, Any]]], settings: Settings, runner: Any) -> None:
    stats = runner.base.stats()
    plots = _plots(out, rows)
    primary = next(iter(summaries))
    lines = [
        f"# newsdesk evaluation: {questions_path.name}",
        "",
        f"Archive: {stats['articles']} articles, {stats['chunks']} chunks ({stats['earliest']} to {stats['latest']}); "
        f"answers: {'LLM' if settings.llm_enabled else 'offline extractive'}; "
        f"{summaries[primary]['n']} questions.",
        "",
        "## Configurations side by side",
        "",
        table(summaries),
        "",
        "Baselines: `bm25` (BM25 only) and `llamaindex` (a plain llama-index VectorStoreIndex over the same "
        "Chroma collection and embedding model).",
        "",
        "| config | what it is |",
        "|---|---|",
        *[f"| {n} | {s['config']['description'] or json.dumps(s['config'])} |" for n, s in summaries.items()],
        "",
        "## Plots",
        "",
        *[f"![{p}]({p})" for p in plots],
        "",
        "## Metric definitions",
        "",
        "- Retrieval is scored per article (syndicated copies count as their story), over questions with gold "
        "articles: **hit@k** = a gold article is in the top k; **recall@10** = share of gold articles in the top "
        "10; **MRR@10** = mean of 1/rank of the first gold article (0 if none in the top 10); **nDCG@10** = "
        "binary-relevance DCG over the ideal DCG.",
        "- **answer match**: an accepted answer string occurs (normalised: lower case, no punctuation or "
        "articles, a figure one word: \"$5\" is not in \"$5.75\") in the answer text; answerable questions only. **short answer match**: the same in the "
        "one-line short answer (a refusal or an answer without one counts as a miss).",
        "- **gold citations**: share of citations whose article is gold; **answers w/ gold cit.**: share of "
        "answerable questions whose answer cites at least one gold article; **cited evidence**: share of "
        "citations whose passage contains the evidence sentence (60% of its words) or an answer string.",
        "- **MC choice**: share of multiple-choice questions where the pick from the retrieved passages is the "
        "accepted option (offline: each option checked as a claim, the best-supported wins; with an LLM: the "
        "LLM picks). **MC NOTA**: the same with the accepted option replaced by \"None of the above\", which is "
        "then the right pick. For reference, on RealTimeQA GPT-3 with Google search results scores 63.8% "
        "multiple-choice and 55.4% with NOTA (computed from the benchmark's shipped predictions).",
        "- **refusal acc.**: share of `answerable: false` questions (including the `#removed` copies of "
        "`--with-unanswerable`) answered with \"The archive does not say\"; **false refusals**: share of "
        "answerable questions refused.",
        "- **as-of leaks**: retrieved passages and citations published after the question's `as_of` date, summed "
        "over the questions (zero by construction wherever `as_of` is used; configurations that ignore dates "
        "show what it prevents).",
        "- Latency: wall time per question, retrieval alone and retrieval + answer (p50/p95).",
        "",
    ]
    if settings.llm_enabled:
        lines.append(_judge(out, settings, rows[primary], runner))
    levels = sorted({r.get("gold_level") or "" for rs in rows.values() for r in rs} - {""})
    if levels:
        lines += ["## Retrieval by gold level", "",
                  "| config | " + " | ".join(f"{lv} hit@10 | {lv} MRR@10 | {lv} n" for lv in levels) + " |",
                  "|---|" + "---:|---:|---:|" * len(levels)]
        for name, rs in rows.items():
            cells = []
            for lv in levels:
                sub = [r for r in rs if r.get("gold_level") == lv and r["gold"]]
                cells += [_fmt(metrics.mean([r["hit@10"] for r in sub])), _fmt(metrics.mean([r["mrr@10"] for r in sub])),
                          str(len(sub))]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += _splits(rows) + _threshold_curve(rows[primary]) + _survivors(rows[primary])
    worst = [r for r in rows[primary] if r["gold"] and not r["hit@10"]][:10]
    if worst:
        lines += ["## Misses of the first configuration (no gold article in the top 10)", ""]
        lines += [f"- `{r['id']}` ({r['as_of'] or 'no date'}): {r['question'][:140]}" for r in worst]
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _splits(rows: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Retrieval and answers by dev split (early weeks tune, late weeks judge), when both are present."""
    splits = sorted({r.get("split") for rs in rows.values() for r in rs} - {None})
    if len(splits) < 2:
        return []
    out = ["## By split (early: first two thirds of the dev weeks; late: the last third)", "",
           "| config | split | n | hit@1 | hit@10 | MRR@10 | answer match | short answer match | false refusals |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, rs in rows.items():
        for sp in splits:
            sub = [r for r in rs if r.get("split") == sp and r["answerable_gold"]]
            gold = [r for r in sub if r["gold"]]
            matched = [float(r["answer_match"]) for r in sub if r["answer_match"] is not None]
            short = [float(r["short_answer_match"]) for r in sub if r.get("short_answer_match") is not None]
            out.append(f"| {name} | {sp} | {len(sub)} | {_fmt(metrics.mean([r['hit@1'] for r in gold]))} | "
                       f"{_fmt(metrics.mean([r['hit@10'] for r in gold]))} | "
                       f"{_fmt(metrics.mean([r['mrr@10'] for r in gold]))} | {_fmt(metrics.mean(matched))} | "
                       f"{_fmt(metrics.mean(short))} | "
                       f"{_fmt(metrics.mean([float(not r['answerable']) for r in sub]))} |")
    return [*out, ""]


def refused_at(row: dict[str, Any], threshold: float) -> bool:
    """Whether the answer would be a refusal with this confidence threshold."""
    signals = row.get("signals") or {}
    return not signals.get("evidence", float(row["answerable"])) or (row.get("confidence") or 0.0) < threshold


def _threshold_curve(rows: list[dict[str, Any]]) -> list[str]:
    """Refusal accuracy and false refusals of the first configuration over the confidence threshold."""
    yes = [r for r in rows if r["answerable_gold"]]
    no = [r for r in rows if not r["answerable_gold"]]
    if not yes or not no or not any("confidence" in r for r in rows):
        return []
    out = ["## Refusals over the confidence threshold (first configuration)", "",
           f"{len(no)} unanswerable and {len(yes)} answerable questions; the product's threshold is marked.", "",
           "| threshold | refusal accuracy | false refusals |", "|---:|---:|---:|"]
    from qa.evidence import THRESHOLD

    grid = sorted({round(t * 0.05, 2) for t in range(0, 21)} | {THRESHOLD})
    for t in grid:
        ra = sum(refused_at(r, t) for r in no) / len(no)
        fr = sum(refused_at(r, t) for r in yes) / len(yes)
        mark = " (default)" if t == THRESHOLD else ""
        out.append(f"| {t:.2f}{mark} | {ra:.3f} | {fr:.3f} |")
    return [*out, ""]


def _survivors(rows: list[dict[str, Any]], limit: int = 15) -> list[str]:
    """Unanswerable copies that were still answered: the answer may be phrased otherwise in another article."""
    kept = [r for r in rows if not r["answerable_gold"] and r["id"].endswith("#removed") and r["answerable"]]
    if not kept:
        return []

    def how(r: dict[str, Any]) -> int:  # 0 states an accepted answer, 1 restates one, 2 neither
        return 0 if r.get("states_withheld_answer") else 1 if r.get("restates_withheld_answer") else 2

    kept.sort(key=how)
    stated = sum(1 for r in kept if how(r) == 0)
    restated = sum(1 for r in kept if how(r) == 1)
    out = ["## `#removed` questions still answered", "",
           "Their accepted answers' articles were excluded; an article that phrases the answer otherwise may "
           f"remain. Of these {len(kept)} answers, {stated} state an accepted answer of the original question (an "
           "article that holds it survived the exclusion, e.g. an answer under 3 characters, which is not "
           f"searched for; marked *states the answer*) and {restated} may restate one in other words (its figures "
           "and all but one of its other words, e.g. \"Lt. Nyota Uhura\" for \"Lieutenant Uhura\"; marked "
           "*may restate the answer*: read them). Listed, not tuned away:", ""]
    marks = (" *states the answer*", " *may restate the answer*", "")
    shown = kept[: stated + restated + limit]  # every marked one, then the first of the others
    for r in shown:
        cited = ", ".join(sorted({c["article_id"] for c in r["citations"]}))
        out.append(f"- `{r['id']}`{marks[how(r)]}: {r['question'][-110:]} -> {r['answer'][:140]!r} (cites {cited})")
    if len(kept) > len(shown):
        out.append(f"- ... and {len(kept) - len(shown)} more (see results.jsonl)")
    return [*out, ""]
