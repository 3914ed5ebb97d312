//! Built-in actor knowledge base, PETRARCH dictionary import, mention resolution to actor codes.
#![deny(missing_docs)]
