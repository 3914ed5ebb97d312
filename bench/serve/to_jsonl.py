#!/usr/bin/env python3
"""Bench-only: writes Reuters-21578 and BBC News as sitrep JSONL (text, title, date, outlet).

Usage: to_jsonl.py SHARED_DATA_DIR OUT.jsonl
"""
import html, json, os, re, sys
from datetime import datetime

data, out = sys.argv[1], sys.argv[2]
n = 0
with open(out, "w") as f:
    sgm = os.path.join(data, "reuters21578", "sgm-data")
    for name in sorted(os.listdir(sgm)):
        if not name.endswith(".sgm"):
            continue
        raw = open(os.path.join(sgm, name), encoding="latin-1").read()
        for art in raw.split("<REUTERS")[1:]:
            body = re.search(r"<BODY>(.*?)</BODY>", art, re.S)
            if not body:
                continue
            title = re.search(r"<TITLE>(.*?)</TITLE>", art, re.S)
            date = re.search(r"<DATE>\s*(\d+-[A-Z]+-\d{4})", art)
            rec = {"text": html.unescape(body.group(1)).replace("\x03", "").strip(),
                   "title": html.unescape(title.group(1)).strip() if title else None,
                   "outlet": "Reuters"}
            if date:
                rec["date"] = datetime.strptime(date.group(1).title(), "%d-%b-%Y").strftime("%Y-%m-%d")
            f.write(json.dumps(rec) + "\n")
            n += 1
    bbc = os.path.join(data, "bbc_news_summary", "data", "News Articles")
    for topic in sorted(os.listdir(bbc)):
        for name in sorted(os.listdir(os.path.join(bbc, topic))):
            lines = open(os.path.join(bbc, topic, name), encoding="latin-1").read().split("\n")
            f.write(json.dumps({"title": lines[0].strip(), "text": "\n".join(lines[1:]).strip(),
                                "outlet": "BBC News"}) + "\n")
            n += 1
print(f"{n} articles -> {out}", file=sys.stderr)
