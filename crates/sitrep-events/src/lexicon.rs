//! The event lexicon: verb and noun entries with patterns, from sitrep's own data files
//! or imported from a PETRARCH-format CAMEO verb dictionary.

use std::collections::HashMap;
use std::path::Path;

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
            let (before, after) = lex.pattern(f[2], false);
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
    fn pattern(&mut self, text: &str, stems: bool) -> (Vec<Word>, Vec<Word>) {
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
                let exact = tok.ends_with('_');
                let words: Vec<String> = tok
                    .split('_')
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                if words.is_empty() {
                    continue;
                }
                Word::Lit {
                    words,
                    stem: stems && !exact,
                }
            };
            if seen_star {
                after.push(w);
            } else {
                before.push(w);
            }
        }
        (before, after)
    }

    /// Adds a PETRARCH-format CAMEO verb dictionary: synsets (`&NAME` then `+MEMBER`
    /// lines), verb blocks (`--- NAME [code] ---`), verbs (`WORD [code] {FORMS}`, with
    /// `_`-joined multi-word verbs whose `+`-marked word is the verb) and patterns
    /// (`- words * words [code]`), which apply to every verb of their block.
    pub fn import_petrarch(&mut self, path: &Path) -> Result<usize, EventsError> {
        let bytes = std::fs::read(path).map_err(|source| EventsError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let text = String::from_utf8_lossy(&bytes);
        let file = path
            .file_name()
            .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        // Synsets first: patterns may use a set defined further down.
        let mut set: Option<(String, Vec<Vec<String>>)> = None;
        for raw in text.lines() {
            let line = strip(raw);
            if let Some(name) = line.strip_prefix('&') {
                if let Some((n, m)) = set.take() {
                    self.add_set(&n, m);
                }
                set = Some((name.trim().to_string(), Vec::new()));
            } else if let (Some(member), Some((_, m))) = (line.strip_prefix('+'), set.as_mut()) {
                m.push(
                    member
                        .split(['_', ' '])
                        .filter(|w| !w.is_empty())
                        .map(str::to_lowercase)
                        .collect(),
                );
            } else if !line.is_empty() {
                if let Some((n, m)) = set.take() {
                    self.add_set(&n, m);
                }
            }
        }
        if let Some((n, m)) = set.take() {
            self.add_set(&n, m);
        }
        let mut count = 0;
        let mut block_code: Option<String> = None;
        let mut block_name = String::new();
        // Verbs of the current block: lemma and the particles before and after it.
        let mut verbs: Vec<(String, Vec<Word>, Vec<Word>)> = Vec::new();
        let mut in_set = false;
        for (n, raw) in text.lines().enumerate() {
            let line = strip(raw);
            if line.is_empty() {
                continue;
            }
            if line.starts_with('&') {
                in_set = true;
                continue;
            }
            if in_set && line.starts_with('+') {
                continue;
            }
            in_set = false;
            if let Some(rest) = line.strip_prefix("---") {
                let inner = rest.trim_end_matches('-').trim();
                block_name = inner.split('[').next().unwrap_or("").trim().to_string();
                block_code = code_of(inner).flatten();
                verbs.clear();
                continue;
            }
            if let Some(pat) = line.strip_prefix('-') {
                let Some(code) = code_of(pat) else { continue };
                let body = pat.split('[').next().unwrap_or("");
                let (before, after) = self.pattern(body, true);
                for (lemma, vb, va) in &verbs {
                    let mut b = vb.clone();
                    b.extend(before.iter().cloned());
                    let mut a = va.clone();
                    a.extend(after.iter().cloned());
                    self.add(
                        Kind::Verb,
                        Entry {
                            lemma: lemma.clone(),
                            before: b,
                            after: a,
                            code: code.clone(),
                            rule: format!("{file}:{}:{}", n + 1, body.trim()),
                        },
                    );
                    count += 1;
                }
                continue;
            }
            // A verb line: WORD or MULTI_+WORD, optional [code], optional {forms}.
            let head = line.split(['[', '{']).next().unwrap_or("").trim();
            let head = head.trim_start_matches('+');
            if head.is_empty() || head.contains(' ') {
                continue;
            }
            let code = code_of(line).unwrap_or_else(|| block_code.clone());
            let parts: Vec<&str> = head.split('_').filter(|p| !p.is_empty()).collect();
            let vi = parts.iter().position(|p| p.starts_with('+')).unwrap_or(0);
            let lemma = parts
                .get(vi)
                .map_or("", |p| p.trim_start_matches('+'))
                .to_lowercase();
            if lemma.is_empty() {
                continue;
            }
            let lit = |ws: &[&str]| -> Vec<Word> {
                ws.iter()
                    .map(|w| Word::Lit {
                        words: vec![w.trim_start_matches('+').to_lowercase()],
                        stem: false,
                    })
                    .collect()
            };
            let before = lit(&parts[..vi]);
            let after = lit(&parts[vi + 1..]);
            let forms: Vec<String> = match (line.find('{'), line.find('}')) {
                (Some(s), Some(e)) if s < e => line[s + 1..e]
                    .split_whitespace()
                    .map(str::to_lowercase)
                    .collect(),
                _ => Vec::new(),
            };
            for key in std::iter::once(lemma.clone()).chain(forms) {
                self.add(
                    Kind::Verb,
                    Entry {
                        lemma: key.clone(),
                        before: before.clone(),
                        after: after.clone(),
                        code: code.clone(),
                        rule: format!("{file}:{}:{block_name}:{head}", n + 1),
                    },
                );
                verbs.push((key, before.clone(), after.clone()));
                count += 1;
            }
        }
        Ok(count)
    }
}

/// Drops `#` comments and `<!-- -->` lines.
fn strip(line: &str) -> &str {
    let l = line.split('#').next().unwrap_or("").trim();
    if l.starts_with("<!--") {
        return "";
    }
    l
}

/// The code inside `[...]`: `Some(None)` for `[---]`, the first of `[a:b]`.
fn code_of(s: &str) -> Option<Option<String>> {
    let a = s.find('[')?;
    let b = s[a..].find(']')? + a;
    let inner = s[a + 1..b].trim();
    let first = inner.split(':').next().unwrap_or("").trim();
    if first.is_empty() || first.starts_with("---") {
        return Some(None);
    }
    Some(Some(first.to_string()))
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
        assert_eq!(
            code_of("- * EACH OTHER [112:112] # x"),
            Some(Some("112".into()))
        );
        assert_eq!(code_of("- SYMBOLICALLY * [---]"), Some(None));
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
