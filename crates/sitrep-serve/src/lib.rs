//! HTTP JSON API and web UI.
#![deny(missing_docs)]
