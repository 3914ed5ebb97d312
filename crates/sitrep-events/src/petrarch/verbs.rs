//! PETRARCH verb dictionaries: synsets, verb blocks, verb forms and patterns.
//!
//! - `&NAME` then `+MEMBER` lines define a synset; members get a plural unless the
//!   name or the member ends in `_`; `_` inside a member joins words.
//! - `--- NAME [CODE] ---` opens a verb block; `[CODE]` (first bracket) is the code of
//!   its verbs when no pattern matches; `[---]` or none means no event.
//! - A verb line is `VERB [CODE] {FORMS}`: without `{...}` the regular forms are made
//!   (`S`, `ED`/`D`, `ING`); with it, the base and the listed forms only. A multi-word
//!   verb joins words with `_` and marks the verb with `+` (`PHONE_+HACK`, `+CALL_OFF`);
//!   the other words must stand right before or after it.
//! - A pattern line `- UPPER * LOWER [CODE]` applies to every verb of its block: the
//!   words before `*` must occur before the verb (nearest first), the words after it
//!   in the verb phrase. `_` makes neighbours consecutive, a space lets other words come
//!   between; `$` and `+` mark the noun phrase that is the source or the target, `^`
//!   skips a noun phrase, `%` is a compound ("Freedonia and Sylvania"), `&SET` a synset.
//!   PETRARCH 2 groupings, `{...}` (one noun phrase) and `(...)` (a prepositional
//!   phrase), are read as their words in order. `[A:B]` codes a pair of events, `A` by
//!   the source and `B` back by the target; `[:B]` codes only the second.

use std::collections::HashMap;
use std::path::Path;

use crate::EventsError;

/// A word of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    Word(String),
    Syn(usize),
    Source,
    Target,
    Skip,
    Compound,
}

/// A pattern element with whether it must follow the previous one directly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PTok {
    pub(crate) tok: Tok,
    pub(crate) joined: bool,
}

/// One pattern of a verb block.
#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    /// Elements before the verb, nearest first.
    pub(crate) upper: Vec<PTok>,
    /// Elements after the verb, in order.
    pub(crate) lower: Vec<PTok>,
    /// `None` blocks coding (`[---]`).
    pub(crate) code: Option<String>,
    /// Provenance: file line and text.
    pub(crate) rule: String,
}

/// One way a word form is a verb of a block.
#[derive(Clone, Debug)]
pub(crate) struct VerbEntry {
    /// Words that must stand right before the verb, in text order.
    pub(crate) before: Vec<String>,
    /// Words that must stand right after it.
    pub(crate) after: Vec<String>,
    /// The code when no pattern matches; `None` codes nothing.
    pub(crate) code: Option<String>,
    pub(crate) block: usize,
    pub(crate) rule: String,
}

/// A verb block's patterns.
#[derive(Clone, Debug, Default)]
pub(crate) struct Block {
    pub(crate) patterns: Vec<Pattern>,
}

/// A PETRARCH verb dictionary.
#[derive(Clone, Debug, Default)]
pub struct VerbDict {
    pub(crate) forms: HashMap<String, Vec<VerbEntry>>,
    pub(crate) blocks: Vec<Block>,
    /// Synset members, each a list of words.
    pub(crate) synsets: Vec<Vec<Vec<String>>>,
    syn_names: HashMap<String, usize>,
}

/// A dictionary's lines without comments, trimmed.
fn content_lines(text: &str) -> Vec<(usize, &str)> {
    sitrep_actors::dictionary_lines(text)
        .into_iter()
        .map(|(n, l)| (n, l.trim()))
        .collect()
}

/// The code inside the first `[...]`: `None` for a null code.
fn code_of(s: &str) -> Option<Option<String>> {
    let a = s.find('[')?;
    let b = s[a..].find(']')? + a;
    let inner = s[a + 1..b].trim();
    if inner.is_empty() || inner.starts_with("---") {
        return Some(None);
    }
    Some(Some(inner.to_string()))
}

fn plural(s: &str) -> String {
    if let Some(stem) = s.strip_suffix('Y') {
        format!("{stem}IES")
    } else if s.ends_with('S') {
        format!("{s}ES")
    } else {
        format!("{s}S")
    }
}

/// The regular forms of a verb besides itself.
fn regular_forms(v: &str) -> Vec<String> {
    let mut out = vec![format!("{v}S")];
    if let Some(stem) = v.strip_suffix('E') {
        out.push(format!("{v}D"));
        out.push(format!("{stem}ING"));
    } else {
        out.push(format!("{v}ED"));
        out.push(format!("{v}ING"));
        let consonant_y = v.len() > 1
            && v.ends_with('Y')
            && !matches!(v.as_bytes()[v.len() - 2], b'A' | b'E' | b'I' | b'O' | b'U');
        if consonant_y {
            let stem = &v[..v.len() - 1];
            out.push(format!("{stem}IES"));
            out.push(format!("{stem}IED"));
        }
    }
    out
}

impl VerbDict {
    /// Reads a PETRARCH verb dictionary file.
    pub fn load(path: &Path) -> Result<VerbDict, EventsError> {
        let bytes = std::fs::read(path).map_err(|source| EventsError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let file = path
            .file_name()
            .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        let mut d = VerbDict::default();
        d.add_text(&String::from_utf8_lossy(&bytes), &file);
        if d.forms.is_empty() {
            return Err(EventsError::format(
                &file,
                1,
                "no verbs: not a PETRARCH verb dictionary",
            ));
        }
        Ok(d)
    }

    /// Adds dictionary text; `file` names it in rules.
    pub fn add_text(&mut self, text: &str, file: &str) {
        let lines = content_lines(text);
        // Synsets first: patterns may use a set defined further down.
        let mut i = 0;
        while i < lines.len() {
            let (_, line) = lines[i];
            i += 1;
            let Some(name) = line.strip_prefix('&') else {
                continue;
            };
            let name = name.split_whitespace().next().unwrap_or("").to_uppercase();
            let no_plural = name.ends_with('_');
            let key = name.trim_end_matches('_').to_string();
            let mut members = Vec::new();
            while let Some(m) = lines.get(i).and_then(|(_, l)| l.strip_prefix('+')) {
                i += 1;
                let m = m.trim().to_uppercase();
                let keep = no_plural || m.ends_with('_');
                let words: Vec<String> = m
                    .split(['_', ' '])
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect();
                if words.is_empty() {
                    continue;
                }
                if !keep {
                    let mut p = words.clone();
                    let last = p.len() - 1;
                    p[last] = plural(&p[last]);
                    members.push(p);
                }
                members.push(words);
            }
            match self.syn_names.get(&key) {
                Some(&id) => self.synsets[id].extend(members),
                None => {
                    self.syn_names.insert(key, self.synsets.len());
                    self.synsets.push(members);
                }
            }
        }
        let mut block: Option<usize> = None;
        let mut block_code: Option<String> = None;
        let mut in_set = false;
        for &(n, line) in &lines {
            if line.starts_with('&') {
                in_set = true;
                continue;
            }
            if in_set && line.starts_with('+') {
                continue;
            }
            in_set = false;
            if let Some(rest) = line.strip_prefix("---") {
                block_code = code_of(rest).flatten();
                self.blocks.push(Block::default());
                block = Some(self.blocks.len() - 1);
                continue;
            }
            let Some(b) = block else { continue };
            if let Some(pat) = line.strip_prefix('-') {
                if let Some(p) = self.pattern(pat, &format!("{file}:{n}")) {
                    self.blocks[b].patterns.push(p);
                }
                continue;
            }
            self.verb_line(line, b, &block_code, &format!("{file}:{n}"));
        }
    }

    /// Adds a verb line: its forms, each possibly multi-word.
    fn verb_line(&mut self, line: &str, block: usize, block_code: &Option<String>, at: &str) {
        let head = line.split(['[', '{']).next().unwrap_or("").trim();
        if head.is_empty() {
            return;
        }
        let code = code_of(line).unwrap_or_else(|| block_code.clone());
        let listed: Option<Vec<&str>> = match (line.find('{'), line.find('}')) {
            (Some(s), Some(e)) if s < e => Some(line[s + 1..e].split_whitespace().collect()),
            _ => None,
        };
        let rule = format!("{at}:{}", head.to_uppercase());
        let base = split_verb(head);
        let Some((before, verb, after)) = base.clone() else {
            return;
        };
        let mut forms: Vec<(Vec<String>, String, Vec<String>)> =
            vec![(before.clone(), verb.clone(), after.clone())];
        match listed {
            Some(list) => forms.extend(list.into_iter().filter_map(split_verb)),
            None => forms.extend(
                regular_forms(&verb)
                    .into_iter()
                    .map(|f| (before.clone(), f, after.clone())),
            ),
        }
        for (before, verb, after) in forms {
            let entries = self.forms.entry(verb).or_default();
            // A form in a later block replaces the earlier one (PETRARCH keeps the last).
            entries.retain(|e| !(e.before == before && e.after == after));
            entries.push(VerbEntry {
                before,
                after,
                code: code.clone(),
                block,
                rule: rule.clone(),
            });
        }
    }

    /// Parses a pattern line (after the leading `-`).
    fn pattern(&self, text: &str, at: &str) -> Option<Pattern> {
        let code = code_of(text)?;
        let body = text.split('[').next().unwrap_or("").replace("_ ", " ");
        let body = body.replace(['(', ')', '{', '}'], " ");
        let (up, low) = body.split_once('*')?;
        let mut upper = self.elements(up.trim_start())?;
        // Before the verb, each element's connector is the one after it in the text.
        let mut joined_after: Vec<bool> = upper.iter().skip(1).map(|t| t.joined).collect();
        joined_after.push(up.ends_with('_'));
        for (t, j) in upper.iter_mut().zip(joined_after) {
            t.joined = j;
        }
        upper.reverse();
        let low = low.trim_end();
        let lower = match low.strip_prefix('_') {
            Some(rest) => {
                let mut l = self.elements(rest)?;
                if let Some(first) = l.first_mut() {
                    first.joined = true;
                }
                l
            }
            None => self.elements(low)?,
        };
        Some(Pattern {
            upper,
            lower,
            code,
            rule: format!("{at}:{}", text.split('[').next().unwrap_or("").trim()),
        })
    }

    /// Elements of a pattern half in text order, each marked joined to the previous one
    /// by `_`; `None` when it names an undefined synset.
    fn elements(&self, s: &str) -> Option<Vec<PTok>> {
        let mut out = Vec::new();
        let mut joined = false;
        let mut word = String::new();
        let flush = |word: &mut String, joined: bool, out: &mut Vec<PTok>| -> Option<()> {
            if word.is_empty() {
                return Some(());
            }
            let w = std::mem::take(word).to_uppercase();
            let tok = match w.as_str() {
                "$" => Tok::Source,
                "+" => Tok::Target,
                "^" => Tok::Skip,
                "%" => Tok::Compound,
                _ => match w.strip_prefix('&') {
                    Some(name) => Tok::Syn(*self.syn_names.get(name.trim_end_matches('_'))?),
                    None => Tok::Word(w),
                },
            };
            out.push(PTok { tok, joined });
            Some(())
        };
        for c in s.chars() {
            match c {
                '_' | ' ' | '\t' => {
                    let had = !word.is_empty();
                    flush(&mut word, joined, &mut out)?;
                    if had {
                        joined = c == '_';
                    } else if c == '_' {
                        joined = true;
                    }
                }
                _ => word.push(c),
            }
        }
        flush(&mut word, joined, &mut out)?;
        Some(out)
    }

    /// The entries of a word form.
    pub(crate) fn entries(&self, form: &str) -> &[VerbEntry] {
        self.forms.get(form).map_or(&[], Vec::as_slice)
    }

    /// True when the form is a verb of the dictionary.
    pub fn has(&self, form: &str) -> bool {
        self.forms.contains_key(&form.to_uppercase())
    }
}

/// Splits `KLM_NOP_+RST` into the words before the verb, the verb, and those after;
/// without a `+` the first word is the verb.
fn split_verb(s: &str) -> Option<(Vec<String>, String, Vec<String>)> {
    let parts: Vec<String> = s
        .split(['_', ' '])
        .filter(|p| !p.is_empty() && *p != "+")
        .map(str::to_uppercase)
        .collect();
    if parts.is_empty() {
        return None;
    }
    let vi = parts.iter().position(|p| p.starts_with('+')).unwrap_or(0);
    let clean = |p: &String| p.trim_start_matches('+').to_string();
    Some((
        parts[..vi].iter().map(clean).collect(),
        clean(&parts[vi]),
        parts[vi + 1..].iter().map(clean).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DICT: &str = "&MONEY\n+DOUBLOONS\n+GOLD COINS\n&NEVER_\n+DID NEVER\n\n\
        --- GIVE [0701] ---\nGIVE {GAVE GIVEN GIVING GIVES} # x\nBESTOW [0702]\n\
        - * &MONEY [9031]\n- &NEVER * [1121]\n- + WAS_ * BACK_ ^ TO $ [1741]\n\n\
        --- CANCEL [1611] ---\nCANCEL {CANCELLED}\n+CALL_OFF {+CALLED_OFF}\nPHONE_+HACK [1712]\n\
        - * ACCORD [1631]\n- * (WITH {HARBOUR AUTHORITIES}) [:1731]\n- *_OFF [1632]\n\
        - IN_* [1633]\n";

    #[test]
    fn reads_blocks_forms_and_patterns() {
        let mut d = VerbDict::default();
        d.add_text(DICT, "t");
        for f in [
            "GAVE",
            "GIVES",
            "BESTOWS",
            "BESTOWED",
            "BESTOWING",
            "CANCELLED",
        ] {
            assert!(d.has(f), "{f}");
        }
        assert!(!d.has("CANCELS"), "listed forms replace the regular ones");
        assert_eq!(d.entries("BESTOW")[0].code.as_deref(), Some("0702"));
        assert!(d.entries("CALLED").iter().any(|e| e.after == ["OFF"]));
        assert_eq!(d.entries("HACKS")[0].before, ["PHONE"]);
        let b = &d.blocks[d.entries("BESTOW")[0].block];
        assert_eq!(b.patterns.len(), 3);
        assert_eq!(b.patterns[0].lower[0].tok, Tok::Syn(0));
        assert_eq!(d.synsets[0].len(), 4, "members and their plurals");
        assert_eq!(d.synsets[1], [["DID", "NEVER"]], "no plurals for a `_` set");
        let p = &b.patterns[2];
        let toks: Vec<&Tok> = p.upper.iter().map(|t| &t.tok).collect();
        assert_eq!(toks, [&Tok::Word("WAS".into()), &Tok::Target]);
        assert!(
            !p.upper[0].joined,
            "`WAS_ *` reads as `WAS *`, as in PETRARCH"
        );
        let low: Vec<&Tok> = p.lower.iter().map(|t| &t.tok).collect();
        assert_eq!(
            low,
            [
                &Tok::Word("BACK".into()),
                &Tok::Skip,
                &Tok::Word("TO".into()),
                &Tok::Source
            ]
        );
        assert!(!p.lower[0].joined && !p.lower[1].joined);
        let c = &d.blocks[d.entries("CANCELLED")[0].block].patterns;
        assert_eq!(c[1].code.as_deref(), Some(":1731"));
        assert_eq!(c[1].lower.len(), 3, "grouping brackets read as their words");
        assert!(c[2].lower[0].joined, "`*_OFF`: right after the verb");
        assert!(c[3].upper[0].joined, "`IN_*`: right before it");
    }

    #[test]
    fn undefined_synsets_drop_the_pattern() {
        let mut d = VerbDict::default();
        d.add_text("--- X [010] ---\nX\n- * &NOPE [011]\n- * YES [012]\n", "t");
        assert_eq!(d.blocks[0].patterns.len(), 1);
    }
}
