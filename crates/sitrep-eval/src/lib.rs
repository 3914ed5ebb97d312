//! Evaluation suites: readers for gold formats and scorers, each returning [`Metrics`]
//! that the CLI prints as one `name: value` line per metric.
//!
//! # Brief overview
//! - One module per suite (`extract`, `parse`, `ner`, `events`, `quotes`, `time`, `geo`,
//!   `cluster`, `summary`); each exposes plain functions taking paths.
//! - [`Prf`] is the one precision/recall/F1 counter shared by every suite.
//! - [`EvalError`] is for unreadable gold data only; a doc the system gets wrong is a score,
//!   not an error.
#![deny(missing_docs)]

pub mod events;
pub mod extract;
pub mod geo;
pub mod ner;
pub mod parse;
pub mod petr_unit;
pub mod quotes;
pub mod time;

pub mod cluster;
pub mod summary;

use std::fmt;
use std::path::PathBuf;

/// Metrics in print order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics(pub Vec<(String, f64)>);

impl Metrics {
    /// Appends a metric.
    pub fn push(&mut self, name: &str, value: f64) {
        self.0.push((name.to_string(), value));
    }

    /// The value of a metric by name.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }
}

impl fmt::Display for Metrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, value) in &self.0 {
            if value.fract() == 0.0 && value.abs() < 1e15 {
                writeln!(f, "{name}: {value}")?;
            } else {
                writeln!(f, "{name}: {value:.4}")?;
            }
        }
        Ok(())
    }
}

/// True/false positive and false negative counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    /// True positives.
    pub tp: f64,
    /// False positives.
    pub fp: f64,
    /// False negatives.
    pub fn_: f64,
}

impl Prf {
    /// Precision; 1.0 when nothing was predicted and nothing was expected, else 0.0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0.0 {
            return if self.fn_ == 0.0 { 1.0 } else { 0.0 };
        }
        self.tp / (self.tp + self.fp)
    }

    /// Recall; 1.0 when nothing was expected.
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0.0 {
            return 1.0;
        }
        self.tp / (self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }

    /// Adds another counter to this one.
    pub fn add(&mut self, other: Prf) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

/// Harmonic mean of two values; 0 when both are 0.
pub fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Why a suite could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A gold file or directory could not be read.
    #[error("{path}: cannot read")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A gold file is not in the expected format.
    #[error("{path}: {message}")]
    Format {
        /// The path.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl EvalError {
    /// Wraps an IO error with its path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> EvalError {
        EvalError::Io {
            path: path.into(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_and_display() {
        let p = Prf {
            tp: 3.0,
            fp: 1.0,
            fn_: 2.0,
        };
        assert_eq!(p.precision(), 0.75);
        assert_eq!(p.recall(), 0.6);
        let mut m = Metrics::default();
        m.push("f1", p.f1());
        m.push("docs", 5.0);
        assert_eq!(m.to_string(), "f1: 0.6667\ndocs: 5\n");
    }
}
