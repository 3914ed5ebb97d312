//! Who-did-what-to-whom: CAMEO and PLOVER event coding from the dependency parse.
#![deny(missing_docs)]
