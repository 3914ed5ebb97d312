//! The event lexicon: verb and noun entries with patterns, from sitrep's own data files.

use std::collections::HashMap;

use crate::EventsError;

/// One word of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Word {
    /// Consecutive words, lowercased; the last may be a stem (`violat`) when `stem`.
    Lit {
        /// The words.
        words: Vec<String>,
        /// Match the last word as a prefix.
        stem: bool,
    },
    /// A synonym set, by index.
    Set(u32),
}

/// Whether an entry is keyed by a verb or a noun.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A verb.
    Verb,
    /// An event noun ("air strikes", "talks").
    Noun,
}

/// One lexicon entry: a lemma, the words that must surround it, and its CAMEO code.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Lowercased lemma.
    pub lemma: String,
    /// Words that must occur before it, in order.
    pub before: Vec<Word>,
    /// Words that must occur after it, in order.
    pub after: Vec<Word>,
    /// CAMEO code; `None` blocks coding (PETRARCH `[---]`).
    pub code: Option<String>,
    /// Provenance: file and pattern text.
    pub rule: String,
}

impl Entry {
    /// How many pattern words it needs; the most specific matching entry wins.
    pub fn specificity(&self) -> usize {
        let n = |w: &Word| match w {
            Word::Lit { words, .. } => words.len(),
            Word::Set(_) => 1,
        };
        self.before.iter().map(n).sum::<usize>() + self.after.iter().map(n).sum::<usize>()
    }
}

/// Verb and noun entries by lemma, plus synonym sets.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    entries: HashMap<(Kind, String), Vec<Entry>>,
    /// Synonym sets: each a list of members (multi-word members joined by spaces).
    pub sets: Vec<Vec<Vec<String>>>,
    set_names: HashMap<String, u32>,
}

const LEXICON: &str = include_str!("../data/lexicon.tsv");
const SYNSETS: &str = include_str!("../data/synsets.tsv");

impl Lexicon {
    /// sitrep's own lexicon.
    pub fn builtin() -> Result<Lexicon, EventsError> {
        let mut lex = Lexicon::default();
        for (n, line) in SYNSETS.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((name, members)) = line.split_once('\t') else {
                return Err(EventsError::format(
                    "synsets.tsv",
                    n + 1,
                    "expected 2 columns",
                ));
            };
            let members = members
                .split_whitespace()
                .map(|m| m.split('_').map(str::to_lowercase).collect())
                .collect();
            lex.add_set(name.trim(), members);
        }
        for (n, line) in LEXICON.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 4 {
                return Err(EventsError::format(
                    "lexicon.tsv",
                    n + 1,
                    "expected 4 columns",
                ));
            }
            let kind = match f[0] {
                "v" => Kind::Verb,
                "n" => Kind::Noun,
                _ => {
                    return Err(EventsError::format(
                        "lexicon.tsv",
                        n + 1,
                        "kind must be v or n",
                    ))
                }
            };
            let (before, after) = lex.pattern(f[2]);
            let lemma = f[1].replace('_', " ").to_lowercase();
            let code = (f[3] != "---").then(|| f[3].to_string());
            let rule = format!("lexicon:{} {}", f[1], f[2]);
            lex.add(
                kind,
                Entry {
                    lemma,
                    before,
                    after,
                    code,
                    rule,
                },
            );
        }
        Ok(lex)
    }

    fn add_set(&mut self, name: &str, members: Vec<Vec<String>>) {
        let key = name
            .trim_start_matches('&')
            .trim_end_matches('_')
            .to_lowercase();
        match self.set_names.get(&key) {
            Some(&id) => self.sets[id as usize].extend(members),
            None => {
                self.set_names.insert(key, self.sets.len() as u32);
                self.sets.push(members);
            }
        }
    }

    /// Adds an entry.
    pub fn add(&mut self, kind: Kind, entry: Entry) {
        self.entries
            .entry((kind, entry.lemma.clone()))
            .or_default()
            .push(entry);
    }

    /// Entries for a lemma.
    pub fn get(&self, kind: Kind, lemma: &str) -> &[Entry] {
        self.entries
            .get(&(kind, lemma.to_string()))
            .map_or(&[], Vec::as_slice)
    }

    /// True when no entry is keyed by this lemma.
    pub fn has(&self, kind: Kind, lemma: &str) -> bool {
        self.entries.contains_key(&(kind, lemma.to_string()))
    }

    /// Parses pattern text around `*`. Markers PETRARCH uses for actors and skips
    /// (`+ $ ^ %`), brackets and a second `*` are dropped: sitrep finds actors from the
    /// parse, and pattern words only select the code.
    fn pattern(&mut self, text: &str) -> (Vec<Word>, Vec<Word>) {
        let mut before = Vec::new();
        let mut after = Vec::new();
        let mut seen_star = false;
        let cleaned = text.replace(['(', ')', '{', '}'], " ");
        for tok in cleaned.split_whitespace() {
            if tok == "*" {
                seen_star = true;
                continue;
            }
            if matches!(tok, "+" | "$" | "^" | "%" | "=" | "-") || tok.starts_with('<') {
                continue;
            }
            let w = if let Some(set) = tok.strip_prefix('&') {
                let key = set.trim_end_matches('_').to_lowercase();
                match self.set_names.get(&key) {
                    Some(&id) => Word::Set(id),
                    None => continue,
                }
            } else {
                let words: Vec<String> = tok
                    .split('_')
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                if words.is_empty() {
                    continue;
                }
                Word::Lit { words, stem: false }
            };
            if seen_star {
                after.push(w);
            } else {
                before.push(w);
            }
        }
        (before, after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses() {
        let lex = Lexicon::builtin().unwrap();
        let e = lex.get(Kind::Verb, "accuse");
        assert!(e
            .iter()
            .any(|e| e.code.as_deref() == Some("1124") && e.specificity() == 2));
        let call = lex.get(Kind::Verb, "call");
        let on = call.iter().find(|e| e.rule == "lexicon:call * on").unwrap();
        assert_eq!(
            on.after,
            vec![Word::Lit {
                words: vec!["on".into()],
                stem: false
            }]
        );
        assert!(lex.has(Kind::Noun, "strike"));
    }

    /// Every code the lexicon gives is a CAMEO code, and the lexicon reaches all 20 cue
    /// categories and nearly every 3-digit code by itself (the coder composes the rest
    /// of the 02, 03, 10, 12 and 13 families from complements).
    #[test]
    fn builtin_covers_the_codebook() {
        let lex = Lexicon::builtin().unwrap();
        let codes: std::collections::BTreeSet<&str> = lex
            .entries
            .values()
            .flatten()
            .filter_map(|e| e.code.as_deref())
            .collect();
        for c in &codes {
            let known = crate::cameo::info(c).map(|i| i.code.as_str());
            assert_eq!(known, Some(*c), "{c} is not a CAMEO code");
        }
        for root in 1..=20 {
            let r = format!("{root:02}");
            assert!(
                codes.iter().any(|c| c.starts_with(&r)),
                "no entry for root {r}"
            );
        }
        let three: std::collections::BTreeSet<&str> = codes
            .iter()
            .filter_map(|c| c.get(..3))
            .filter(|c| c.len() == 3)
            .collect();
        assert!(three.len() >= 140, "{} 3-digit codes", three.len());
        assert!(lex.entries.values().map(Vec::len).sum::<usize>() >= 1000);
    }
}
