//! A lexical word scan of one sentence's text, for pattern matching.

/// One word: a run of letters and digits, or a single other non-space character.
#[derive(Clone, Debug)]
pub(crate) struct Word {
    /// Byte offsets in the scanned text.
    pub s: usize,
    pub e: usize,
    /// Lowercased text.
    pub low: String,
    /// The first character is uppercase.
    pub cap: bool,
    /// Whitespace separates it from the previous word.
    pub space_before: bool,
}

impl Word {
    pub fn is_num(&self) -> bool {
        !self.low.is_empty() && self.low.bytes().all(|b| b.is_ascii_digit())
    }
    pub fn num(&self) -> Option<u32> {
        if self.is_num() && self.low.len() <= 9 {
            self.low.parse().ok()
        } else {
            None
        }
    }
}

/// Scans `text` into words; offsets are relative to `text`.
pub(crate) fn scan(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    let mut space = true;
    while let Some((s, c)) = it.next() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let mut e = s + c.len_utf8();
        if c.is_alphanumeric() {
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphanumeric() {
                    e = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
        }
        let w = &text[s..e];
        out.push(Word {
            s,
            e,
            low: w.to_lowercase(),
            cap: c.is_uppercase(),
            space_before: space,
        });
        space = false;
    }
    out
}
