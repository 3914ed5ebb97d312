//! Lemmatizer: suffix rules by PTB tag, corrected by an exception table learned from
//! treebank data and keyed by (lower-cased form, XPOS).

use std::collections::{HashMap, HashSet};

use sitrep_doc::Xpos;

use crate::hash::{hash_bytes, mix, IdBuild};

/// Rules plus learned exceptions.
#[derive(Clone, Debug, Default)]
pub struct Lemmatizer {
    /// `key(lower form, xpos)` -> lemma, where the rules get it wrong.
    exceptions: HashMap<u64, String, IdBuild>,
    /// The same entries in a stable, serialisable form.
    entries: Vec<(String, u8, String)>,
    /// Lemmas seen in training, to choose among rule candidates ("liked" -> "like").
    known: HashSet<String>,
}

fn key(lower: &str, xpos: u8) -> u64 {
    mix(hash_bytes(7, lower.as_bytes()), xpos as u64)
}

fn undouble(stem: &str) -> Option<&str> {
    let b = stem.as_bytes();
    let n = b.len();
    (n >= 3 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z' | b'e'))
        .then(|| &stem[..n - 1])
}

impl Lemmatizer {
    /// Builds a lemmatizer from exception entries `(lower form, xpos, lemma)` and known lemmas.
    pub(crate) fn new(entries: Vec<(String, u8, String)>, known: Vec<String>) -> Lemmatizer {
        let exceptions = entries
            .iter()
            .map(|(f, x, l)| (key(f, *x), l.clone()))
            .collect();
        Lemmatizer {
            exceptions,
            entries,
            known: known.into_iter().collect(),
        }
    }

    /// Learns exceptions from `(form, xpos, lemma)` triples: every (form, tag) whose most
    /// frequent lemma the rules do not produce.
    pub(crate) fn learn<'a>(data: impl Iterator<Item = (&'a str, Xpos, &'a str)>) -> Lemmatizer {
        let mut counts: HashMap<(String, u8), HashMap<String, u32>> = HashMap::new();
        let mut known = HashSet::new();
        for (form, xpos, lemma) in data {
            *counts
                .entry((form.to_lowercase(), xpos.0))
                .or_default()
                .entry(lemma.to_string())
                .or_default() += 1;
            if lemma.chars().all(|c| c.is_ascii_lowercase()) && lemma.len() > 2 {
                known.insert(lemma.to_string());
            }
        }
        let base = Lemmatizer {
            known: known.clone(),
            ..Lemmatizer::default()
        };
        let mut entries: Vec<(String, u8, String)> = Vec::new();
        for ((lower, x), lemmas) in counts {
            let mut best: Vec<(&String, &u32)> = lemmas.iter().collect();
            best.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let lemma = best[0].0;
            if base.rules(&lower, &lower, Xpos(x)) != *lemma {
                entries.push((lower, x, lemma.clone()));
            }
        }
        entries.sort();
        let mut known: Vec<String> = known.into_iter().collect();
        known.sort();
        Lemmatizer::new(entries, known)
    }

    /// Exception entries, sorted, for serialisation.
    pub(crate) fn entries(&self) -> &[(String, u8, String)] {
        &self.entries
    }

    /// Known lemmas, sorted, for serialisation.
    pub(crate) fn known_sorted(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.known.iter().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// The lemma of `form` tagged `xpos`.
    pub fn lemma(&self, form: &str, xpos: Xpos) -> String {
        let lower = form.to_lowercase();
        if let Some(l) = self.exceptions.get(&key(&lower, xpos.0)) {
            return l.clone();
        }
        self.rules(form, &lower, xpos)
    }

    fn pick(&self, cands: &[String], fallback: &str) -> String {
        cands
            .iter()
            .find(|c| self.known.contains(c.as_str()))
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    }

    fn rules(&self, form: &str, w: &str, xpos: Xpos) -> String {
        let cands = |stem: &str| -> Vec<String> {
            let mut v = vec![stem.to_string(), format!("{stem}e")];
            if let Some(u) = undouble(stem) {
                v.insert(0, u.to_string());
            }
            v
        };
        match xpos.as_str() {
            "NNP" | "NNPS" => form.to_string(),
            "NNS" | "VBZ" => {
                if let Some(s) = w.strip_suffix("ies").filter(|s| s.len() > 1) {
                    format!("{s}y")
                } else if let Some(s) = w.strip_suffix("es").filter(|s| {
                    s.ends_with(['s', 'x', 'z', 'o']) || s.ends_with("ch") || s.ends_with("sh")
                }) {
                    s.to_string()
                } else if let Some(s) = w.strip_suffix('s').filter(|s| !s.ends_with('s')) {
                    s.to_string()
                } else {
                    w.to_string()
                }
            }
            "VBD" | "VBN" => match w.strip_suffix("ed").filter(|s| s.len() > 1) {
                Some(s) if s.ends_with('i') => format!("{}y", &s[..s.len() - 1]),
                Some(s) => {
                    let c = cands(s);
                    let fb = if let Some(u) = undouble(s) {
                        u.to_string()
                    } else if s.ends_with(['v', 'c', 'u', 'z']) {
                        c[c.len() - 1].clone()
                    } else {
                        s.to_string()
                    };
                    self.pick(&c, &fb)
                }
                None => w.to_string(),
            },
            "VBG" => match w.strip_suffix("ing").filter(|s| s.len() > 1) {
                Some(s) => {
                    let c = cands(s);
                    let fb = undouble(s).unwrap_or(s);
                    self.pick(&c, fb)
                }
                None => w.to_string(),
            },
            "JJR" | "RBR" => match w.strip_suffix("er").filter(|s| s.len() > 1) {
                Some(s) if s.ends_with('i') => format!("{}y", &s[..s.len() - 1]),
                Some(s) => self.pick(&cands(s), s),
                None => w.to_string(),
            },
            "JJS" | "RBS" => match w.strip_suffix("est").filter(|s| s.len() > 1) {
                Some(s) if s.ends_with('i') => format!("{}y", &s[..s.len() - 1]),
                Some(s) => self.pick(&cands(s), s),
                None => w.to_string(),
            },
            _ => w.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_and_exceptions() {
        let data = [
            ("liked", "VBD", "like"),
            ("like", "VB", "like"),
            ("went", "VBD", "go"),
            ("Russia", "NNP", "Russia"),
        ];
        let l = Lemmatizer::learn(data.iter().map(|(f, x, l)| (*f, Xpos::parse(x), *l)));
        assert_eq!(l.lemma("went", Xpos::parse("VBD")), "go");
        assert_eq!(l.lemma("Liked", Xpos::parse("VBN")), "like");
        assert_eq!(l.lemma("stopped", Xpos::parse("VBD")), "stop");
        assert_eq!(l.lemma("countries", Xpos::parse("NNS")), "country");
        assert_eq!(l.lemma("Kerry", Xpos::parse("NNP")), "Kerry");
        assert_eq!(l.lemma("The", Xpos::parse("DT")), "the");
    }
}
