"""Data prep (never run by sitrep): rebuilds data/cameo.tsv, our merged table of CAMEO
event-code facts (the codes, their Goldstein values, PLOVER types and modes), from the
public tables in $SITREP_SHARED/data/cameo and $SITREP_SHARED/data/plover. The codebook's
descriptions are its authors' text and are deliberately not copied."""
import os
import re
import sys

shared = os.environ.get("SITREP_SHARED", os.path.join(os.path.dirname(__file__), "../../../../shared"))
names, gold, plover = {}, {}, {}
for line in open(f"{shared}/data/cameo/CAMEO.eventcodes.txt", encoding="utf-8").read().splitlines()[1:]:
    code = line.split("\t", 1)[0].strip()
    names[code] = True
for line in open(f"{shared}/data/cameo/CAMEO.goldsteinscale.txt", encoding="utf-8").read().splitlines()[1:]:
    code, g = line.split("\t")
    gold[code.strip()] = float(g)
for line in open(f"{shared}/data/plover/CAMEO2PLOVER-2021.txt", encoding="utf-8"):
    m = re.match(r"^(\d+):\s*([^#]*)", line)
    if not m:
        continue
    parts = [p.strip() for p in m.group(2).split(",")]
    plover[m.group(1)] = (parts[0], parts[1] if len(parts) > 1 else "")

def lookup(code):
    # Codes the 2021 table leaves out inherit their parent's type, never its mode.
    if code in plover:
        return plover[code]
    for n in range(len(code) - 1, 1, -1):
        if code[:n] in plover:
            return plover[code[:n]][0], ""
    root = code[:2]
    return {"01": "", "02": "REQUEST"}.get(root, ""), ""

out = sys.stdout
out.write("# code\tgoldstein\tplover\tmode\n")
for code in names:
    t, mode = lookup(code)
    out.write(f"{code}\t{gold.get(code, gold.get(code[:3], gold.get(code[:2], 0.0)))}\t{t}\t{mode}\n")
