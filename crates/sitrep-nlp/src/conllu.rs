//! A small CoNLL-U reader: sentences of syntactic words plus the surface facts
//! (`# text`, paragraph and document starts, multiword tokens) the evaluations need.

/// One syntactic word (a CoNLL-U line with an integer id).
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    /// Word form.
    pub form: String,
    /// Gold lemma.
    pub lemma: String,
    /// Gold UPOS spelling.
    pub upos: String,
    /// Gold XPOS spelling.
    pub xpos: String,
    /// Head as a 1-based word id; 0 for the root.
    pub head: u32,
    /// Relation, subtype included.
    pub deprel: String,
    /// False when `SpaceAfter=No` applies (for words inside a multiword token, the
    /// token's own flag applies to its last word and the inner words have none).
    pub space_after: bool,
    /// Index of the multiword token this word belongs to, if any (into
    /// [`Sentence::mwts`]).
    pub mwt: Option<usize>,
}

/// A multiword token: its surface form and the words it covers.
#[derive(Clone, Debug, PartialEq)]
pub struct Mwt {
    /// Surface form, e.g. `don't`.
    pub form: String,
    /// First word index (0-based) it covers.
    pub first: usize,
    /// One past the last word index it covers.
    pub end: usize,
}

/// One sentence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    /// The `# text` comment, when present.
    pub text: Option<String>,
    /// True when a `# newdoc` comment precedes it.
    pub newdoc: bool,
    /// True when a `# newpar` (or `# newdoc`) comment precedes it.
    pub newpar: bool,
    /// Its words, empty nodes skipped.
    pub words: Vec<Word>,
    /// Its multiword tokens.
    pub mwts: Vec<Mwt>,
}

/// Parses CoNLL-U text. Malformed lines are reported as `Err((line_number, message))`.
pub fn parse(src: &str) -> Result<Vec<Sentence>, (usize, String)> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    // The SpaceAfter flag of the open multiword token, applied to its last word.
    let mut mwt_space: Option<(usize, bool)> = None;
    for (n, line) in src.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if let Some(t) = c.strip_prefix("text =") {
                cur.text = Some(t.trim().to_string());
            } else if c.starts_with("newdoc") {
                cur.newdoc = true;
                cur.newpar = true;
            } else if c.starts_with("newpar") {
                cur.newpar = true;
            }
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 10 {
            return Err((n + 1, format!("expected 10 columns, found {}", f.len())));
        }
        let space = !f[9].split('|').any(|m| m == "SpaceAfter=No");
        if f[0].contains('.') {
            continue; // empty node
        }
        if let Some((a, b)) = f[0].split_once('-') {
            let (a, b) = match (a.parse::<usize>(), b.parse::<usize>()) {
                (Ok(a), Ok(b)) if a >= 1 && b >= a => (a, b),
                _ => return Err((n + 1, format!("bad range id {}", f[0]))),
            };
            cur.mwts.push(Mwt {
                form: f[1].to_string(),
                first: a - 1,
                end: b,
            });
            mwt_space = Some((b - 1, space));
            continue;
        }
        if f[0].parse::<usize>().ok() != Some(cur.words.len() + 1) {
            return Err((n + 1, format!("word id {} does not count up from 1", f[0])));
        }
        let head = if f[6] == "_" {
            0
        } else {
            f[6].parse::<u32>()
                .map_err(|_| (n + 1, format!("bad head {}", f[6])))?
        };
        let idx = cur.words.len();
        let mwt = cur
            .mwts
            .last()
            .filter(|m| m.first <= idx && idx < m.end)
            .map(|_| cur.mwts.len() - 1);
        let space_after = match (mwt, mwt_space) {
            (Some(_), Some((last, s))) if last == idx => s,
            (Some(_), _) => false,
            (None, _) => space,
        };
        cur.words.push(Word {
            form: f[1].to_string(),
            lemma: f[2].to_string(),
            upos: f[3].to_string(),
            xpos: f[4].to_string(),
            head,
            deprel: f[7].to_string(),
            space_after,
            mwt,
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_multiword_tokens_and_spaces() {
        let src = "# newdoc id = d\n# text = I don't.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n\
                   2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
                   2\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_\n\
                   4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
        let s = parse(src).unwrap();
        assert_eq!(s.len(), 1);
        assert!(s[0].newdoc && s[0].newpar);
        let w = &s[0].words;
        assert_eq!(w.len(), 4);
        assert_eq!(
            w.iter().map(|w| w.space_after).collect::<Vec<_>>(),
            [true, false, false, true]
        );
        assert_eq!(w[1].mwt, Some(0));
        assert_eq!(s[0].mwts[0].form, "don't");
        assert_eq!(s[0].text.as_deref(), Some("I don't."));
    }

    #[test]
    fn word_ids_out_of_order_are_an_error() {
        let src =
            "1\tI\tI\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n\n";
        let (line, what) = parse(src).unwrap_err();
        assert_eq!(line, 2);
        assert!(what.contains("does not count up"), "{what}");
    }
}
