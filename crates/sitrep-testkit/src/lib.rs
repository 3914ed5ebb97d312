//! Test support for sitrep's crates (a dev-dependency only): where the shared data lives
//! and what a test does when it is missing.
//!
//! Data that may not be committed (the seed pages, the evaluation sets) lives in
//! `$SITREP_SHARED`, by default `../shared` beside the repository. A test that needs it
//! skips with a printed reason when it is absent, unless `SITREP_REQUIRE_SHARED=1` (set by
//! `.ci/run`), in which case it fails: CI must never pass by skipping.
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

/// The shared data folder: `$SITREP_SHARED`, or `../shared` beside the repository.
pub fn shared_root() -> PathBuf {
    std::env::var_os("SITREP_SHARED").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")),
        PathBuf::from,
    )
}

/// Whether CI asked for every test that needs shared data to run.
pub fn required() -> bool {
    std::env::var("SITREP_REQUIRE_SHARED").as_deref() == Ok("1")
}

/// `None` after printing why the test skips, or a panic when skipping is not allowed.
pub fn skip<T>(why: &str) -> Option<T> {
    assert!(!required(), "SITREP_REQUIRE_SHARED=1 but {why}");
    eprintln!("skipping: {why} (set SITREP_SHARED)");
    None
}

/// `rel` under the shared folder (a file or a folder), if it exists.
pub fn shared_path(rel: impl AsRef<Path>) -> Option<PathBuf> {
    let path = shared_root().join(rel);
    if path.exists() {
        Some(path)
    } else {
        skip(&format!("{} is missing", path.display()))
    }
}

/// The shared folder, if it holds the seed pages.
pub fn shared() -> Option<PathBuf> {
    shared_path("seeds").map(|seeds| seeds.parent().unwrap_or(&seeds).to_path_buf())
}

/// The seed pages' folder.
pub fn seeds_dir() -> Option<PathBuf> {
    shared_path("seeds")
}

/// Every seed page (`.txt`), as (file name, text), in file-name order.
pub fn seeds() -> Option<Vec<(String, String)>> {
    let dir = seeds_dir()?;
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("seeds folder readable") {
        let path = entry.expect("seeds entry").path();
        if path.extension().is_some_and(|x| x == "txt") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push((name, text));
        }
    }
    out.sort();
    Some(out)
}

/// The text of the seed page whose file name starts with `prefix`.
pub fn seed(prefix: &str) -> Option<String> {
    let found = seeds()?
        .into_iter()
        .find(|(name, _)| name.starts_with(prefix));
    match found {
        Some((_, text)) => Some(text),
        None => skip(&format!("no seed page named {prefix}*")),
    }
}

/// A fresh PostgreSQL schema on `$SITREP_POSTGRES_URL` for one test, dropped with the
/// value. `create` gives `None` when the variable is unset, and fails instead when
/// `SITREP_REQUIRE_POSTGRES=1` (set by `.ci/run`).
pub struct PgSchema {
    admin: String,
    name: String,
}

impl PgSchema {
    /// Creates the schema, named uniquely within this machine's test runs.
    pub fn create() -> Option<PgSchema> {
        let Ok(admin) = std::env::var("SITREP_POSTGRES_URL") else {
            assert!(
                std::env::var("SITREP_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "SITREP_REQUIRE_POSTGRES=1 but SITREP_POSTGRES_URL is not set"
            );
            eprintln!("skipping PostgreSQL: SITREP_POSTGRES_URL is not set");
            return None;
        };
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock after 1970")
            .subsec_nanos();
        let name = format!(
            "t_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        let mut c = postgres::Client::connect(&admin, postgres::NoTls)
            .unwrap_or_else(|e| panic!("SITREP_POSTGRES_URL: {e}"));
        c.batch_execute(&format!("CREATE SCHEMA {name}"))
            .expect("create a test schema");
        Some(PgSchema { admin, name })
    }

    /// The URL of a connection that works in this schema only.
    pub fn url(&self) -> String {
        let sep = if self.admin.contains('?') { '&' } else { '?' };
        format!(
            "{}{sep}options=-c%20search_path%3D{}",
            self.admin, self.name
        )
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            // Best effort: a leftover schema only costs space in a test database.
            let _ = c.batch_execute(&format!("DROP SCHEMA {} CASCADE", self.name));
        }
    }
}

/// A pipeline component for engine and server tests: codes one event (112, Ruritania
/// as source) on the first "accused" in the text, enough to see pipeline output reach
/// the store without loading any model.
pub struct Accuse;

impl sitrep_pipeline::Component for Accuse {
    fn meta(&self) -> &sitrep_pipeline::ComponentMeta {
        const M: sitrep_pipeline::ComponentMeta = sitrep_pipeline::ComponentMeta {
            name: "accuse",
            requires: &[],
            assigns: &[sitrep_doc::Layer::Events],
        };
        &M
    }

    fn process(&self, doc: &mut sitrep_doc::Doc) {
        if let Some(at) = doc.text().find("accused") {
            doc.events.push(sitrep_doc::Event {
                source: sitrep_doc::ActorRef {
                    code: "RUR".into(),
                    iso3: Some("RUR".into()),
                    ..sitrep_doc::ActorRef::default()
                },
                action: sitrep_doc::ByteSpan::new(at, at + 7),
                cameo: "112".into(),
                plover: "ACCUSE".into(),
                goldstein: -2.0,
                quad_class: 3,
                rule: "test".into(),
                ..sitrep_doc::Event::default()
            });
        }
    }
}
