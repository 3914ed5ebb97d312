//! Penn Treebank-style phrase trees from sitrep's UD dependency parse, shaped the way
//! the PETRARCH coder reads trees.
//!
//! Each head with its dependents is a phrase labelled from the head: nominals `NP`
//! (modifiers before the head flat inside it; prepositional, clausal and appositive
//! modifiers after it beside an inner `NP`; a possessor as `(NP X (POS 's))`;
//! conjuncts as `NP CC NP`), a nominal with a preposition `(PP (IN p) NP)`, and verbs,
//! or predicates with a copula, a clause `(S subject (VP verb objects modifiers))` with
//! auxiliaries nesting verb phrases and a subordinator making it `SBAR`. Punctuation
//! at the edge of a nominal is raised to the clause, so comma clauses stand between
//! commas as PETRARCH expects.

use sitrep_doc::{Doc, Upos, Xpos};

use super::tree::Tree;

fn rel(doc: &Doc, i: usize) -> &'static str {
    doc.tokens.deps()[i].as_str()
}

/// The Penn tag of a token: the tagger's, else one from its UPOS.
fn ptb_tag(doc: &Doc, i: usize) -> String {
    let x = doc.tokens.xpos()[i];
    if x != Xpos::default() {
        return x.as_str().to_string();
    }
    let w = doc.token(i).text();
    match doc.token(i).upos() {
        Upos::Noun => "NN",
        Upos::Propn => "NNP",
        Upos::Verb | Upos::Aux => "VB",
        Upos::Adj => "JJ",
        Upos::Adv => "RB",
        Upos::Adp | Upos::Sconj => "IN",
        Upos::Det => "DT",
        Upos::Num => "CD",
        Upos::Pron => "PRP",
        Upos::Cconj => "CC",
        Upos::Part if matches!(w, "'s" | "’s" | "'") => "POS",
        Upos::Part => "RP",
        Upos::Punct if w == "," => ",",
        Upos::Punct => ".",
        _ => "NN",
    }
    .to_string()
}

/// The tree of sentence `sent` of `doc`.
pub(crate) fn tree(doc: &Doc, sent: usize) -> Tree {
    let r = doc.sents[sent];
    let (lo, hi) = (r.start as usize, r.end as usize);
    let mut head: Vec<Option<usize>> = (lo..hi)
        .map(|i| {
            let h = doc.tokens.heads()[i] as usize;
            (h != i && (lo..hi).contains(&h)).then_some(h)
        })
        .collect();
    raise_edge_punct(doc, lo, &mut head);
    let mut kids = vec![Vec::new(); hi - lo];
    let mut roots = Vec::new();
    for i in lo..hi {
        match head[i - lo] {
            Some(h) => kids[h - lo].push(i),
            None => roots.push(i),
        }
    }
    let mut b = Builder {
        doc,
        lo,
        kids,
        tree: Tree { nodes: Vec::new() },
    };
    let root = b.tree.push("ROOT".into(), None, None);
    let parts: Vec<usize> = roots.iter().map(|&r| b.phrase(r)).collect();
    let top = match parts.as_slice() {
        [only] if b.tree.nodes[*only].label == "S" => *only,
        _ => {
            let s = b.tree.push("S".into(), None, None);
            b.tree.nodes[s].kids = parts;
            s
        }
    };
    b.tree.nodes[root].kids = vec![top];
    b.tree
}

/// Re-attaches punctuation that sits at the edge of a non-verbal head's span to that
/// head's head, until it reaches a verb or the root.
fn raise_edge_punct(doc: &Doc, lo: usize, head: &mut [Option<usize>]) {
    let n = head.len();
    let span = |head: &[Option<usize>], h: usize, skip: usize| -> (usize, usize) {
        let (mut a, mut b) = (h, h);
        for i in lo..lo + n {
            if i == skip {
                continue;
            }
            let mut x = Some(i);
            // Bounded: a malformed parse with a cycle must not hang the coder.
            for _ in 0..=n {
                let Some(y) = x else { break };
                if y == h {
                    a = a.min(i);
                    b = b.max(i);
                    break;
                }
                x = head[y - lo];
            }
        }
        (a, b)
    };
    for p in lo..lo + n {
        if doc.token(p).upos() != Upos::Punct {
            continue;
        }
        for _ in 0..n {
            let Some(h) = head[p - lo] else { break };
            let tag = ptb_tag(doc, h);
            if tag.starts_with("VB") || tag == "MD" {
                break;
            }
            let (a, b) = span(head, h, p);
            if a < p && p < b {
                break;
            }
            // A comma closing a parenthetical stays with it ("the envoy, in a
            // statement on Friday, said").
            let near = |i: usize| {
                let up = head[i - lo];
                up == Some(h) || up.and_then(|u| head[u - lo]) == Some(h)
            };
            let paired = doc.token(p).text() == ","
                && p == b + 1
                && (a..b).any(|i| near(i) && doc.token(i).text() == ",");
            if paired {
                break;
            }
            head[p - lo] = head[h - lo];
        }
    }
}

struct Builder<'d> {
    doc: &'d Doc,
    lo: usize,
    kids: Vec<Vec<usize>>,
    tree: Tree,
}

impl Builder<'_> {
    fn deps(&self, h: usize) -> Vec<usize> {
        self.kids[h - self.lo].clone()
    }

    fn leaf(&mut self, i: usize) -> usize {
        let tag = ptb_tag(self.doc, i);
        let w = self.doc.token(i).text().to_string();
        self.tree.push(tag, Some(w), Some(i))
    }

    fn leaf_as(&mut self, i: usize, tag: &str) -> usize {
        let n = self.leaf(i);
        self.tree.nodes[n].label = tag.into();
        n
    }

    fn node(&mut self, label: &str, kids: Vec<usize>) -> usize {
        let n = self.tree.push(label.into(), None, None);
        self.tree.nodes[n].kids = kids;
        n
    }

    fn is_verbal(&self, i: usize) -> bool {
        let tag = ptb_tag(self.doc, i);
        tag.starts_with("VB") || tag == "MD"
    }

    fn is_nominal(&self, i: usize) -> bool {
        matches!(
            self.doc.token(i).upos(),
            Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num
        ) || ptb_tag(self.doc, i).starts_with("NN")
    }

    /// Builds `h`'s phrase from only the dependents `keep` allows.
    fn with_deps(
        &mut self,
        h: usize,
        keep: &dyn Fn(usize) -> bool,
        f: fn(&mut Self, usize) -> usize,
    ) -> usize {
        let saved = self.kids[h - self.lo].clone();
        self.kids[h - self.lo].retain(|&d| keep(d));
        let n = f(self, h);
        self.kids[h - self.lo] = saved;
        n
    }

    /// The phrase headed by token `h`.
    fn phrase(&mut self, h: usize) -> usize {
        let doc = self.doc;
        let deps = self.deps(h);
        let case: Vec<usize> = deps
            .iter()
            .copied()
            .filter(|&d| {
                rel(doc, d) == "case" && d < h && !matches!(doc.token(d).text(), "'s" | "’s" | "'")
            })
            .collect();
        if !case.is_empty() && rel(doc, h) != "nmod:poss" {
            let mut items: Vec<usize> = case
                .iter()
                .map(|&c| {
                    let tag = if doc.token(c).text().eq_ignore_ascii_case("to") {
                        "TO"
                    } else {
                        "IN"
                    };
                    self.leaf_as(c, tag)
                })
                .collect();
            let obj = self.with_deps(h, &|d| !case.contains(&d), Self::phrase);
            items.push(obj);
            return self.node("PP", items);
        }
        let clausal = deps.iter().any(|&d| {
            rel(doc, d) == "cop"
                || rel(doc, d).starts_with("nsubj")
                || rel(doc, d).starts_with("csubj")
        });
        if self.is_verbal(h) || clausal {
            return self.clause(h);
        }
        if self.is_nominal(h) {
            return self.noun_phrase(h);
        }
        if deps.is_empty() {
            return self.leaf(h);
        }
        let label = match doc.token(h).upos() {
            Upos::Adj => "ADJP",
            Upos::Adv => "ADVP",
            _ => "FRAG",
        };
        self.ordered(label, h)
    }

    /// `h` and its dependents in text order, each dependent a phrase.
    fn ordered(&mut self, label: &str, h: usize) -> usize {
        let mut items = self.deps(h);
        items.push(h);
        items.sort_unstable();
        let kids = items
            .into_iter()
            .map(|i| if i == h { self.leaf(h) } else { self.phrase(i) })
            .collect();
        self.node(label, kids)
    }

    fn noun_phrase(&mut self, h: usize) -> usize {
        let doc = self.doc;
        let deps = self.deps(h);
        let has_conj = deps.iter().any(|&d| rel(doc, d) == "conj");
        let first_conj = deps
            .iter()
            .copied()
            .filter(|&d| rel(doc, d) == "conj")
            .min();
        let in_conj = |d: usize| {
            rel(doc, d) == "conj"
                || (has_conj
                    && matches!(rel(doc, d), "cc" | "punct")
                    && first_conj.is_some_and(|c| d > h && d < c || d > c))
        };
        let is_poss = |d: usize| matches!(rel(doc, d), "nmod:poss" | "det:poss") && d < h;
        let flat_after = |s: &Self, d: usize| {
            matches!(rel(doc, d), "flat" | "compound" | "nummod" | "fixed")
                && s.flat_tokens(d).is_some()
        };
        let mut inner: Vec<usize> = Vec::new();
        let mut poss: Vec<usize> = Vec::new();
        let mut post: Vec<usize> = Vec::new();
        for &d in &deps {
            if in_conj(d) {
                continue;
            }
            if is_poss(d) {
                poss.push(d);
            } else if d < h || flat_after(self, d) {
                inner.push(d);
            } else {
                post.push(d);
            }
        }
        let mut items: Vec<usize> = inner.clone();
        items.push(h);
        items.sort_unstable();
        let mut kids = Vec::new();
        for &p in &poss {
            let k = self.possessor(p);
            kids.push(k);
        }
        for i in items {
            if i == h {
                let k = self.leaf(h);
                kids.push(k);
            } else if let Some(toks) = self.flat_tokens(i) {
                for t in toks {
                    let k = self.leaf(t);
                    kids.push(k);
                }
            } else {
                let k = self.phrase(i);
                kids.push(k);
            }
        }
        let mut np = self.node("NP", kids);
        if !post.is_empty() {
            let mut outer = vec![np];
            for d in post {
                let k = self.modifier(d);
                outer.push(k);
            }
            np = self.node("NP", outer);
        }
        if has_conj {
            let mut cs: Vec<usize> = deps.iter().copied().filter(|&d| in_conj(d)).collect();
            cs.sort_unstable();
            let mut outer = vec![np];
            for c in cs {
                if rel(doc, c) == "conj" {
                    let k = self.conjunct(c, Self::phrase);
                    outer.extend(k);
                } else {
                    let k = self.leaf(c);
                    outer.push(k);
                }
            }
            np = self.node("NP", outer);
        }
        np
    }

    /// The tokens of `d`'s subtree in order when it is a plain modifier chain that the
    /// Treebank keeps flat in the noun phrase ("Prime Minister", "12-year").
    fn flat_tokens(&self, d: usize) -> Option<Vec<usize>> {
        let doc = self.doc;
        let mut out = vec![d];
        let mut stack = vec![d];
        while let Some(x) = stack.pop() {
            for &k in &self.kids[x - self.lo] {
                let plain = matches!(
                    rel(doc, k),
                    "compound"
                        | "flat"
                        | "amod"
                        | "det"
                        | "nummod"
                        | "advmod"
                        | "fixed"
                        | "nmod:npmod"
                        | "det:predet"
                        | "compound:prt"
                ) || (rel(doc, k) == "punct" && doc.token(k).text() == "-");
                if !plain {
                    return None;
                }
                out.push(k);
                stack.push(k);
            }
        }
        out.sort_unstable();
        Some(out)
    }

    /// A conjunct: UD hangs the coordinator on it, the Treebank puts it between the
    /// conjuncts; returns the coordinator leaves, then the conjunct's phrase.
    fn conjunct(&mut self, c: usize, f: fn(&mut Self, usize) -> usize) -> Vec<usize> {
        let doc = self.doc;
        let lead: Vec<usize> = self.kids[c - self.lo]
            .iter()
            .copied()
            .filter(|&d| d < c && matches!(rel(doc, d), "cc" | "punct"))
            .collect();
        let mut out: Vec<usize> = lead.iter().map(|&d| self.leaf(d)).collect();
        let p = self.with_deps(c, &|d| !lead.contains(&d), f);
        out.push(p);
        out
    }

    /// A possessor: `(NP X (POS 's))` when marked, else the pronoun or phrase itself.
    fn possessor(&mut self, p: usize) -> usize {
        let doc = self.doc;
        let case = self.kids[p - self.lo]
            .iter()
            .copied()
            .find(|&c| rel(doc, c) == "case");
        let Some(c) = case else {
            return if self.kids[p - self.lo].is_empty() {
                self.leaf(p)
            } else {
                self.phrase(p)
            };
        };
        let x = self.with_deps(p, &|d| d != c, Self::phrase);
        let pos = self.leaf_as(c, "POS");
        self.node("NP", vec![x, pos])
    }

    /// A modifier after a noun: relative clauses are `SBAR`, participles `VP`.
    fn modifier(&mut self, d: usize) -> usize {
        let p = self.phrase(d);
        match rel(self.doc, d) {
            "acl:relcl" => self.as_sbar(p),
            "acl" => self.unwrap_s(p),
            _ => p,
        }
    }

    fn as_sbar(&mut self, p: usize) -> usize {
        if self.tree.nodes[p].label == "SBAR" {
            p
        } else {
            self.node("SBAR", vec![p])
        }
    }

    /// A clause without a subject of its own is a bare `VP`, as the Treebank has it.
    fn unwrap_s(&self, p: usize) -> usize {
        let n = &self.tree.nodes[p];
        if n.label == "S" && n.kids.len() == 1 {
            n.kids[0]
        } else {
            p
        }
    }

    /// A verb, or a predicate with a copula, and its dependents.
    fn clause(&mut self, h: usize) -> usize {
        let doc = self.doc;
        let deps = self.deps(h);
        let is_subj =
            |d: usize| rel(doc, d).starts_with("nsubj") || rel(doc, d).starts_with("csubj");
        let is_to = |d: usize| doc.token(d).text().eq_ignore_ascii_case("to");
        let verbal = self.is_verbal(h);
        let first_conj = deps
            .iter()
            .copied()
            .filter(|&d| rel(doc, d) == "conj")
            .min();
        let conj: Vec<usize> = deps
            .iter()
            .copied()
            .filter(|&d| {
                rel(doc, d) == "conj"
                    || first_conj
                        .is_some_and(|c| matches!(rel(doc, d), "cc" | "punct") && d > h && d < c)
            })
            .collect();
        let subj: Vec<usize> = deps
            .iter()
            .copied()
            .filter(|&d| is_subj(d) && d < h)
            .collect();
        let aux: Vec<usize> = deps
            .iter()
            .copied()
            .filter(|&d| {
                d < h
                    && match rel(doc, d) {
                        "aux" | "aux:pass" => true,
                        "mark" => is_to(d),
                        "cop" => verbal,
                        _ => false,
                    }
            })
            .collect();
        let cop: Vec<usize> = if verbal {
            Vec::new()
        } else {
            deps.iter()
                .copied()
                .filter(|&d| rel(doc, d) == "cop")
                .collect()
        };
        let marks: Vec<usize> = deps
            .iter()
            .copied()
            .filter(|&d| rel(doc, d) == "mark" && !is_to(d) && d < h)
            .collect();
        let structural = |d: usize| {
            subj.contains(&d)
                || aux.contains(&d)
                || cop.contains(&d)
                || marks.contains(&d)
                || conj.contains(&d)
        };
        let subj_at = subj.iter().copied().min().unwrap_or(h);
        // Dependents before the subject stand at the clause level ("X left, the agency
        // reported"); those between subject and verb inside the verb phrase.
        let pre: Vec<usize> = deps
            .iter()
            .copied()
            .filter(|&d| d < subj_at && !structural(d))
            .collect();
        // A copular predicate keeps its own modifiers ("a really pleasant place").
        let pred_at = if verbal {
            h
        } else {
            cop.iter().copied().min().unwrap_or(h)
        };
        let mid: Vec<usize> = deps
            .iter()
            .copied()
            .filter(|&d| d > subj_at && d < pred_at && !structural(d))
            .collect();
        let post: Vec<usize> = deps
            .iter()
            .copied()
            .filter(|&d| d > pred_at && !structural(d))
            .collect();
        // Adverbs between subject and verb follow the auxiliary before them ("did
        // n't clash"), or stand in the clause when none precedes.
        let owner = |d: usize| aux.iter().copied().filter(|&a| a < d).max();
        let mut vp_kids: Vec<usize> = Vec::new();
        if verbal {
            let head = self.leaf(h);
            vp_kids.push(head);
            for &d in &post {
                let k = self.post_verb(d);
                vp_kids.push(k);
            }
        } else {
            for &c in &cop {
                let k = self.leaf(c);
                vp_kids.push(k);
            }
            let keep: Vec<usize> = post.clone();
            let pred = self.with_deps(h, &|d| keep.contains(&d), Self::predicate);
            vp_kids.push(pred);
        }
        let mut vp = self.node("VP", vp_kids);
        let mut auxes = aux.clone();
        auxes.sort_unstable();
        for &a in auxes.iter().rev() {
            let leaf = if is_to(a) {
                self.leaf_as(a, "TO")
            } else {
                self.leaf(a)
            };
            let mut kids = vec![leaf];
            for &d in mid.iter().filter(|&&d| owner(d) == Some(a)) {
                let k = self.phrase(d);
                kids.push(k);
            }
            kids.push(vp);
            vp = self.node("VP", kids);
        }
        if !conj.is_empty() {
            let mut outer = vec![vp];
            let mut cs = conj.clone();
            cs.sort_unstable();
            for c in cs {
                if rel(doc, c) == "conj" {
                    let mut k = self.conjunct(c, Self::phrase);
                    if let Some(last) = k.last_mut() {
                        *last = self.unwrap_s(*last);
                    }
                    outer.extend(k);
                } else {
                    let k = self.leaf(c);
                    outer.push(k);
                }
            }
            vp = self.node("VP", outer);
        }
        let mut s_kids = Vec::new();
        for &d in &pre {
            let k = if rel(doc, d) == "punct" && self.kids[d - self.lo].is_empty() {
                self.leaf(d)
            } else {
                let p = self.phrase(d);
                if matches!(rel(doc, d), "ccomp" | "parataxis" | "advcl")
                    && self.tree.nodes[p].label == "VP"
                {
                    self.node("S", vec![p])
                } else {
                    p
                }
            };
            s_kids.push(k);
        }
        if !subj.is_empty() {
            let k = self.subjects(&subj);
            s_kids.push(k);
        }
        for &d in mid.iter().filter(|&&d| owner(d).is_none()) {
            let k = self.phrase(d);
            s_kids.push(k);
        }
        s_kids.push(vp);
        let s = self.node("S", s_kids);
        if marks.is_empty() {
            return s;
        }
        let mut kids: Vec<usize> = marks.iter().map(|&m| self.leaf_as(m, "IN")).collect();
        kids.push(s);
        self.node("SBAR", kids)
    }

    /// The subject phrase. sitrep's parser can split a name into several subjects
    /// ("Freedonia" and "President Firefly"); the Treebank has one noun phrase, flat when
    /// the pieces are plain name and modifier chains, a compound when a coordinator
    /// joins them.
    fn subjects(&mut self, subj: &[usize]) -> usize {
        let doc = self.doc;
        let [first, rest @ ..] = subj else {
            unreachable!("called with subjects")
        };
        if rest.is_empty() {
            return self.phrase(*first);
        }
        let coordinated = rest.iter().any(|&s| {
            self.kids[s - self.lo]
                .iter()
                .any(|&d| d < s && rel(doc, d) == "cc")
        });
        if !coordinated {
            let mut toks = Vec::new();
            let plain = subj.iter().all(|&s| match self.plain_tokens(s) {
                Some(t) => {
                    toks.extend(t);
                    true
                }
                None => false,
            });
            if plain {
                toks.sort_unstable();
                let kids = toks
                    .into_iter()
                    .map(|t| {
                        if rel(doc, t) == "case" {
                            self.leaf_as(t, "POS")
                        } else {
                            self.leaf(t)
                        }
                    })
                    .collect();
                return self.node("NP", kids);
            }
        }
        let mut kids = vec![self.phrase(*first)];
        for &s in rest {
            let k = self.conjunct(s, Self::phrase);
            kids.extend(k);
        }
        self.node("NP", kids)
    }

    /// The tokens of a name-like subtree: modifier chains, possessors and their `'s`.
    fn plain_tokens(&self, d: usize) -> Option<Vec<usize>> {
        let doc = self.doc;
        let mut out = vec![d];
        let mut stack = vec![d];
        while let Some(x) = stack.pop() {
            for &k in &self.kids[x - self.lo] {
                let ok = match rel(doc, k) {
                    "compound" | "flat" | "amod" | "det" | "nummod" | "advmod" | "fixed"
                    | "nmod:npmod" | "det:predet" | "nmod:poss" | "nmod:desc" | "det:poss" => true,
                    "case" => matches!(doc.token(k).text(), "'s" | "’s" | "'"),
                    "punct" => doc.token(k).text() == "-",
                    _ => false,
                };
                if !ok {
                    return None;
                }
                out.push(k);
                stack.push(k);
            }
        }
        Some(out)
    }

    /// A copular predicate's own phrase: a noun phrase, or an adjective phrase.
    fn predicate(&mut self, h: usize) -> usize {
        if self.is_nominal(h) {
            return self.noun_phrase(h);
        }
        if self.kids[h - self.lo].is_empty() {
            let leaf = self.leaf(h);
            return self.node("ADJP", vec![leaf]);
        }
        let label = if self.doc.token(h).upos() == Upos::Adj {
            "ADJP"
        } else {
            "FRAG"
        };
        self.ordered(label, h)
    }

    /// A dependent after the verb: punctuation a leaf, clausal complements `SBAR` or
    /// `S`, the rest their own phrases (objects `NP`, obliques `PP`).
    fn post_verb(&mut self, d: usize) -> usize {
        let r = rel(self.doc, d);
        if r == "punct" && self.kids[d - self.lo].is_empty() {
            return self.leaf(d);
        }
        let p = self.phrase(d);
        match r {
            "ccomp" | "advcl" | "parataxis" => {
                let label = self.tree.nodes[p].label.clone();
                match label.as_str() {
                    "SBAR" => p,
                    "S" => self.node("SBAR", vec![p]),
                    "VP" => {
                        let s = self.node("S", vec![p]);
                        self.node("SBAR", vec![s])
                    }
                    _ => p,
                }
            }
            "xcomp" => {
                let label = self.tree.nodes[p].label.clone();
                if label == "S" || label == "SBAR" {
                    p
                } else if label == "VP" {
                    self.node("S", vec![p])
                } else {
                    p
                }
            }
            _ => p,
        }
    }
}
