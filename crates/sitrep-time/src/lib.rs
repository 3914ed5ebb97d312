//! Time expressions normalised to TIMEX3 against the publication date.
#![deny(missing_docs)]
