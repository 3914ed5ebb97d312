//! `sitrep export` through the binary: GDELT rows agree with `sitrep events --json`, and
//! the Parquet file loads in pyarrow, pandas, polars and DuckDB when a Python with them is
//! given (`SITREP_PYTHON`; `.ci/run` makes one in a venv and sets `SITREP_REQUIRE_PYTHON=1`).

use std::process::Command;

use super::{coded_db, json_lines, path, sitrep, stderr, stdout};

#[test]
fn gdelt_export_matches_events() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("x.db");
    coded_db(&db);
    let out = tmp.path().join("events.tsv");
    let o = sitrep(&[
        "--db",
        path(&db),
        "export",
        "--format",
        "gdelt",
        "--out",
        path(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let events = json_lines(&stdout(&sitrep(&["--db", path(&db), "events", "--json"])));
    let rows: Vec<Vec<String>> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), events.len());
    for (r, e) in rows.iter().zip(&events) {
        assert_eq!(r.len(), 61);
        let target = e["target"]["code"].as_str().unwrap_or("");
        assert_eq!(
            [&r[5], &r[15], &r[26], &r[29]].map(String::as_str),
            [
                e["source"]["code"].as_str().unwrap(),
                target,
                e["cameo"].as_str().unwrap(),
                &e["quad_class"].to_string()
            ]
        );
    }
    assert!(tmp.path().join("events.mentions.tsv").is_file());
}

#[test]
fn parquet_loads_in_python_dataframe_tools() {
    let Some(python) = std::env::var_os("SITREP_PYTHON") else {
        assert!(
            std::env::var("SITREP_REQUIRE_PYTHON").as_deref() != Ok("1"),
            "SITREP_REQUIRE_PYTHON=1 but SITREP_PYTHON is not set"
        );
        eprintln!(
            "skipping: SITREP_PYTHON (a Python with pyarrow, pandas, polars, duckdb) not set"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("x.db");
    coded_db(&db);
    let out = tmp.path().join("e.parquet");
    let o = sitrep(&[
        "--db",
        path(&db),
        "export",
        "--format",
        "parquet",
        "--out",
        path(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let n = json_lines(&stdout(&sitrep(&["--db", path(&db), "events", "--json"]))).len();
    let script = "import sys, pyarrow.parquet as pq, pandas as pd, polars as pl, duckdb\n\
        f = sys.argv[1]\n\
        a = pq.read_table(f).num_rows\n\
        b = len(pd.read_parquet(f))\n\
        c = pl.read_parquet(f).height\n\
        d = duckdb.sql(f\"select count(*) from '{f}'\").fetchall()[0][0]\n\
        codes = ','.join(sorted(pd.read_parquet(f)['cameo']))\n\
        print(a, b, c, d, codes)";
    let run = Command::new(python)
        .args(["-c", script, path(&out)])
        .output()
        .expect("python runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let events = json_lines(&stdout(&sitrep(&["--db", path(&db), "events", "--json"])));
    let mut codes: Vec<&str> = events
        .iter()
        .map(|e| e["cameo"].as_str().unwrap())
        .collect();
    codes.sort_unstable();
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        format!("{n} {n} {n} {n} {}", codes.join(","))
    );
}
