//! Direct, partial and indirect quotes with speakers.
#![deny(missing_docs)]
