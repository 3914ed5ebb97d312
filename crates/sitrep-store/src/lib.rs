//! The Store: SQLite (FTS5) by default, PostgreSQL optional. The only crate that writes SQL.
#![deny(missing_docs)]
