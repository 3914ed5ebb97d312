//! Named-entity recogniser (PER, ORG, LOC, GPE, NORP).
#![deny(missing_docs)]
