//! Rule-based tokenizer following UD English-EWT conventions.
//!
//! The text is cut at whitespace into chunks; each chunk loses its opening and closing
//! punctuation, then its middle is cut at dashes, brackets and quotes, and finally
//! clitics are split off each word (`Russia's` -> `Russia` `'s`, `don't` -> `do` `n't`).
//! Everything is a single forward scan with bounded look-behind: no regexes.

/// Words that keep their final period (matched case-sensitively, period excluded).
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Ala", "Apr", "Ariz", "Ark", "Assn", "Aug", "Ave", "Blvd", "Brig", "Bros", "Calif",
    "Capt", "Cmdr", "Co", "Col", "Colo", "Conn", "Corp", "Cpl", "Dec", "Del", "Dept", "Dr", "Feb",
    "Fla", "Fri", "Ft", "Ga", "Gen", "Gov", "Hon", "Ill", "Inc", "Ind", "Jan", "Jr", "Kan", "Ky",
    "La", "Lt", "Ltd", "Maj", "Mar", "Mass", "Md", "Messrs", "Mich", "Minn", "Miss", "Mo", "Mon",
    "Mr", "Mrs", "Ms", "Mt", "No", "Nos", "Nov", "Oct", "Okla", "Ore", "Pa", "Pfc", "Ph", "Pres",
    "Prof", "Pvt", "Rd", "Rep", "Reps", "Rev", "Sat", "Sen", "Sens", "Sep", "Sept", "Sgt", "Sr",
    "St", "Sun", "Supt", "Tenn", "Tex", "Thu", "Thur", "Thurs", "Tue", "Tues", "Univ", "Va", "Vt",
    "Wash", "Wed", "Wis", "Wyo", "approx", "cf", "dept", "est", "etc", "ft", "incl", "jr", "lb",
    "lbs", "mr", "mrs", "no", "oz", "sr", "vol", "vs",
];

/// Prefixes that EWT keeps attached to the rest of a hyphenated word (`co-workers`).
const HYPHEN_PREFIXES: &[&str] = &[
    "anti", "co", "e", "ex", "mid", "multi", "non", "post", "pre", "pro", "re", "semi", "un",
];

/// True for a word (period excluded) that keeps its final period.
pub(crate) fn is_abbreviation(word: &str) -> bool {
    let b = word.as_bytes();
    if b.len() == 1 && b[0].is_ascii_alphabetic() {
        return true; // an initial: "J."
    }
    if ABBREVIATIONS.binary_search(&word).is_ok() {
        return true;
    }
    // Dotted acronyms: "U.S", "a.m", "D.C", "i.e".
    b.len() >= 3
        && b.contains(&b'.')
        && word
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|c| c.is_ascii_alphabetic()))
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '"' | '“' | '‘' | '`' | '«' | '\'' | '„'
    )
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '"' | '”' | '’' | '\'' | '»' | ',' | ';' | ':' | '*' | '%'
    )
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '£' | '€' | '¥' | '#')
}

/// Punctuation that always stands alone inside a chunk.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '–' | '—'
            | '―'
            | '…'
            | '"'
            | '“'
            | '”'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | ';'
            | '«'
            | '»'
            | '„'
    )
}

fn is_sentence_punct(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Appends the byte spans of the tokens of `text` to `out`.
pub fn tokenize(text: &str, out: &mut Vec<(u32, u32)>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        // Skip whitespace (ASCII fast path, then Unicode).
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b >= 0x80 {
            let c = text[i..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
        }
        let s = i;
        while i < n {
            let b = bytes[i];
            if b.is_ascii_whitespace() {
                break;
            }
            if b >= 0x80 {
                let c = text[i..].chars().next().unwrap_or(' ');
                if c.is_whitespace() {
                    break;
                }
                i += c.len_utf8();
            } else {
                i += 1;
            }
        }
        chunk(text, s, i, out);
    }
}

fn push(out: &mut Vec<(u32, u32)>, s: usize, e: usize) {
    if s < e {
        out.push((s as u32, e as u32));
    }
}

fn first_char(text: &str, a: usize, b: usize) -> Option<char> {
    text[a..b].chars().next()
}

fn last_char(text: &str, a: usize, b: usize) -> Option<char> {
    text[a..b].chars().next_back()
}

fn looks_like_url(w: &str) -> bool {
    let lw = w.as_bytes();
    let starts = |p: &[u8]| lw.len() > p.len() && lw[..p.len()].eq_ignore_ascii_case(p);
    if starts(b"http://") || starts(b"https://") || starts(b"www.") || starts(b"ftp://") {
        return true;
    }
    // E-mail: letters before and a dotted domain after a single '@'.
    match w.find('@') {
        Some(at) if at > 0 => {
            let dom = &w[at + 1..];
            dom.contains('.') && !dom.starts_with('.') && !dom.contains('@')
        }
        _ => false,
    }
}

fn chunk(text: &str, s: usize, e: usize, out: &mut Vec<(u32, u32)>) {
    let w = &text[s..e];
    if w.bytes().all(|b| b.is_ascii_alphanumeric()) {
        word(text, s, e, out);
        return;
    }
    // Opening punctuation.
    let mut a = s;
    while let Some(c) = first_char(text, a, e) {
        let l = c.len_utf8();
        if a + l >= e {
            break;
        }
        let next = first_char(text, a + l, e).unwrap_or(' ');
        let opens = (is_opener(c) && !(c == '\'' && next.is_ascii_digit()))
            || (is_currency(c) && next.is_ascii_digit());
        if !opens {
            break;
        }
        // A doubled backtick is one token.
        let l = if c == '`' && next == '`' { 2 } else { l };
        push(out, a, a + l);
        a += l;
    }
    // Closing punctuation, collected right to left.
    let mut tail: Vec<(usize, usize)> = Vec::new();
    let mut b = e;
    let url = looks_like_url(&text[a..e]);
    while let Some(c) = last_char(text, a, b) {
        let l = c.len_utf8();
        if b - l <= a {
            break;
        }
        if is_closer(c) {
            // Unbalanced closing brackets only: "(AP)" opens and closes around its word.
            tail.push((b - l, b));
            b -= l;
            continue;
        }
        if is_sentence_punct(c) {
            let mut r = b - l;
            while let Some(p) = last_char(text, a, r) {
                if is_sentence_punct(p) && r - p.len_utf8() > a {
                    r -= p.len_utf8();
                } else {
                    break;
                }
            }
            if !url && c == '.' && r + 1 == b && is_abbreviation(&text[a..r]) {
                break;
            }
            if url && c == '.' && r + 1 == b {
                // A URL's final period ends the sentence, not the URL.
            }
            tail.push((r, b));
            b = r;
            continue;
        }
        break;
    }
    if url {
        push(out, a, b);
    } else {
        middle(text, a, b, out);
    }
    for &(x, y) in tail.iter().rev() {
        push(out, x, y);
    }
}

/// Cuts a chunk's core at dashes, brackets, quotes and non-numeric commas.
fn middle(text: &str, a: usize, b: usize, out: &mut Vec<(u32, u32)>) {
    let core = &text[a..b];
    let mut p = a; // start of the current piece
    let mut hyphen_seen = false;
    let mut it = core.char_indices().peekable();
    let mut prev = '\0';
    while let Some((off, c)) = it.next() {
        let i = a + off;
        let l = c.len_utf8();
        let next = it.peek().map(|&(_, n)| n).unwrap_or('\0');
        let cut = |out: &mut Vec<(u32, u32)>, end: usize, p: &mut usize| {
            word(text, *p, i, out);
            push(out, i, end);
            *p = end;
        };
        match c {
            '-' => {
                if next == '-' {
                    // A run of hyphens is a dash.
                    let mut end = i + 1;
                    while end < b && text.as_bytes()[end] == b'-' {
                        end += 1;
                    }
                    while it.peek().is_some_and(|&(o, _)| a + o < end) {
                        it.next();
                    }
                    cut(out, end, &mut p);
                    prev = '-';
                    continue;
                }
                let keep = if i == p {
                    next.is_ascii_digit() && i == a
                } else if next == '\0' {
                    false
                } else {
                    (prev.is_ascii_digit() && next.is_ascii_digit())
                        || (!hyphen_seen
                            && HYPHEN_PREFIXES
                                .iter()
                                .any(|x| text[p..i].eq_ignore_ascii_case(x)))
                };
                hyphen_seen = true;
                if !keep {
                    cut(out, i + l, &mut p);
                }
            }
            ',' if !(prev.is_ascii_digit() && next.is_ascii_digit()) => cut(out, i + l, &mut p),
            '.' if next == '.' => {
                let mut end = i;
                while end < b && text.as_bytes()[end] == b'.' {
                    end += 1;
                }
                while it.peek().is_some_and(|&(o, _)| a + o < end) {
                    it.next();
                }
                cut(out, end, &mut p);
            }
            '!' | '?' => cut(out, i + l, &mut p),
            _ if is_separator(c) => cut(out, i + l, &mut p),
            _ => {}
        }
        prev = c;
    }
    word(text, p, b, out);
}

/// Pushes one word, splitting off an English clitic.
fn word(text: &str, s: usize, e: usize, out: &mut Vec<(u32, u32)>) {
    if s >= e {
        return;
    }
    let w = &text[s..e];
    let at = clitic_split(w);
    match at {
        Some(k) if k > 0 && k < w.len() => {
            push(out, s, s + k);
            push(out, s + k, e);
        }
        _ => push(out, s, e),
    }
}

/// Where a clitic starts inside `w`, if it has one.
fn clitic_split(w: &str) -> Option<usize> {
    let b = w.as_bytes();
    let n = b.len();
    if n < 2 {
        return None;
    }
    // The last apostrophe, straight or curly.
    let apo = b
        .iter()
        .rposition(|&c| c == b'\'' || c == 0x99)
        .and_then(|k| {
            if b[k] == b'\'' {
                Some((k, 1))
            } else {
                (k >= 2 && b[k - 2] == 0xE2 && b[k - 1] == 0x80).then(|| (k - 2, 3))
            }
        });
    if let Some((k, l)) = apo {
        let rest = &w[k + l..];
        if rest.eq_ignore_ascii_case("t") && k >= 2 && matches!(b[k - 1], b'n' | b'N') {
            return Some(k - 1);
        }
        let clitic = ["s", "m", "d", "re", "ve", "ll"]
            .iter()
            .any(|c| rest.eq_ignore_ascii_case(c));
        if clitic
            && k > 0
            && w[..k]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            return Some(k);
        }
        return None;
    }
    if n <= 8 && b.iter().all(|c| c.is_ascii_alphabetic()) {
        let mut low = [0u8; 8];
        for (d, c) in low.iter_mut().zip(b) {
            *d = c.to_ascii_lowercase();
        }
        match &low[..n] {
            b"cannot" | b"gonna" | b"wanna" | b"gotta" => return Some(3),
            b"dont" | b"didnt" | b"doesnt" | b"isnt" | b"wasnt" | b"wouldnt" | b"couldnt"
            | b"shouldnt" | b"arent" | b"werent" | b"hasnt" | b"havent" => return Some(n - 2),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_are_sorted() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
    }
}
