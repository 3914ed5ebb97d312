//! Phrase-structure trees, read from Penn Treebank brackets or built from sitrep's
//! dependency parse (`from_deps`).

/// One node: a phrase with children, or a preterminal (tag and word).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) label: String,
    pub(crate) kids: Vec<usize>,
    /// The word of a preterminal; bare words (flattened clauses) have an empty label.
    pub(crate) word: Option<String>,
    /// The token the word came from.
    pub(crate) tok: Option<usize>,
}

/// A phrase-structure tree; node 0 is the root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tree {
    pub(crate) nodes: Vec<Node>,
}

/// Why a bracketed parse could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    /// Opening and closing brackets do not pair up.
    #[error("unbalanced brackets in the parse")]
    Unbalanced,
    /// Nothing to read.
    #[error("empty parse")]
    Empty,
}

impl Tree {
    /// Reads a Penn Treebank bracketed parse, `(ROOT (S (NP (NNP Freedonia)) ...))`.
    /// Leaves are numbered in order from 0.
    pub fn parse_ptb(text: &str) -> Result<Tree, TreeError> {
        let mut toks: Vec<&str> = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            if c == '(' || c == ')' || c.is_whitespace() {
                if let Some(s) = start.take() {
                    toks.push(&text[s..i]);
                }
                if !c.is_whitespace() {
                    toks.push(&text[i..i + 1]);
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(s) = start {
            toks.push(&text[s..]);
        }
        if toks.iter().filter(|t| **t == "(").count() != toks.iter().filter(|t| **t == ")").count()
        {
            return Err(TreeError::Unbalanced);
        }
        let mut t = Tree { nodes: Vec::new() };
        let mut stack: Vec<usize> = Vec::new();
        let mut leaves = 0;
        let mut i = 0;
        while i < toks.len() {
            match toks[i] {
                "(" => {
                    let label = match toks.get(i + 1) {
                        Some(l) if *l != "(" && *l != ")" => {
                            i += 1;
                            l.to_string()
                        }
                        _ => String::new(),
                    };
                    let id = t.push(label, None, None);
                    match stack.last() {
                        Some(&p) => t.nodes[p].kids.push(id),
                        None if id != 0 => return Err(TreeError::Unbalanced),
                        None => {}
                    }
                    stack.push(id);
                }
                ")" => {
                    stack.pop().ok_or(TreeError::Unbalanced)?;
                }
                w => {
                    let &p = stack.last().ok_or(TreeError::Unbalanced)?;
                    if t.nodes[p].kids.is_empty() && t.nodes[p].word.is_none() {
                        t.nodes[p].word = Some(w.to_string());
                        t.nodes[p].tok = Some(leaves);
                    } else {
                        let id = t.push(String::new(), Some(w.to_string()), Some(leaves));
                        t.nodes[p].kids.push(id);
                    }
                    leaves += 1;
                }
            }
            i += 1;
        }
        if t.nodes.is_empty() {
            return Err(TreeError::Empty);
        }
        if !stack.is_empty() {
            return Err(TreeError::Unbalanced);
        }
        Ok(t)
    }

    pub(crate) fn push(
        &mut self,
        label: String,
        word: Option<String>,
        tok: Option<usize>,
    ) -> usize {
        self.nodes.push(Node {
            label,
            kids: Vec::new(),
            word,
            tok,
        });
        self.nodes.len() - 1
    }

    /// The tree of sentence `sent` of `doc`, built from its dependency parse in the
    /// shape of a Penn Treebank parse.
    pub fn from_deps(doc: &sitrep_doc::Doc, sent: usize) -> Tree {
        super::from_deps::tree(doc, sent)
    }

    /// The leaves' words in order.
    pub fn words(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_words(0, &mut out);
        out
    }

    fn collect_words<'a>(&'a self, n: usize, out: &mut Vec<&'a str>) {
        if let Some(w) = &self.nodes[n].word {
            out.push(w);
        }
        for &k in &self.nodes[n].kids {
            self.collect_words(k, out);
        }
    }
}

impl std::fmt::Display for Tree {
    /// Penn Treebank brackets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn node(t: &Tree, n: usize, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let x = &t.nodes[n];
            if x.label.is_empty() && x.kids.is_empty() {
                return write!(f, "{}", x.word.as_deref().unwrap_or(""));
            }
            write!(f, "({}", x.label)?;
            if let Some(w) = &x.word {
                write!(f, " {w}")?;
            }
            for &k in &x.kids {
                write!(f, " ")?;
                node(t, k, f)?;
            }
            write!(f, ")")
        }
        node(self, 0, f)
    }
}
