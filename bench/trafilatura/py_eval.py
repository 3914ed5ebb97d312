"""Python trafilatura on the trafilatura evaluation set, scored like `sitrep eval extract
--trafilatura-eval` (and trafilatura's tests/evaluate.py): micro P/R/F1 over "with" /
"without" snippets, substring match after white-space squashing. Pages are read and
un-gzipped before the clock starts; docs_per_s times extraction only, in this one process
(one core)."""
import gzip
import json
import os
import sys
import time

import trafilatura


def squash(s):
    return " ".join(s.split())


def main(root):
    data = json.load(open(os.path.join(root, "evaldata.json"), encoding="utf-8"))
    items = []
    for url, e in data.items():
        with gzip.open(os.path.join(root, "html", e["file"] + ".gz"), "rb") as f:
            items.append((f.read(), e))
    start = time.perf_counter()
    texts = [trafilatura.extract(html) or "" for html, _ in items]
    secs = time.perf_counter() - start
    tp = fp = tn = fn = 0
    for text, (_, e) in zip(texts, items):
        text = squash(text)
        for s in e.get("with", []):
            if squash(s) in text:
                tp += 1
            else:
                fn += 1
        for s in e.get("without", []):
            if squash(s) in text:
                fp += 1
            else:
                tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"precision: {p:.4f}")
    print(f"recall: {r:.4f}")
    print(f"f1: {f1:.4f}")
    print(f"accuracy: {(tp + tn) / (tp + fp + tn + fn):.4f}")
    print(f"docs: {len(items)}")
    print(f"docs_per_s: {len(items) / secs:.4f}")


if __name__ == "__main__":
    main(sys.argv[1])
