//! Shared helpers for list commands: opening the store, JSON Lines, aligned tables.

use std::fmt;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context};
use serde::Serialize;
use sitrep_store::{PgStore, SqliteStore, Store};

/// Where the store lives: an SQLite file (`--db`) or a PostgreSQL server (`--postgres`).
pub enum Db {
    /// An SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl fmt::Display for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Db::Sqlite(path) => write!(f, "{}", path.display()),
            // Credentials stay out of messages: print only what follows the `@`.
            Db::Postgres(url) => write!(f, "postgres://{}", url.rsplit('@').next().unwrap_or(url)),
        }
    }
}

impl Db {
    /// Opens the store, creating an SQLite file or the PostgreSQL schema when missing.
    pub fn open_or_create(&self) -> anyhow::Result<Box<dyn Store>> {
        Ok(match self {
            Db::Sqlite(path) => Box::new(
                SqliteStore::open(path).with_context(|| format!("{self}: cannot open database"))?,
            ),
            Db::Postgres(url) => {
                Box::new(PgStore::connect(url).with_context(|| format!("{self}: cannot connect"))?)
            }
        })
    }
}

/// Opens an existing database for queries; a missing SQLite file is a usage error, not a
/// new empty database.
pub fn open_existing(db: &Db) -> anyhow::Result<Box<dyn Store>> {
    if let Db::Sqlite(path) = db {
        if !path.exists() {
            bail!("{db}: no database here; run `sitrep --db {db} ingest PATH...` first");
        }
    }
    db.open_or_create()
}

/// Writes one JSON object per line.
pub fn json_lines<T: Serialize>(out: &mut impl Write, rows: &[T]) -> anyhow::Result<()> {
    for row in rows {
        serde_json::to_writer(&mut *out, row)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Cuts `s` to at most `max` characters on one line, marking the cut with `…`.
pub fn clip(s: &str, max: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Prints rows as left-aligned columns under a header; the last column is not padded.
pub fn table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> anyhow::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |out: &mut dyn Write, cells: &mut dyn Iterator<Item = &str>| -> anyhow::Result<()> {
        let cells: Vec<&str> = cells.collect();
        let last = cells.len().saturating_sub(1);
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            s.push_str(cell);
            if i < last {
                let pad = w - cell.chars().count() + 2;
                s.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(out, "{}", s.trim_end())?;
        Ok(())
    };
    line(out, &mut header.iter().copied())?;
    for row in rows {
        line(out, &mut row.iter().map(String::as_str))?;
    }
    Ok(())
}

/// `-` for a missing value in tables.
pub fn or_dash(s: Option<&str>) -> String {
    s.filter(|s| !s.is_empty()).unwrap_or("-").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns() {
        let mut out = Vec::new();
        let rows = vec![
            vec!["a".to_string(), "long cell".to_string(), "x".to_string()],
            vec!["bbb".to_string(), "c".to_string(), "y y".to_string()],
        ];
        table(&mut out, &["H1", "H2", "H3"], &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "H1   H2         H3\na    long cell  x\nbbb  c          y y\n"
        );
    }

    #[test]
    fn clip_marks_cuts_and_joins_lines() {
        assert_eq!(clip("one\ntwo  three", 20), "one two three");
        assert_eq!(clip("abcdef", 4), "abc…");
    }
}
