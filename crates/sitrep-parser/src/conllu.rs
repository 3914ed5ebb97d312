//! A small CoNLL-U reader: just the columns the parser trains and evaluates on.

use sitrep_doc::{DepRel, Upos, Xpos};

use crate::ParserError;

/// One gold sentence: word forms, tags, heads and relations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoldSentence {
    /// Word forms.
    pub forms: Vec<String>,
    /// UPOS tags.
    pub upos: Vec<Upos>,
    /// PTB tags.
    pub xpos: Vec<Xpos>,
    /// Heads as 0-based word indices; `None` for the root.
    pub heads: Vec<Option<u32>>,
    /// Relations.
    pub deps: Vec<DepRel>,
}

impl GoldSentence {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// True when the sentence has no words.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }
}

/// Reads the basic trees of a CoNLL-U text. Multiword-token ranges (`n-m`) and empty
/// nodes (`n.1`) are skipped; `line` numbers in errors are 1-based.
pub fn read_conllu(text: &str) -> Result<Vec<GoldSentence>, ParserError> {
    let mut out = Vec::new();
    let mut cur = GoldSentence::default();
    for (ln, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let bad = |what: &str| ParserError::Conllu {
            line: ln + 1,
            what: what.to_string(),
        };
        if cols.len() != 10 {
            return Err(bad("expected 10 tab-separated columns"));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let id: usize = cols[0].parse().map_err(|_| bad("bad ID"))?;
        if id != cur.len() + 1 {
            return Err(bad("word IDs must count up from 1"));
        }
        let head: usize = cols[6].parse().map_err(|_| bad("bad HEAD"))?;
        cur.forms.push(cols[1].to_string());
        cur.upos.push(Upos::parse(cols[3]).unwrap_or(Upos::X));
        cur.xpos.push(Xpos::parse(cols[4]));
        cur.heads.push(head.checked_sub(1).map(|h| h as u32));
        cur.deps.push(DepRel::parse(cols[7]));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    for (k, s) in out.iter().enumerate() {
        if s.heads.iter().flatten().any(|&h| h as usize >= s.len()) {
            return Err(ParserError::Conllu {
                line: 0,
                what: format!("sentence {} has a head out of range", k + 1),
            });
        }
    }
    Ok(out)
}

/// Writes sentences as CoNLL-U (form, UPOS, XPOS, head and relation; other columns `_`),
/// the columns [`read_conllu`] reads back.
pub fn write_conllu(sents: &[GoldSentence]) -> String {
    let mut out = String::new();
    for s in sents {
        for k in 0..s.len() {
            let head = s.heads[k].map_or(0, |h| h as usize + 1);
            out.push_str(&format!(
                "{}\t{}\t_\t{}\t{}\t_\t{head}\t{}\t_\t_\n",
                k + 1,
                s.forms[k],
                s.upos[k].as_str(),
                s.xpos[k].as_str(),
                s.deps[k].as_str()
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_sentences_read_back() {
        let text = "1\tI\tI\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n\
                    2\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n\n";
        let s = read_conllu(text).unwrap();
        assert_eq!(read_conllu(&write_conllu(&s)).unwrap(), s);
    }

    #[test]
    fn skips_ranges_and_empty_nodes() {
        let text = "# text = I don't.\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
                    1\tI\tI\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n\
                    2\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n\
                    2.1\tx\tx\tX\tXX\t_\t_\t_\t_\t_\n\
                    3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
        let s = read_conllu(text).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].forms, ["I", "go", "."]);
        assert_eq!(s[0].heads, [Some(1), None, Some(1)]);
        assert_eq!(s[0].deps[0].as_str(), "nsubj");
        assert_eq!(s[0].xpos[2].as_str(), ".");
    }
}
