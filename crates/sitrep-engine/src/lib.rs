//! Glue: builds pipelines, runs ingest -> pipeline -> story -> store.
#![deny(missing_docs)]
