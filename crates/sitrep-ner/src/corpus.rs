//! Reading IOB-tagged NER corpora: UNER, CoNLL-2003 and three-column TSV.

use std::path::Path;

use sitrep_doc::EntLabel;

use crate::NerError;

/// One gold sentence: its words and its entity spans (half-open word ranges).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    /// The words, as tokenised by the corpus.
    pub words: Vec<String>,
    /// Entities as `(start, end, label)` over `words`.
    pub spans: Vec<(usize, usize, EntLabel)>,
    /// True when a document starts here (`# newdoc` comment or CoNLL `-DOCSTART-`).
    pub newdoc: bool,
}

/// The documents of a corpus as ranges of sentences. A corpus without document marks
/// (tweets, isolated sentences) has one document per sentence.
pub fn documents(sents: &[Sentence]) -> Vec<std::ops::Range<usize>> {
    if !sents.iter().any(|s| s.newdoc) {
        return (0..sents.len()).map(|i| i..i + 1).collect();
    }
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, s) in sents.iter().enumerate() {
        match out.last_mut() {
            Some(d) if !s.newdoc => d.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// Which columns hold the word and the tag, found from the first data line.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Layout {
    /// UNER: `ID TOKEN TAG - ANNOTATOR`, tab-separated, IOB2.
    Uner,
    /// CoNLL-2003: `TOKEN POS CHUNK TAG`, space-separated, IOB1.
    Conll,
    /// `TOKEN NATIVE_TAG COARSE_TAG` (the normalised extra corpora): the coarse tag.
    Coarse,
    /// `TOKEN TAG`.
    Pair,
}

impl Layout {
    fn detect(fields: &[&str]) -> Option<Layout> {
        match fields.len() {
            n if n >= 5 && fields[0].parse::<u32>().is_ok() => Some(Layout::Uner),
            4 => Some(Layout::Conll),
            3 => Some(Layout::Coarse),
            2 => Some(Layout::Pair),
            _ => None,
        }
    }

    fn columns(self) -> (usize, usize) {
        match self {
            Layout::Uner => (1, 2),
            Layout::Conll => (0, 3),
            Layout::Coarse => (0, 2),
            Layout::Pair => (0, 1),
        }
    }
}

/// Reads a corpus file; the layout is detected from its first data line.
pub fn read_iob(path: &Path) -> Result<Vec<Sentence>, NerError> {
    let text = std::fs::read_to_string(path).map_err(|source| NerError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_iob(&text).map_err(|message| NerError::Format {
        path: path.to_path_buf(),
        message,
    })
}

/// Parses corpus text. IOB1 and IOB2 are read alike: `B-X` always opens a span, `I-X`
/// continues a span of the same label or else opens one. Unknown labels are outside.
pub fn parse_iob(text: &str) -> Result<Vec<Sentence>, String> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut open: Option<(usize, EntLabel)> = None;
    let mut layout = None;
    let mut newdoc = false;
    let close = |cur: &mut Sentence, open: &mut Option<(usize, EntLabel)>| {
        if let Some((s, l)) = open.take() {
            cur.spans.push((s, cur.words.len(), l));
        }
    };
    for (no, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            close(&mut cur, &mut open);
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let fields: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        // Comments have no tab in the tab layouts; CoNLL document markers are skipped too.
        if (line.starts_with('#') && !line.contains('\t')) || fields[0] == "-DOCSTART-" {
            newdoc |= fields[0] == "-DOCSTART-" || line.starts_with("# newdoc");
            continue;
        }
        if cur.words.is_empty() {
            cur.newdoc = std::mem::take(&mut newdoc);
        }
        let lay = match layout {
            Some(l) => l,
            None => {
                let l = Layout::detect(&fields)
                    .ok_or_else(|| format!("line {}: unknown column layout", no + 1))?;
                layout = Some(l);
                l
            }
        };
        let (wc, tc) = lay.columns();
        let (Some(word), Some(tag)) = (fields.get(wc), fields.get(tc)) else {
            return Err(format!("line {}: too few columns", no + 1));
        };
        let (prefix, label) = match tag.split_once('-') {
            Some((p, l)) => (p, EntLabel::parse(l)),
            None => ("O", None),
        };
        match (prefix, label) {
            ("B", Some(l)) => {
                close(&mut cur, &mut open);
                open = Some((cur.words.len(), l));
            }
            ("I", Some(l)) => {
                if open.is_none_or(|(_, ol)| ol != l) {
                    close(&mut cur, &mut open);
                    open = Some((cur.words.len(), l));
                }
            }
            _ => close(&mut cur, &mut open),
        }
        cur.words.push((*word).to_string());
    }
    close(&mut cur, &mut open);
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

impl Sentence {
    /// Splits words with inner hyphens ("Winston-Salem" -> "Winston", "-", "Salem"), as
    /// the UD EWT tokenisation does, keeping entity spans over the pieces.
    pub fn split_hyphens(&self) -> Sentence {
        let mut words = Vec::with_capacity(self.words.len());
        let mut map = Vec::with_capacity(self.words.len() + 1);
        for w in &self.words {
            map.push(words.len());
            let chars: Vec<char> = w.chars().collect();
            let splittable = chars.len() >= 3
                && chars.contains(&'-')
                && chars[0] != '-'
                && chars[chars.len() - 1] != '-'
                && chars.iter().any(|c| c.is_alphabetic());
            if !splittable {
                words.push(w.clone());
                continue;
            }
            for (k, piece) in w.split('-').enumerate() {
                if k > 0 {
                    words.push("-".to_string());
                }
                if !piece.is_empty() {
                    words.push(piece.to_string());
                }
            }
        }
        map.push(words.len());
        let spans = self
            .spans
            .iter()
            .map(|&(s, e, l)| (map[s], map[e], l))
            .collect();
        Sentence {
            words,
            spans,
            newdoc: self.newdoc,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_uner_and_conll() {
        let uner = "# text = x\n1\tJohn\tB-PER\t-\ts\n2\tKerry\tI-PER\t-\ts\n3\tin\tO\t-\t-\n\
                    4\tParis\tB-LOC\t-\ts\n\n1\tHi\tO\t-\t-\n";
        let s = parse_iob(uner).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(documents(&s), [0..1, 1..2]);
        assert_eq!(s[0].words, ["John", "Kerry", "in", "Paris"]);
        assert_eq!(s[0].spans, [(0, 2, EntLabel::Per), (3, 4, EntLabel::Loc)]);
        let conll = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\n\
                     German JJ B-NP I-MISC\nSmith NNP I-NP I-PER\nJones NNP I-NP B-PER\n\n\
                     Hi NNP B-NP O\n\n-DOCSTART- -X- -X- O\n\nBye NNP B-NP O\n";
        let s = parse_iob(conll).unwrap();
        assert_eq!(documents(&s), [0..2, 2..3]);
        assert_eq!(
            s[0].spans,
            [
                (0, 1, EntLabel::Org),
                (2, 3, EntLabel::Misc),
                (3, 4, EntLabel::Per),
                (4, 5, EntLabel::Per)
            ]
        );
    }

    #[test]
    fn splits_hyphens_inside_spans() {
        let s = Sentence {
            words: vec!["Bashar".into(), "al-Assad".into(), "well-".into()],
            spans: vec![(0, 2, EntLabel::Per)],
            newdoc: true,
        };
        let t = s.split_hyphens();
        assert_eq!(t.words, ["Bashar", "al", "-", "Assad", "well-"]);
        assert_eq!(t.spans, [(0, 4, EntLabel::Per)]);
        assert!(t.newdoc);
    }

    #[test]
    fn rejects_unknown_layout() {
        assert!(parse_iob("a b c d e f\n").is_err());
    }
}
