//! Transition-based UD dependency parser.
#![deny(missing_docs)]
