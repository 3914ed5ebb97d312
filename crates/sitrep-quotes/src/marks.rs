//! Quotation-mark pairing over the whole text, with news paragraph conventions.

use sitrep_doc::Doc;

/// A quoted stretch: token indices of its opening and closing marks (inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    pub open: usize,
    pub close: usize,
    /// The closing mark is missing: the quote ran to the end of its paragraph (or of a
    /// continued run of paragraphs).
    pub unclosed: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    Either,
}

fn mark(t: &str) -> Option<Mark> {
    match t {
        "“" | "«" | "„" | "``" => Some(Mark::Open),
        "”" | "»" | "''" => Some(Mark::Close),
        "\"" => Some(Mark::Either),
        _ => None,
    }
}

/// Two apostrophes written as a double quotation mark (''We will,'' he said.), as wire
/// and NYT copy does: the tokenizer leaves two `'` tokens side by side.
fn double_apostrophe(doc: &Doc, i: usize) -> bool {
    i + 1 < doc.len()
        && doc.token(i).text() == "'"
        && doc.token(i + 1).text() == "'"
        && doc.tokens.ends()[i] == doc.tokens.starts()[i + 1]
}

/// True when a paragraph break (a blank line) lies between tokens `a` and `b`.
pub(crate) fn para_break(doc: &Doc, a: usize, b: usize) -> bool {
    let s = doc.tokens.ends()[a] as usize;
    let e = doc.tokens.starts()[b] as usize;
    s < e && doc.text()[s..e].contains('\n')
}

/// Pairs quotation marks. A paragraph that opens a quote and does not close it continues
/// into the next paragraph when that one opens with a quotation mark (the news
/// convention for multi-paragraph quotes); otherwise the quote ends with its paragraph.
pub(crate) fn segments(doc: &Doc) -> Vec<Segment> {
    let n = doc.len();
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut skip = false;
    for i in 0..n {
        if std::mem::take(&mut skip) {
            continue;
        }
        if i > 0 && para_break(doc, i - 1, i) {
            if let Some(o) = open {
                let continues = double_apostrophe(doc, i)
                    || mark(doc.token(i).text()).is_some_and(|m| m != Mark::Close);
                if continues {
                    // The new opening mark belongs to the same quote.
                    continue;
                }
                out.push(Segment {
                    open: o,
                    close: i - 1,
                    unclosed: true,
                });
                open = None;
            }
        }
        // A doubled apostrophe opens and closes; the segment takes its inner apostrophe
        // so that the rules see the quote's words and punctuation next to its marks.
        if double_apostrophe(doc, i) {
            skip = true;
            match open {
                None => open = Some(i + 1),
                Some(o) => {
                    out.push(Segment {
                        open: o,
                        close: i,
                        unclosed: false,
                    });
                    open = None;
                }
            }
            continue;
        }
        let Some(m) = mark(doc.token(i).text()) else {
            continue;
        };
        match (m, open) {
            (Mark::Open | Mark::Either, None) => open = Some(i),
            (Mark::Close | Mark::Either, Some(o)) => {
                out.push(Segment {
                    open: o,
                    close: i,
                    unclosed: false,
                });
                open = None;
            }
            // A stray closing mark, or an opening one inside an open quote (a nested
            // quote written with double marks): ignored.
            _ => {}
        }
    }
    if let Some(o) = open {
        out.push(Segment {
            open: o,
            close: n - 1,
            unclosed: true,
        });
    }
    singles(doc, &mut out);
    out
}

/// Pairs single marks ‘…’ outside double-quoted stretches, within a paragraph. Only the
/// curly opening mark starts one, since the closing mark doubles as an apostrophe.
fn singles(doc: &Doc, out: &mut Vec<Segment>) {
    let inside = |i: usize| out.iter().any(|s| s.open <= i && i <= s.close);
    let mut found = Vec::new();
    let mut open: Option<usize> = None;
    for i in 0..doc.len() {
        if i > 0 && para_break(doc, i - 1, i) {
            open = None;
        }
        match (doc.token(i).text(), open) {
            ("‘", None) if !inside(i) => open = Some(i),
            ("’", Some(o)) => {
                found.push(Segment {
                    open: o,
                    close: i,
                    unclosed: false,
                });
                open = None;
            }
            _ => {}
        }
    }
    out.extend(found);
    out.sort_by_key(|s| s.open);
}
