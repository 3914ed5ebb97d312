//! The gold trees the parser trains and evaluates on, read from CoNLL-U and written back.

use sitrep_doc::{DepRel, Upos, Xpos};
use sitrep_nlp::conllu::Sentence;

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

/// Reads the basic trees of a CoNLL-U text with [`sitrep_nlp::conllu::parse`], the one
/// reader of the workspace. Multiword-token ranges (`n-m`) and empty nodes (`n.1`) are
/// skipped; `line` numbers in errors are 1-based.
pub fn read_conllu(text: &str) -> Result<Vec<GoldSentence>, ParserError> {
    let sents = sitrep_nlp::conllu::parse(text)
        .map_err(|(line, what)| ParserError::Conllu { line, what })?;
    gold_trees(&sents)
}

/// The typed trees of sentences [`sitrep_nlp::conllu`] has read, for callers that need
/// both (the jackknife taggers train on the sentences, the parser on the trees).
pub fn gold_trees(sents: &[Sentence]) -> Result<Vec<GoldSentence>, ParserError> {
    let mut out = Vec::with_capacity(sents.len());
    for (k, s) in sents.iter().enumerate() {
        if s.words.iter().any(|w| w.head as usize > s.words.len()) {
            return Err(ParserError::Conllu {
                line: 0,
                what: format!("sentence {} has a head out of range", k + 1),
            });
        }
        out.push(GoldSentence {
            forms: s.words.iter().map(|w| w.form.clone()).collect(),
            upos: s
                .words
                .iter()
                .map(|w| Upos::parse(&w.upos).unwrap_or(Upos::X))
                .collect(),
            xpos: s.words.iter().map(|w| Xpos::parse(&w.xpos)).collect(),
            heads: s.words.iter().map(|w| w.head.checked_sub(1)).collect(),
            deps: s.words.iter().map(|w| DepRel::parse(&w.deprel)).collect(),
        });
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
