"""Fit the answer confidence on the early dev weeks, judge it on the late ones.

Input: the results.jsonl of a `newsdesk eval ... --with-unanswerable` run (answerable questions and their
`#removed` copies, each with the signals of its best evidence sentence). A logistic regression over those
signals predicts "the archive holds the answer"; the threshold is the highest one whose false-refusal rate
on the early weeks stays within --max-false-refusals (0.04: a margin under the 0.05 target, since at the
thresholds chosen so far the later weeks refused more answerable questions than the early ones). Prints the
weights and threshold for qa/evidence.py, and the refusal accuracy and false refusals on both splits.

    python -m eval.calibrate eval-runs/dev-unans/configs/default/results.jsonl
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from qa.evidence import THRESHOLD, WEIGHTS

FEATURES = [k for k in WEIGHTS if k != "bias"]


def _xy(rows: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # type: ignore[type-arg]
    x = np.array([[float((r.get("signals") or {}).get(f, 0.0)) for f in FEATURES] for r in rows])
    y = np.array([float(r["answerable_gold"]) for r in rows])
    ok = np.array([float((r.get("signals") or {}).get("evidence", 0.0)) for r in rows])
    return x, y, ok


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 5000, lr: float = 0.5) -> np.ndarray:
    """Logistic regression by gradient descent; returns [bias, w...]."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (p - y) / len(y) + l2 * np.r_[0, w[1:]]
        w -= lr * grad
    return w


def rates(conf: np.ndarray, y: np.ndarray, ok: np.ndarray, t: float) -> tuple[float, float]:
    refused = (ok < 0.5) | (conf < t)
    ra = float(refused[y == 0].mean()) if (y == 0).any() else float("nan")
    fr = float(refused[y == 1].mean()) if (y == 1).any() else float("nan")
    return ra, fr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", type=Path)
    parser.add_argument("--max-false-refusals", type=float, default=0.04)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.results.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if "signals" in r]
    early = [r for r in rows if r.get("split") != "late"]
    late = [r for r in rows if r.get("split") == "late"]
    x, y, ok = _xy(early)
    w = fit(x, y)
    print(f"{len(early)} early rows (fit), {len(late)} late rows (judged)")
    print("weights:", {"bias": round(float(w[0]), 3), **{f: round(float(v), 3) for f, v in zip(FEATURES, w[1:],
                                                                                              strict=True)}})

    def conf(xs: np.ndarray) -> np.ndarray:
        return np.asarray(1 / (1 + np.exp(-(w[0] + xs @ w[1:]))))

    ce = conf(x)
    grid = np.round(np.arange(0.0, 1.0001, 0.05), 2)  # the curve's rows
    chosen = 0.0
    for t in np.round(np.arange(0.0, 1.0001, 0.01), 2):  # the threshold's candidates
        if rates(ce, y, ok, t)[1] <= args.max_false_refusals:
            chosen = float(t)
    print(f"threshold (highest with early false refusals <= {args.max_false_refusals}): {chosen:.2f}")
    print("\n| threshold | early refusal acc. | early false refusals | late refusal acc. | late false refusals |")
    print("|---:|---:|---:|---:|---:|")
    xl, yl, okl = _xy(late) if late else (x, y, ok)
    cl = conf(xl)
    for t in sorted(set(grid.tolist()) | {chosen}):
        e, lt = rates(ce, y, ok, t), rates(cl, yl, okl, t)
        mark = " (chosen)" if t == chosen else ""
        print(f"| {t:.2f}{mark} | {e[0]:.3f} | {e[1]:.3f} | {lt[0]:.3f} | {lt[1]:.3f} |")
    current = np.array([[float((r.get("signals") or {}).get("evidence", 0.0)), r.get("confidence") or 0.0]
                        for r in late or early])
    yl2 = np.array([float(r["answerable_gold"]) for r in late or early])
    print(f"\nshipped weights at THRESHOLD {THRESHOLD}: refusal acc. / false refusals on "
          f"{'late' if late else 'early'}: {rates(current[:, 1], yl2, current[:, 0], THRESHOLD)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
