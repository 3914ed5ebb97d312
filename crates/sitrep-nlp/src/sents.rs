//! Sentence splitter over tokens.
//!
//! Boundaries fall only between tokens, so sentences always align with tokens. Rules,
//! in order: a blank line is a hard break; a single line break ends a line that reads
//! like a headline or caption (no final punctuation, title-cased or short); sentence
//! punctuation (`.`, `!`, `?`, `...`) plus any closing quotes and brackets ends a
//! sentence when the next token can start one. Abbreviations keep their period inside
//! the token (see the tokenizer), so "Maj Gen." or "U.S." never end a sentence unless
//! a clear sentence starter follows a sentence-final abbreviation ("... in the U.S. The").

use sitrep_doc::TokRange;

/// Abbreviations that may also end a sentence.
const FINAL_ABBREVIATIONS: &[&str] = &[
    "Co.", "Corp.", "Inc.", "Jr.", "Ltd.", "Sr.", "a.m.", "etc.", "p.m.",
];

/// Words that start a sentence far more often than they continue a name.
const STARTERS: &[&str] = &[
    "A", "After", "An", "And", "As", "At", "But", "He", "Her", "His", "I", "If", "In", "It", "Its",
    "On", "She", "That", "The", "Their", "There", "These", "They", "This", "We", "What", "When",
    "Why", "You",
];

fn is_terminal(tok: &str) -> bool {
    !tok.is_empty() && tok.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

fn is_closing(tok: &str) -> bool {
    matches!(tok, "\"" | "”" | "’" | "'" | "''" | ")" | "]" | "}" | "»")
}

fn can_start(tok: &str) -> bool {
    tok.chars().next().is_some_and(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(
                c,
                '"' | '“' | '‘' | '\'' | '(' | '[' | '`' | '«' | '-' | '–' | '—' | '*'
            )
    })
}

fn newlines(gap: &str) -> usize {
    gap.bytes().filter(|&b| b == b'\n').count()
}

/// True when the line's tokens read like a headline or caption rather than wrapped prose.
fn headline_like(text: &str, line: &[(u32, u32)]) -> bool {
    let tok = |t: &(u32, u32)| &text[t.0 as usize..t.1 as usize];
    let Some(last) = line.last() else {
        return false;
    };
    let last = tok(last);
    if last.ends_with([',', ';', ':', '-', '–', '—']) {
        return false;
    }
    if line.len() <= 6 {
        return true;
    }
    let words: Vec<&str> = line
        .iter()
        .map(tok)
        .filter(|w| w.len() > 3 && w.chars().all(char::is_alphabetic))
        .collect();
    let caps = words
        .iter()
        .filter(|w| w.starts_with(char::is_uppercase))
        .count();
    !words.is_empty() && caps * 4 >= words.len() * 3
}

/// Appends the sentences of `toks` (byte spans into `text`) to `out`.
pub fn split_sentences(text: &str, toks: &[(u32, u32)], out: &mut Vec<TokRange>) {
    let n = toks.len();
    let tok = |i: usize| &text[toks[i].0 as usize..toks[i].1 as usize];
    let gap = |i: usize| &text[toks[i].1 as usize..toks[i + 1].0 as usize];
    let mut start = 0;
    let mut line_start = 0;
    let mut i = 0;
    while i < n {
        let mut end = i + 1; // one past the sentence's last token, if it ends here
        let mut brk = false;
        if i + 1 == n {
            brk = true;
        } else {
            let t = tok(i);
            if is_terminal(t) {
                // Closing quotes and brackets glued to the punctuation stay in the sentence.
                while end < n && is_closing(tok(end)) && gap(end - 1).is_empty() {
                    end += 1;
                }
                // A lower-case word after a bare `.`, `?` or `!` still starts a sentence
                // (informal text), but not after an ellipsis or a closing quote
                // ("Why?" he asked).
                let plain = end == i + 1 && !t.starts_with("..") && t != "…";
                brk = end == n
                    || can_start(tok(end))
                    || (plain && tok(end).starts_with(char::is_lowercase))
                    || newlines(gap(end - 1)) > 0;
            } else if t.len() > 1 && t.ends_with('.') && FINAL_ABBREVIATIONS.contains(&t) {
                brk = STARTERS.contains(&tok(i + 1));
            }
            let k = end - 1;
            if !brk && k + 1 < n {
                let nl = newlines(gap(k));
                if nl >= 2 {
                    brk = true;
                } else if nl == 1 {
                    brk = can_start(tok(k + 1)) && headline_like(text, &toks[line_start..=k]);
                }
            }
        }
        if end > i + 1 {
            i = end - 1;
        }
        if i + 1 < n && newlines(gap(i)) > 0 {
            line_start = i + 1;
        }
        if brk {
            out.push(TokRange::new(start, i + 1));
            start = i + 1;
        }
        i += 1;
    }
}
