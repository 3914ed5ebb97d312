//! The linear parse PETRARCH codes over: the tree as opening and closing tags and
//! words, with noun phrases reduced to flat `NE` phrases that carry an actor code.
//!
//! The reduction follows PETRARCH: a noun phrase with no noun phrase inside, or with a
//! possessive anywhere inside, becomes one `NE` of all its words (minus the `'s`); an
//! `(NP (NP ...) (PP (IN p) (NP ...)))` becomes one `NE` with the preposition when the
//! inner noun phrase has no prepositional phrase of its own; clauses inside noun phrases
//! are flattened to words. A noun phrase holding one `CC` and at least two nouns, and
//! no verb or clause, is a compound (`NEC`) whose members each become an `NE`, sharing
//! adjectives that precede the first ("the old Freedonia and Sylvania"). Verb phrases are
//! numbered so a pattern's lower half stops at the end of its own phrase.

use chrono::NaiveDate;
use sitrep_actors::PetrActors;

use super::tree::Tree;

/// One element of the linear parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum P {
    Open(String),
    Close(String),
    /// An uppercased word and the token it came from.
    Word(String, Option<usize>),
    /// The code of the `NE` opened just before; `---` when none.
    Code(String),
}

impl P {
    pub(crate) fn is_open(&self, l: &str) -> bool {
        matches!(self, P::Open(x) if x == l)
    }
    pub(crate) fn is_close(&self, l: &str) -> bool {
        matches!(self, P::Close(x) if x == l)
    }
}

/// Where coding starts: after `(ROOT` and the sentence's first phrase tag.
pub(crate) const PARSE_START: usize = 2;

/// Comma-clause deletion settings, in words (PETRARCH's `comma_*` options).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommaLimits {
    /// Internal clause, fewest words.
    pub min: usize,
    /// Internal clause, most words; 0 turns the rule off.
    pub max: usize,
    /// Initial clause, fewest words.
    pub bmin: usize,
    /// Initial clause, most words; 0 (the default) turns it off.
    pub bmax: usize,
    /// Terminal clause, fewest words.
    pub emin: usize,
    /// Terminal clause, most words; 0 turns it off.
    pub emax: usize,
}

impl Default for CommaLimits {
    fn default() -> CommaLimits {
        CommaLimits {
            min: 2,
            max: 8,
            bmin: 0,
            bmax: 0,
            emin: 2,
            emax: 8,
        }
    }
}

struct Builder {
    t: Tree,
    parent: Vec<Option<usize>>,
    out: Vec<P>,
    vp: usize,
    np: usize,
    nec: usize,
}

fn word_of(w: &str) -> String {
    w.to_uppercase().replace('~', "-TILDA-")
}

impl Builder {
    fn label(&self, n: usize) -> &str {
        &self.t.nodes[n].label
    }

    fn is_leaf(&self, n: usize) -> bool {
        self.t.nodes[n].word.is_some() && self.t.nodes[n].kids.is_empty()
    }

    fn kids(&self, n: usize) -> Vec<usize> {
        self.t.nodes[n].kids.clone()
    }

    /// `n` and everything under it, in document order.
    fn preorder(&self, n: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![n];
        while let Some(x) = stack.pop() {
            out.push(x);
            stack.extend(self.t.nodes[x].kids.iter().rev());
        }
        out
    }

    fn reparent(&mut self) {
        self.parent = vec![None; self.t.nodes.len()];
        for n in 0..self.t.nodes.len() {
            for &k in &self.t.nodes[n].kids {
                self.parent[k] = Some(n);
            }
        }
    }

    fn leaf_word(&self, n: usize) -> P {
        let node = &self.t.nodes[n];
        P::Word(word_of(node.word.as_deref().unwrap_or("")), node.tok)
    }

    /// Marks each `CC`: inside verbs or clauses, or beside another `CC`, it is `CCP`
    /// and joins nothing; in a noun phrase of three or more noun tags it makes the
    /// phrase a compound `NEC`.
    fn mark_compounds(&mut self) {
        let ccs: Vec<usize> = self
            .preorder(0)
            .into_iter()
            .filter(|&n| self.label(n) == "CC")
            .collect();
        for cc in ccs {
            let Some(p) = self.parent[cc] else { continue };
            let span = self.preorder(p);
            let count =
                |f: &dyn Fn(&str) -> bool| span.iter().filter(|&&n| f(self.label(n))).count();
            if count(&|l| l.starts_with("VP") || l.starts_with('S')) > 0
                || count(&|l| l.starts_with("CC")) > 1
            {
                self.t.nodes[cc].label = "CCP".into();
            } else if self.label(p) == "NP" && count(&|l| l.starts_with('N')) >= 3 {
                self.t.nodes[p].label = "NEC".into();
            }
        }
    }

    /// Flattens every `SBAR` under `n` to its words, as an `SBR` phrase.
    fn flatten_clauses(&mut self, n: usize) {
        let mut stack = vec![n];
        while let Some(x) = stack.pop() {
            if self.label(x) == "SBAR" {
                let leaves: Vec<(String, Option<usize>)> = self
                    .preorder(x)
                    .into_iter()
                    .filter_map(|l| {
                        let node = &self.t.nodes[l];
                        node.word.clone().map(|w| (w, node.tok))
                    })
                    .collect();
                let mut kids = Vec::new();
                for (w, tok) in leaves {
                    kids.push(self.t.push(String::new(), Some(w), tok));
                }
                self.t.nodes[x].label = "SBR".into();
                self.t.nodes[x].kids = kids;
                continue;
            }
            stack.extend(self.t.nodes[x].kids.iter().rev());
        }
        self.reparent();
    }

    fn emit(&mut self, n: usize) {
        if self.is_leaf(n) {
            let w = self.leaf_word(n);
            let l = self.label(n).to_string();
            if l.is_empty() {
                self.out.push(w);
            } else {
                self.out.push(P::Open(l.clone()));
                self.out.push(w);
                self.out.push(P::Close(l));
            }
            return;
        }
        let label = match self.label(n) {
            "NP" => return self.emit_np(n),
            "NEC" => return self.emit_compound(n),
            "VP" => {
                self.vp += 1;
                format!("VP{}", self.vp)
            }
            l => l.to_string(),
        };
        self.out.push(P::Open(label.clone()));
        for k in self.kids(n) {
            self.emit(k);
        }
        self.out.push(P::Close(label));
    }

    /// Words of `nodes`, markup dropped except inside a compound, skipping `skip`.
    fn flat(&self, nodes: &[usize], skip: Option<usize>, out: &mut Vec<P>) {
        for &n in nodes {
            if Some(n) == skip {
                continue;
            }
            if self.label(n) == "NEC" {
                self.raw(n, out);
            } else if self.t.nodes[n].word.is_some() {
                out.push(self.leaf_word(n));
            } else {
                self.flat(&self.t.nodes[n].kids, skip, out);
            }
        }
    }

    /// A subtree with its markup.
    fn raw(&self, n: usize, out: &mut Vec<P>) {
        let l = self.label(n).to_string();
        if self.t.nodes[n].word.is_some() && l.is_empty() {
            out.push(self.leaf_word(n));
            return;
        }
        out.push(P::Open(l.clone()));
        if self.t.nodes[n].word.is_some() {
            out.push(self.leaf_word(n));
        }
        for &k in &self.t.nodes[n].kids {
            self.raw(k, out);
        }
        out.push(P::Close(l));
    }

    fn emit_np(&mut self, n: usize) {
        self.flatten_clauses(n);
        let desc: Vec<usize> = self.preorder(n).into_iter().skip(1).collect();
        let first = |f: &dyn Fn(&str) -> bool| desc.iter().copied().find(|&d| f(self.label(d)));
        let ne = if let Some(pos) = first(&|l| l.starts_with("POS")) {
            let mut v = Vec::new();
            self.flat(&self.t.nodes[n].kids, Some(pos), &mut v);
            Some(v)
        } else if let Some(pp) = first(&|l| l.starts_with("PP")) {
            self.preposition(pp)
        } else if first(&|l| l.starts_with("NP") || l.starts_with("NEC")).is_none() {
            let mut v = Vec::new();
            self.flat(&self.t.nodes[n].kids, None, &mut v);
            Some(v)
        } else {
            None
        };
        match ne {
            Some(items) => self.push_ne(items),
            None => {
                self.np += 1;
                let label = format!("NP{}", self.np);
                self.out.push(P::Open(label.clone()));
                for k in self.kids(n) {
                    self.emit(k);
                }
                self.out.push(P::Close(label));
            }
        }
    }

    fn push_ne(&mut self, items: Vec<P>) {
        self.out.push(P::Open("NE".into()));
        self.out.push(P::Code("---".into()));
        self.out.extend(items);
        self.out.push(P::Close("NE".into()));
    }

    /// `(NP (NP A) (PP (IN p) (NP B)))` as the words `A p B`, or `None` when the phrase
    /// has another shape or `B` holds a prepositional phrase.
    fn preposition(&self, pp: usize) -> Option<Vec<P>> {
        let parent = self.parent[pp]?;
        if self.label(parent) != "NP" {
            return None;
        }
        let first = *self.t.nodes[parent].kids.first()?;
        let mut out = Vec::new();
        if self.label(first).starts_with("NP") {
            self.flat(&self.t.nodes[first].kids, None, &mut out);
        } else if self.label(first).starts_with("NEC") {
            self.raw(first, &mut out);
        } else {
            return None;
        }
        let all = self.preorder(0);
        let pos = |n: usize| all.iter().position(|&x| x == n).unwrap_or(0);
        let inside = self.preorder(parent);
        let after_first = pos(*self.preorder(first).last()?) + 1;
        let prep = all[after_first..]
            .iter()
            .copied()
            .find(|&x| self.label(x) == "IN" && self.t.nodes[x].word.is_some())?;
        if !inside.contains(&prep) {
            return None;
        }
        out.push(self.leaf_word(prep));
        let obj = all[pos(prep) + 1..]
            .iter()
            .copied()
            .take_while(|x| inside.contains(x))
            .find(|&x| matches!(self.label(x), "NP" | "NEC"))?;
        let obj_nodes = self.preorder(obj);
        if obj_nodes.iter().any(|&x| self.label(x).starts_with("PP")) {
            return None;
        }
        if self.label(obj) == "NEC" {
            self.raw(obj, &mut out);
        } else {
            self.flat(&self.t.nodes[obj].kids, None, &mut out);
        }
        let after_obj = pos(*obj_nodes.last()?) + 1;
        if let Some(&s) = all[after_obj..].iter().find(|&&x| self.label(x) == "SBR") {
            self.flat(&self.t.nodes[s].kids, None, &mut out);
        }
        Some(out)
    }

    /// A compound: each noun or noun phrase inside becomes an `NE`; adjectives before
    /// the first one are repeated on single-noun members.
    fn emit_compound(&mut self, n: usize) {
        self.nec += 1;
        let label = format!("NEC{}", self.nec);
        self.out.push(P::Open(label.clone()));
        let desc: Vec<usize> = self.preorder(n).into_iter().skip(1).collect();
        let is_member = |l: &str| l.starts_with("NP") || l.starts_with("NN");
        let mut adj = Vec::new();
        let mut i = 0;
        while i < desc.len() && !is_member(self.label(desc[i])) {
            let d = desc[i];
            if self.label(d).starts_with("JJ") && self.t.nodes[d].word.is_some() {
                let l = self.label(d).to_string();
                adj.push(P::Open(l.clone()));
                adj.push(self.leaf_word(d));
                adj.push(P::Close(l));
            }
            i += 1;
        }
        let mut skip_until = 0;
        for (j, &d) in desc.iter().enumerate().skip(i) {
            if j < skip_until || !is_member(self.label(d)) {
                continue;
            }
            skip_until = j + self.preorder(d).len();
            let mut items = Vec::new();
            if self.t.nodes[d].word.is_some() {
                items.extend(adj.iter().cloned());
                items.push(self.leaf_word(d));
            } else {
                self.flat(&self.t.nodes[d].kids, None, &mut items);
            }
            self.push_ne(items);
        }
        self.out.push(P::Close(label));
    }
}

/// Why a sentence is not coded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skipped {
    /// The parse starts with a compound noun phrase, as a dateline does ("CEBU CITY:").
    Dateline,
    /// The bracketed parse does not balance.
    BadParse,
    /// Comma-clause deletion left the parse unbalanced.
    BadCommas,
    /// The sentence holds a sentence discard phrase.
    SentenceDiscard,
    /// The story holds a story discard phrase.
    StoryDiscard,
}

/// The linear parse of a tree.
pub(crate) fn build(tree: &Tree) -> Result<Vec<P>, Skipped> {
    let mut b = Builder {
        t: tree.clone(),
        parent: Vec::new(),
        out: Vec::new(),
        vp: 0,
        np: 0,
        nec: 0,
    };
    b.reparent();
    b.mark_compounds();
    b.emit(0);
    let opens: Vec<&str> = b
        .out
        .iter()
        .filter_map(|p| match p {
            P::Open(l) => Some(l.as_str()),
            _ => None,
        })
        .take(3)
        .collect();
    if opens == ["ROOT", "NE", "NEC"] {
        return Err(Skipped::Dateline);
    }
    Ok(b.out)
}

/// Alphabetic words in `[lo, hi)`; none when the range is empty or reversed.
fn count_words(items: &[P], lo: usize, hi: usize) -> usize {
    let hi = hi.min(items.len());
    items[lo.min(hi)..hi]
        .iter()
        .filter(|p| matches!(p, P::Word(w, _) if w.starts_with(char::is_alphabetic)))
        .count()
}

/// The index before the last element that is not a closing tag (the final
/// punctuation's opening tag).
fn find_end(items: &[P]) -> usize {
    let mut k = items.len().saturating_sub(1);
    while k >= 2 && matches!(items[k], P::Close(_)) {
        k -= 1;
    }
    k.saturating_sub(1)
}

/// Deletes the complete phrases within `[lo, hi)`, leaving tags that straddle it.
fn delete_phrases(items: &mut Vec<P>, lo: usize, hi: usize) {
    let mut stack: Vec<String> = Vec::new();
    let mut k = hi.min(items.len()) as isize - 1;
    while k >= lo as isize {
        let ku = k as usize;
        match &items[ku] {
            P::Close(l) => stack.push(l.clone()),
            P::Open(l) if stack.last() == Some(l) => {
                let l = l.clone();
                if let Some(end) = items[ku + 1..].iter().position(|p| p.is_close(&l)) {
                    items.drain(ku..=ku + 1 + end);
                }
                stack.pop();
            }
            _ => {}
        }
        k -= 1;
    }
}

fn first_comma(items: &[P], from: usize) -> Option<usize> {
    items
        .iter()
        .skip(from)
        .position(|p| p.is_open(","))
        .map(|i| i + from)
}

/// PETRARCH's comma-clause deletion: an initial clause (off by default), the terminal
/// clause and each internal clause between two commas are removed when their word
/// counts fall within the limits.
pub(crate) fn delete_comma_clauses(items: &mut Vec<P>, lim: &CommaLimits) -> Result<(), Skipped> {
    let Some(c0) = first_comma(items, 0) else {
        return Ok(());
    };
    if lim.bmax != 0 {
        let n = count_words(items, PARSE_START, c0);
        if (lim.bmin..=lim.bmax).contains(&n) {
            delete_phrases(items, PARSE_START, c0);
        }
    }
    if lim.emax != 0 {
        let end = find_end(items);
        if let Some(k) = last_comma_before(items, end) {
            let n = count_words(items, k, items.len());
            if (lim.emin..=lim.emax).contains(&n) {
                delete_phrases(items, k + 3, end);
            }
        }
    }
    if lim.max != 0 {
        // As in PETRARCH, the next search starts from where the second comma was
        // before the deletion.
        let mut a = first_comma(items, 0);
        while let Some(ka) = a {
            let Some(kb) = first_comma(items, ka + 1) else {
                break;
            };
            let n = count_words(items, ka + 2, kb);
            if (lim.min..=lim.max).contains(&n) {
                delete_phrases(items, ka, kb);
            }
            a = (kb < items.len()).then_some(kb);
        }
    }
    if let Some(k) = first_comma(items, 0) {
        if count_words(items, PARSE_START, k) == 0 {
            items.drain(k..(k + 3).min(items.len()));
        }
    }
    let end = find_end(items);
    if let Some(k) = last_comma_before(items, end) {
        if count_words(items, k + 1, end) == 0 {
            items.drain(k..(k + 3).min(items.len()));
        }
    }
    let opens = items.iter().filter(|p| matches!(p, P::Open(_))).count();
    let closes = items.iter().filter(|p| matches!(p, P::Close(_))).count();
    if opens != closes {
        return Err(Skipped::BadCommas);
    }
    Ok(())
}

fn last_comma_before(items: &[P], end: usize) -> Option<usize> {
    let mut k = end.checked_sub(1)?;
    while k >= 2 && !items[k].is_open(",") {
        k -= 1;
    }
    items[k].is_open(",").then_some(k)
}

/// The words of an `NE` handed to the actor dictionaries: everything between its code
/// and its end except noun tags, other markup spelled as PETRARCH spells it.
fn phrase_words(items: &[P]) -> Vec<String> {
    items
        .iter()
        .filter_map(|p| match p {
            P::Word(w, _) => Some(w.clone()),
            P::Open(l) if !l.starts_with("NN") => Some(format!("({l}")),
            P::Close(l) if !l.starts_with("NN") => Some(format!("~{l}")),
            _ => None,
        })
        .collect()
}

/// Expands an `NE` holding a compound into one `NE` per member, each with the words
/// around the compound (less the word right before it, usually the preposition).
/// Returns the replacement, and whether it still holds compounds.
fn expand_compound(items: &[P], start: usize, end: usize, wrap: bool) -> Option<Vec<P>> {
    let nc = (start..end).find(|&k| items[k].is_open("NEC"))?;
    let nce = (nc..end).find(|&k| items[k].is_close("NEC"))?;
    let lo = start + 2;
    let pre = &items[lo..nc.saturating_sub(1).max(lo)];
    let post = &items[nce + 1..end];
    let mut out = Vec::new();
    if wrap {
        out.push(P::Open("NEC".into()));
    }
    let mut k = nc + 1;
    while k + 1 < nce {
        if let P::Open(l) = &items[k] {
            if l.starts_with('N') {
                let l = l.clone();
                out.push(P::Open("NE".into()));
                out.push(P::Code("---".into()));
                out.extend(pre.iter().cloned());
                k += 1;
                while k < nce && !items[k].is_close(&l) {
                    out.push(items[k].clone());
                    k += 1;
                }
                out.extend(post.iter().cloned());
                out.push(P::Close("NE".into()));
            }
        }
        k += 1;
    }
    if wrap {
        out.push(P::Close("NEC".into()));
    }
    Some(out)
}

/// Codes every `NE` with the actor dictionaries, first expanding `NE`s that hold
/// compounds.
pub(crate) fn assign_codes(items: &mut Vec<P>, actors: &PetrActors, date: Option<NaiveDate>) {
    let mut k = PARSE_START;
    while k < items.len() {
        if !items[k].is_open("NE") {
            k += 1;
            continue;
        }
        let Some(end) = (k + 1..items.len()).find(|&j| items[j].is_close("NE")) else {
            return;
        };
        if items[k + 2..end].iter().any(|p| p.is_open("NEC")) {
            let Some(mut new) = expand_compound(items, k, end, true) else {
                return;
            };
            // A second compound inside a member: expand once more, without a wrapper.
            let mut j = 1;
            while j < new.len() {
                if new[j].is_open("NE") {
                    if let Some(e) = (j + 1..new.len()).find(|&x| new[x].is_close("NE")) {
                        if new[j + 2..e].iter().any(|p| p.is_open("NEC")) {
                            if let Some(inner) = expand_compound(&new, j, e, false) {
                                let n = inner.len();
                                new.splice(j..=e, inner);
                                j += n;
                                continue;
                            }
                        }
                    }
                }
                j += 1;
            }
            items.splice(k..=end, new);
            continue;
        }
        let words = phrase_words(&items[k + 2..end]);
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        if let Some(code) = actors.code_phrase(&refs, date) {
            items[k + 1] = P::Code(code);
        }
        k = end + 1;
    }
}

#[cfg(test)]
pub(crate) fn render(items: &[P]) -> String {
    items
        .iter()
        .map(|p| match p {
            P::Open(l) => format!("({l}"),
            P::Close(l) => format!("~{l}"),
            P::Word(w, _) => w.clone(),
            P::Code(c) => format!("<{c}>"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plist(ptb: &str) -> String {
        render(&build(&Tree::parse_ptb(ptb).unwrap()).unwrap())
    }

    #[test]
    fn noun_phrases_become_ne() {
        assert_eq!(
            plist("(ROOT (S (NP (NNP Freedonia)) (VP (VBD sailed) (PP (IN for) (NP (NNP Sylvania)))) (. .)))"),
            "(ROOT (S (NE <---> FREEDONIA ~NE (VP1 (VBD SAILED ~VBD (PP (IN FOR ~IN (NE <---> SYLVANIA ~NE ~PP ~VP1 (. . ~. ~S ~ROOT"
        );
        // Possessive: one NE without the 's.
        assert!(plist(
            "(ROOT (S (NP (NP (NNP Freedonia) (POS 's)) (NN envoy)) (VP (VBD sailed))))"
        )
        .contains("(NE <---> FREEDONIA ENVOY ~NE"));
        // NP PP NP: one NE with the preposition.
        assert!(plist(
            "(ROOT (S (NP (NP (NNS legislators)) (PP (IN in) (NP (NNP Marsovia)))) (VP (VBD met))))"
        )
        .contains("(NE <---> LEGISLATORS IN MARSOVIA ~NE"));
    }

    #[test]
    fn compounds_share_leading_adjectives() {
        let p = plist(
            "(ROOT (S (NP (JJ old) (NNP Freedonia) (CC and) (NNP Sylvania)) (VP (VBD met))))",
        );
        assert!(
            p.contains(
                "(NEC1 (NE <---> (JJ OLD ~JJ FREEDONIA ~NE (NE <---> (JJ OLD ~JJ SYLVANIA ~NE ~NEC1"
            ),
            "{p}"
        );
        // A CC joining verb phrases is no compound.
        let p =
            plist("(ROOT (S (NP (NNP Freedonia)) (VP (VP (VBD met)) (CC and) (VP (VBD sailed)))))");
        assert!(p.contains("(CCP AND ~CCP"), "{p}");
    }

    #[test]
    fn comma_clauses_are_deleted_by_length() {
        let t = Tree::parse_ptb(
            "(ROOT (S (S (NP (NNP Freedonia)) (VP (VBD sailed))) (, ,) (NP (DT a) (JJ junior) (NN envoy)) (VP (VBD said)) (. .)))",
        )
        .unwrap();
        let mut p = build(&t).unwrap();
        delete_comma_clauses(&mut p, &CommaLimits::default()).unwrap();
        assert!(!render(&p).contains("ENVOY"), "{}", render(&p));
        let mut p = build(&t).unwrap();
        let off = CommaLimits {
            emax: 0,
            ..CommaLimits::default()
        };
        delete_comma_clauses(&mut p, &off).unwrap();
        assert!(render(&p).contains("ENVOY"));
    }

    #[test]
    fn reversed_ranges_count_no_words() {
        // The internal-clause scan reuses a stale index, as PETRARCH does; a reversed
        // range must count nothing rather than panic.
        let p =
            build(&Tree::parse_ptb("(ROOT (S (NP (NNP Freedonia)) (VP (VBD sailed))))").unwrap())
                .unwrap();
        assert_eq!(count_words(&p, 5, 3), 0);
        assert_eq!(count_words(&p, 0, 99), 2);
    }

    #[test]
    fn compound_inside_ne_expands() {
        let mut d = PetrActors::default();
        d.add_actors_text("FREEDONIA [FRE]\nSYLVANIA [SYL]\n");
        d.add_agents_text("DELEGATE [~GOV]\n");
        let t = Tree::parse_ptb(
            "(ROOT (S (NP (NP (DT the) (NNS delegates)) (PP (IN of) (NP (NNP Freedonia) (CC and) (NNP Sylvania)))) (VP (VBD sailed))))",
        )
        .unwrap();
        let mut p = build(&t).unwrap();
        assign_codes(&mut p, &d, None);
        let r = render(&p);
        assert!(r.contains("(NE <FREGOV>"), "{r}");
        assert!(r.contains("(NE <SYLGOV>"), "{r}");
    }
}
