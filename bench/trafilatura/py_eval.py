"""Python trafilatura on the trafilatura evaluation set, scored as trafilatura's own
tests/eval_common.py scores it (and as `sitrep eval extract --trafilatura-eval` does):
micro P/R/F1 over "with" / "without" snippets, substring match after white-space
normalisation of both sides, a crash or None counting as an empty extraction.

Runs one of trafilatura's two canonical configurations (eval_common.EXTRACT_OPTS with
fast=True or fast=False): comments and formatting off, tables on. Pages are read and
un-gzipped before the clock starts; docs_per_s (wall clock) and docs_per_cpu_s (CPU time of
this one process, so the single-core rate however busy the machine) time extract() only.

Usage: py_eval.py DATA_DIR fast|fallback
"""
import gzip
import json
import os
import re
import sys
import time

import trafilatura

OPTS = {"include_comments": False, "include_tables": True, "include_formatting": False}


def norm(text):
    return re.sub(r"\s+", " ", text).strip()


def run(extract, html):
    try:
        return extract(html)
    except Exception:
        return None


def main(root, mode):
    fast = {"fast": True, "fallback": False}[mode]
    data = json.load(open(os.path.join(root, "evaldata.json"), encoding="utf-8"))
    items = []
    for e in data.values():
        with gzip.open(os.path.join(root, "html", e["file"] + ".gz"), "rb") as f:
            items.append((f.read(), e))

    def extract(html):
        return trafilatura.extract(html, fast=fast, **OPTS)

    start, cpu_start = time.perf_counter(), time.process_time()
    texts = [run(extract, html) for html, _ in items]
    secs, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    tp = fp = fn = tn = 0
    for text, (_, e) in zip(texts, items):
        res = norm(text) if isinstance(text, str) else None
        t = sum(1 for w in e["with"] if res is not None and norm(w) in res)
        f = sum(1 for w in e["without"] if res is not None and norm(w) in res)
        tp, fp = tp + t, fp + f
        fn, tn = fn + len(e["with"]) - t, tn + len(e["without"]) - f
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"precision: {p:.4f}")
    print(f"recall: {r:.4f}")
    print(f"f1: {f1:.4f}")
    print(f"accuracy: {(tp + tn) / (tp + fp + tn + fn):.4f}")
    print(f"docs: {len(items)}")
    print(f"docs_per_s: {len(items) / secs:.4f}")
    print(f"docs_per_cpu_s: {len(items) / cpu:.4f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
