//! Text normalisation shared by dedup, clustering and summaries: word splitting, stemming,
//! stop words, paragraphs and a simple sentence splitter.
//!
//! The sentence splitter here is a fallback for text that has not been through the NLP
//! pipeline (evaluation corpora, bulk dedup); stories built from annotated `Doc`s use
//! `doc.sents` instead.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// English function words skipped when building content terms.
const STOP: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "said",
    "same",
    "say",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "mr",
    "mrs",
    "ms",
    "one",
    "two",
    "new",
    "year",
    "years",
    "told",
    "may",
    "might",
    "must",
    "shall",
    "us",
    "via",
    "per",
    "however",
    "yet",
    "s",
    "t",
    "according",
    "since",
    "among",
    "amid",
    "within",
    "without",
    "last",
    "first",
    "get",
    "got",
];

/// True for a lowercase function word.
pub fn is_stop(word: &str) -> bool {
    static SET: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP.iter().copied().collect())
        .contains(word)
}

/// The English Snowball stem of a lowercase word.
pub fn stem(word: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::English))
        .stem(word)
        .into_owned()
}

/// A word of the text with its byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word as written.
    pub text: &'a str,
    /// Byte offset of its first byte.
    pub start: usize,
}

impl Word<'_> {
    /// True when the word starts with an uppercase letter.
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Splits text into words: runs of alphanumerics, keeping inner `.`/`,` in numbers
/// ("6.1", "1,000") and inner apostrophes/hyphens in words ("don't", "al-Assad").
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let joins = |c: char, next: Option<char>, prev_digit: bool| -> bool {
            let next_alnum = next.is_some_and(char::is_alphanumeric);
            match c {
                '.' | ',' => prev_digit && next.is_some_and(|n| n.is_ascii_digit()),
                '\'' | '’' | '-' => next_alnum,
                _ => false,
            }
        };
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start {
            let prev_digit = i > 0 && bytes[i - 1].is_ascii_digit();
            let next = iter.peek().map(|&(_, n)| n);
            if !joins(c, next, prev_digit) {
                out.push(Word {
                    text: &text[s..i],
                    start: s,
                });
                start = None;
            }
        }
    }
    if let Some(s) = start {
        out.push(Word {
            text: &text[s..],
            start: s,
        });
    }
    out
}

/// Lowercase words joined by single spaces: the form exact-duplicate hashes are taken of,
/// so markup, punctuation and spacing differences do not hide a copy.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.text.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Content terms of a text: lowercased, stop words and 1-letter words dropped, stemmed.
/// Each term is flagged when it was capitalised away from a sentence start (a likely
/// name, which clustering weighs up).
pub fn content_terms(text: &str) -> Vec<(String, bool)> {
    let ws = words(text);
    let mut out = Vec::with_capacity(ws.len());
    for (k, w) in ws.iter().enumerate() {
        let lower = w.text.to_lowercase();
        if lower.chars().count() < 2 || is_stop(&lower) {
            continue;
        }
        let sentence_start = k == 0 || {
            let gap = &text[ws[k - 1].start + ws[k - 1].text.len()..w.start];
            gap.contains(['.', '!', '?', '\n', '"', '“'])
        };
        let name = w.is_capitalised() && !sentence_start;
        out.push((stem(&lower), name));
    }
    out
}

/// Paragraphs: blocks separated by blank lines, with their byte offsets, trimmed.
pub fn paragraphs(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for block in text.split("\n\n") {
        let trimmed = block.trim();
        if !trimmed.is_empty() {
            let lead = block.len() - block.trim_start().len();
            out.push((offset + lead, trimmed));
        }
        offset += block.len() + 2;
    }
    out
}

/// Abbreviations after which a period does not end a sentence.
const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "st",
    "jr", "sr", "inc", "corp", "co", "ltd", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k", "e.g", "i.e", "etc",
];

/// Splits text into sentences as byte ranges: paragraph breaks always split; `.`, `!`
/// and `?` (plus closing quotes/brackets) split when followed by space and an uppercase
/// letter, digit or quote, unless the period ends a known abbreviation or an initial.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (poff, para) in paragraphs(text) {
        let b = para.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c == b'.' || c == b'!' || c == b'?' {
                let mut end = i + 1;
                while end < b.len() && matches!(b[end], b'"' | b'\'' | b')' | b'.' | b'!' | b'?') {
                    end += 1;
                }
                // Curly closing quote (3 bytes in UTF-8).
                while para[end..].starts_with('”') || para[end..].starts_with('’') {
                    end += 3;
                }
                let rest = &para[end..];
                let after = rest.trim_start();
                let spaced = rest.len() > after.len();
                let next_ok = after.chars().next().is_some_and(|n| {
                    n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '\'' | '‘')
                });
                if spaced && next_ok && !(c == b'.' && ends_abbrev(&para[start..i])) {
                    out.push((poff + start, poff + end));
                    start = end + (rest.len() - after.len());
                    i = start;
                    continue;
                }
                i = end;
                continue;
            }
            i += 1;
        }
        if start < para.len() {
            out.push((poff + start, poff + para.len()));
        }
    }
    out
}

fn ends_abbrev(before: &str) -> bool {
    let last = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let lower = last.to_lowercase();
    (last.chars().count() == 1 && last.chars().all(char::is_uppercase))
        || ABBREV.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_numbers_and_names() {
        let ws: Vec<&str> = words("A 6.1-magnitude quake hit al-Assad's town, 1,000 fled.")
            .iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(
            ws,
            [
                "A",
                "6.1-magnitude",
                "quake",
                "hit",
                "al-Assad's",
                "town",
                "1,000",
                "fled"
            ]
        );
        assert_eq!(normalise("The  U.N. said:\n\"No.\""), "the u n said no");
    }

    #[test]
    fn content_terms_flag_names() {
        let t = content_terms("Russian jets struck Aleppo. Officials in Moscow denied it.");
        let got: Vec<(&str, bool)> = t.iter().map(|(s, n)| (s.as_str(), *n)).collect();
        assert_eq!(
            got,
            [
                ("russian", false),
                ("jet", false),
                ("struck", false),
                ("aleppo", true),
                ("offici", false),
                ("moscow", true),
                ("deni", false)
            ]
        );
    }

    #[test]
    fn sentences_respect_abbreviations_and_paragraphs() {
        let text = "Headline here\n\nMr. Kerry met U.S. officials. \"It failed,\" he said. Then 3 left!\nEnd";
        let got: Vec<&str> = sentences(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            got,
            [
                "Headline here",
                "Mr. Kerry met U.S. officials.",
                "\"It failed,\" he said.",
                "Then 3 left!",
                "End"
            ]
        );
    }
}
