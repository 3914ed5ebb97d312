"""Extract the same plain-text articles from Reuters-21578 and BBC News for both pipelines.

Writes one UTF-8 .txt file per article (title, blank line, body) under OUT/{reuters,bbc}/.
Reuters: the first N_REUTERS documents with a <BODY>, in file order (reut2-000.sgm ...).
BBC: the first N_BBC articles in sorted category/file order.
"""
import html
import os
import re
import sys


def reuters(root, n):
    out = []
    sgm = os.path.join(root, "sgm-data")
    for name in sorted(os.listdir(sgm)):
        if not name.endswith(".sgm"):
            continue
        raw = open(os.path.join(sgm, name), "rb").read().decode("latin-1")
        for doc in re.findall(r"<REUTERS.*?</REUTERS>", raw, re.S):
            body = re.search(r"<BODY>(.*?)</BODY>", doc, re.S)
            if not body:
                continue
            title = re.search(r"<TITLE>(.*?)</TITLE>", doc, re.S)
            text = html.unescape(body.group(1)).replace("\x03", "").strip()
            if title:
                text = html.unescape(title.group(1)).strip() + "\n\n" + text
            out.append(text)
            if len(out) >= n:
                return out
    return out


def bbc(root, n):
    out = []
    arts = os.path.join(root, "data", "News Articles")
    for cat in sorted(os.listdir(arts)):
        for name in sorted(os.listdir(os.path.join(arts, cat))):
            out.append(open(os.path.join(arts, cat, name), "rb").read().decode("utf-8", "replace"))
    # Interleave categories deterministically by taking a stride over the sorted list.
    out = out[:: max(1, len(out) // n)][:n] if n < len(out) else out
    return out


def main():
    shared, dest, n_reuters, n_bbc = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    for name, texts in (
        ("reuters", reuters(os.path.join(shared, "data", "reuters21578"), n_reuters)),
        ("bbc", bbc(os.path.join(shared, "data", "bbc_news_summary"), n_bbc)),
    ):
        d = os.path.join(dest, name)
        os.makedirs(d, exist_ok=True)
        for i, t in enumerate(texts):
            with open(os.path.join(d, f"{i:05d}.txt"), "w", encoding="utf-8") as f:
                f.write(t)
        print(f"{name}: {len(texts)} articles", file=sys.stderr)


if __name__ == "__main__":
    main()
