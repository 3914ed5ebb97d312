//! Verb coding over the linear parse, as PETRARCH does it.
//!
//! Each verb phrase whose first child is a verb found in the dictionary is tried: the
//! words before the verb (back to the sentence start or a comma) are the upper
//! sequence, the words of its own phrase after it the lower sequence, noun phrases
//! appearing as marked `NE` spans. The block's patterns are tried in file order; the
//! first whose both halves match gives the code, else the verb's own code. The source
//! is the pattern's `$`, else the first coded noun phrase of the upper sequence (a
//! compound first), else its first noun phrase; the target the pattern's `+`, else the
//! first coded noun phrase after the verb with another code, then an uncoded one, then
//! the same before the verb. A passive verb (`was`/`is`/`been` ... `-ed` ... `by`) swaps
//! them. A coded verb phrase is not searched for further verbs.

use super::plist::{P, PARSE_START};
use super::verbs::{PTok, Tok, VerbDict, VerbEntry};

/// One element of an upper or lower sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
enum S {
    /// An `NE` start: where it opens in the parse, and its code.
    Ne(usize, String),
    NeEnd,
    /// A compound start.
    Nec,
    NecEnd,
    Word(String),
}

impl S {
    fn starts_phrase(&self) -> bool {
        matches!(self, S::Ne(..) | S::Nec)
    }
    fn ends_phrase(&self) -> bool {
        matches!(self, S::NeEnd | S::NecEnd)
    }
    fn is_marker(&self) -> bool {
        !matches!(self, S::Word(_))
    }
    fn null_coded(&self) -> bool {
        matches!(self, S::Ne(_, c) if c.starts_with("---"))
    }
    /// PETRARCH compares codes by prefix: `ARNGOV` counts as the source `ARN` again.
    fn coded_other_than(&self, src: Option<&str>) -> bool {
        match self {
            S::Ne(_, c) => !c.starts_with("---") && src.is_none_or(|s| !c.starts_with(s)),
            S::Nec => true,
            _ => false,
        }
    }
}

/// A noun phrase in one of the two sequences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Loc {
    upper: bool,
    idx: usize,
}

/// One actor of a coded event: its code and the `NE` it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Side {
    pub(crate) code: String,
    pub(crate) ne: Option<usize>,
}

/// One coded event over the linear parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Coded {
    pub(crate) source: Side,
    pub(crate) target: Side,
    pub(crate) code: String,
    /// Parse index of the verb's word.
    pub(crate) verb: usize,
    pub(crate) rule: String,
}

pub(crate) struct Coder<'a> {
    pub(crate) dict: &'a VerbDict,
    pub(crate) items: &'a [P],
    pub(crate) require_dyad: bool,
    pub(crate) new_actor_length: usize,
}

fn word(p: &P) -> Option<&str> {
    match p {
        P::Word(w, _) => Some(w),
        _ => None,
    }
}

impl Coder<'_> {
    /// What the parse element at `k` contributes to a sequence.
    fn seq_item(&self, k: usize) -> Option<S> {
        match &self.items[k] {
            P::Open(l) if l == "NE" => Some(S::Ne(k, self.code_at(k))),
            P::Close(l) if l == "NE" => Some(S::NeEnd),
            P::Open(l) if l.contains("NEC") => Some(S::Nec),
            P::Close(l) if l.contains("NEC") => Some(S::NecEnd),
            P::Word(w, _) => Some(S::Word(w.clone())),
            _ => None,
        }
    }

    /// The words before the verb, nearest first, back to a comma or the start.
    fn upper_seq(&self, from: Option<usize>) -> Vec<S> {
        let Some(from) = from else {
            return Vec::new();
        };
        (PARSE_START..=from)
            .rev()
            .take_while(|&k| !self.items[k].is_close(","))
            .filter_map(|k| self.seq_item(k))
            .collect()
    }

    /// The words after the verb up to the end of its phrase.
    fn lower_seq(&self, from: usize, end: &str) -> Vec<S> {
        (from..self.items.len())
            .take_while(|&k| !self.items[k].is_close(end))
            .filter_map(|k| self.seq_item(k))
            .collect()
    }

    fn code_at(&self, ne: usize) -> String {
        match self.items.get(ne + 1) {
            Some(P::Code(c)) => c.clone(),
            _ => "---".into(),
        }
    }

    /// Whether a pattern half matches its sequence, setting `src`/`tgt` from `$`, `+`
    /// and `%`.
    fn half_matches(
        &self,
        pat: &[PTok],
        seq: &[S],
        upper: bool,
        src: &mut Option<Loc>,
        tgt: &mut Option<Loc>,
    ) -> bool {
        if pat.is_empty() {
            return true;
        }
        if seq.is_empty() {
            return false;
        }
        let (mut kp, mut ks) = (0, 0);
        let mut inside = false;
        // After an element matched: true when the pattern is done, false when the
        // sequence ran out first, None to go on.
        let advance = |kp: &mut usize, ks: &mut usize, n: usize| -> Option<bool> {
            *kp += 1;
            if *kp >= pat.len() {
                return Some(true);
            }
            *ks += n;
            (*ks >= seq.len()).then_some(false)
        };
        loop {
            let el = &pat[kp];
            if el.tok == Tok::Compound && matches!(seq[ks], S::Nec | S::NecEnd) {
                // The compound's start sits at its far end in the upper sequence.
                let (start, far) = if upper {
                    let far = (ks..seq.len()).find(|&j| seq[j] == S::Nec);
                    (far, far)
                } else {
                    (Some(ks), (ks..seq.len()).find(|&j| seq[j] == S::NecEnd))
                };
                let (Some(start), Some(far)) = (start, far) else {
                    return false;
                };
                let loc = Loc { upper, idx: start };
                *tgt = Some(loc);
                if upper {
                    *src = Some(loc);
                }
                ks = far;
                if let Some(r) = advance(&mut kp, &mut ks, 1) {
                    return r;
                }
                continue;
            }
            if seq[ks].is_marker() {
                ks += 1;
                if ks >= seq.len() {
                    return false;
                }
                inside = !inside;
                continue;
            }
            let hit = match &el.tok {
                Tok::Source | Tok::Target | Tok::Skip if inside => {
                    match el.tok {
                        Tok::Source => *src = self.phrase_start(seq, ks, upper),
                        Tok::Target => *tgt = self.phrase_start(seq, ks, upper),
                        _ => {
                            let end = (ks..seq.len()).find(|&j| {
                                if upper {
                                    seq[j].starts_phrase()
                                } else {
                                    seq[j].ends_phrase()
                                }
                            });
                            let Some(end) = end else { return false };
                            ks = end;
                            inside = false;
                        }
                    }
                    Some(1)
                }
                Tok::Syn(id) => syn_len(&self.dict.synsets[*id], seq, ks, upper),
                Tok::Word(w) => matches!(&seq[ks], S::Word(x) if x == w).then_some(1),
                _ => None,
            };
            match hit {
                Some(n) => {
                    if let Some(r) = advance(&mut kp, &mut ks, n) {
                        return r;
                    }
                }
                None if !el.joined => {
                    ks += 1;
                    if ks >= seq.len() {
                        return false;
                    }
                }
                None => return false,
            }
        }
    }

    /// The start of the phrase holding position `ks`: behind it in the lower sequence,
    /// ahead of it in the (reversed) upper one.
    fn phrase_start(&self, seq: &[S], ks: usize, upper: bool) -> Option<Loc> {
        let idx = if upper {
            (ks..seq.len()).find(|&j| seq[j].starts_phrase())
        } else {
            (0..=ks).rev().find(|&j| seq[j].starts_phrase())
        }?;
        Some(Loc { upper, idx })
    }

    /// The verb entry that fits here and the span of parse indices its words take.
    fn entry_at(&self, entries: &'_ [VerbEntry], v: usize) -> Option<(usize, usize, usize)> {
        let words_after = |n: usize| -> Vec<(usize, &str)> {
            self.items[v + 1..]
                .iter()
                .enumerate()
                .filter_map(|(i, p)| word(p).map(|w| (v + 1 + i, w)))
                .take(n)
                .collect()
        };
        let words_before = |n: usize| -> Vec<(usize, &str)> {
            self.items[..v]
                .iter()
                .enumerate()
                .rev()
                .filter_map(|(i, p)| word(p).map(|w| (i, w)))
                .take(n)
                .collect()
        };
        let mut best: Option<(usize, usize, usize, usize)> = None;
        for (i, e) in entries.iter().enumerate() {
            let after = words_after(e.after.len());
            let before = words_before(e.before.len());
            let fits = after.len() == e.after.len()
                && before.len() == e.before.len()
                && after.iter().zip(&e.after).all(|((_, w), x)| w == x)
                && before.iter().rev().zip(&e.before).all(|((_, w), x)| w == x);
            if !fits {
                continue;
            }
            let n = e.after.len() + e.before.len();
            let start = before.last().map_or(v, |b| b.0);
            let end = after.last().map_or(v, |a| a.0);
            if best.is_none_or(|b| n > b.3) {
                best = Some((i, start, end, n));
            }
        }
        best.map(|(i, s, e, _)| (i, s, e))
    }

    /// PETRARCH's passive test: a past participle after `was`/`is`/`been` in the verb
    /// phrase opened at `k`, with `by` after it; returns the participle's index.
    fn passive_verb(&self, k: usize) -> Option<usize> {
        let P::Open(vp) = &self.items[k] else {
            return None;
        };
        let end = (k..self.items.len()).find(|&j| self.items[j].is_close(vp))?;
        (k + 3..end).find(|&j| matches!(&self.items[j], P::Open(l) if l == "VBN"))?;
        // As in PETRARCH, the first participle's end from the verb on, even when that
        // is the phrase's own first verb.
        let close_vbn = (k + 3..self.items.len())
            .find(|&j| matches!(&self.items[j], P::Close(l) if l == "VBN"))?;
        let by = (close_vbn + 3..end).any(|j| word(&self.items[j]) == Some("BY"));
        if !by {
            return None;
        }
        let aux = (k + 1..close_vbn.saturating_sub(2)).rev().any(|j| {
            matches!(&self.items[j], P::Close(l) if l.starts_with("VB"))
                && matches!(word(&self.items[j - 1]), Some("WAS" | "IS" | "BEEN"))
        });
        aux.then_some(close_vbn - 1)
    }

    /// Codes every verb phrase of the sentence.
    pub(crate) fn code(&self) -> Vec<Coded> {
        let mut events: Vec<Coded> = Vec::new();
        let mut k = PARSE_START;
        while k + 2 < self.items.len() {
            let vp = match (&self.items[k], &self.items[k + 1]) {
                (P::Open(vp), P::Open(vb)) if vp.starts_with("VP") && vb.starts_with("VB") => {
                    vp.clone()
                }
                _ => {
                    k += 1;
                    continue;
                }
            };
            let passive = self.passive_verb(k);
            let v = passive.unwrap_or(k + 2);
            let at = v - 2;
            let Some(verb) = word(&self.items[v]) else {
                k += 1;
                continue;
            };
            let entries = self.dict.entries(verb);
            let Some((ei, vstart, vend)) = self.entry_at(entries, v) else {
                k += 1;
                continue;
            };
            let entry = &entries[ei];
            let upper = self.upper_seq(vstart.checked_sub(1));
            let lower = self.lower_seq(vend + 1, &vp);
            let (mut src, mut tgt) = (None, None);
            let mut hit: Option<(Option<&str>, &str)> = None;
            for p in &self.dict.blocks[entry.block].patterns {
                src = None;
                tgt = None;
                if self.half_matches(&p.upper, &upper, true, &mut src, &mut tgt)
                    && self.half_matches(&p.lower, &lower, false, &mut src, &mut tgt)
                {
                    hit = Some((p.code.as_deref(), p.rule.as_str()));
                    break;
                }
            }
            if hit.is_none() {
                hit = entry
                    .code
                    .as_deref()
                    .map(|c| (Some(c), entry.rule.as_str()));
            }
            let Some((code, rule)) = hit else {
                k += 1;
                continue;
            };
            if let Some(code) = code {
                let src = src.or_else(|| find_source(&upper));
                if let Some(s) = src {
                    let tgt = tgt.or_else(|| self.find_target(&upper, &lower, s));
                    if let Some(t) = tgt {
                        self.make_events(
                            &mut events,
                            (&upper, &lower),
                            s,
                            t,
                            code,
                            passive.is_some(),
                            v,
                            rule,
                        );
                    }
                }
            }
            // Skip past this verb phrase.
            k = at;
            while k < self.items.len() && !self.items[k].is_close(&vp) {
                k += 1;
            }
            k += 1;
        }
        events
    }

    fn find_target(&self, upper: &[S], lower: &[S], src: Loc) -> Option<Loc> {
        let codes = self.loc_codes(upper, lower, src);
        let src_code = (codes.len() == 1).then(|| codes[0].code.as_str());
        let at = |upper_side: bool, idx: usize| {
            Some(Loc {
                upper: upper_side,
                idx,
            })
        };
        if let Some(i) = lower.iter().position(|s| s.coded_other_than(src_code)) {
            return at(false, i);
        }
        if let Some(i) = lower.iter().position(S::null_coded) {
            return at(false, i);
        }
        if let Some(i) = upper.iter().position(|s| s.coded_other_than(src_code)) {
            return at(true, i);
        }
        upper
            .iter()
            .enumerate()
            .position(|(i, s)| s.null_coded() && !(src.upper && src.idx == i))
            .and_then(|i| at(true, i))
    }

    /// The codes a location stands for: one, or each member of a compound.
    fn loc_codes(&self, upper: &[S], lower: &[S], loc: Loc) -> Vec<Side> {
        let seq = if loc.upper { upper } else { lower };
        let mut out = Vec::new();
        if seq.get(loc.idx) == Some(&S::Nec) {
            let members: Box<dyn Iterator<Item = &S>> = if loc.upper {
                Box::new(seq[..loc.idx].iter().rev().take_while(|s| **s != S::NecEnd))
            } else {
                Box::new(seq[loc.idx + 1..].iter().take_while(|s| **s != S::NecEnd))
            };
            for s in members {
                self.add_code(s, &mut out);
            }
        } else if let Some(s) = seq.get(loc.idx) {
            self.add_code(s, &mut out);
        }
        if out.is_empty() {
            out.push(Side {
                code: "---".into(),
                ne: None,
            });
        }
        out
    }

    fn add_code(&self, s: &S, out: &mut Vec<Side>) {
        let S::Ne(at, code) = s else { return };
        if code != "---" {
            out.push(Side {
                code: code.clone(),
                ne: Some(*at),
            });
        } else if self.new_actor_length > 0 {
            let words: Vec<&str> = self.items[at + 2..]
                .iter()
                .take_while(|p| !matches!(p, P::Close(l) if l == "NE"))
                .filter_map(word)
                .collect();
            let code = if words.len() <= self.new_actor_length {
                format!("\"{}\"", words.join(" "))
            } else {
                "---".into()
            };
            out.push(Side {
                code,
                ne: Some(*at),
            });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn make_events(
        &self,
        events: &mut Vec<Coded>,
        (upper, lower): (&[S], &[S]),
        src: Loc,
        tgt: Loc,
        code: &str,
        passive: bool,
        verb: usize,
        rule: &str,
    ) {
        let mut srcs = split_slashes(self.loc_codes(upper, lower, src));
        let mut tgts = split_slashes(self.loc_codes(upper, lower, tgt));
        let pair = |a: &[Side], b: &[Side], code: &str, events: &mut Vec<Coded>| {
            if code.is_empty() {
                return;
            }
            for s in a {
                for t in b {
                    if s.code == t.code {
                        continue;
                    }
                    let (s, t) = if passive { (t, s) } else { (s, t) };
                    events.push(Coded {
                        source: s.clone(),
                        target: t.clone(),
                        code: code.to_string(),
                        verb,
                        rule: rule.to_string(),
                    });
                }
            }
        };
        match code.split_once(':') {
            Some((there, back)) => {
                if srcs[0].code == "---" || tgts[0].code == "---" {
                    if tgts[0].code == "---" {
                        tgts = srcs.clone();
                    } else {
                        srcs = tgts.clone();
                    }
                }
                pair(&srcs, &tgts, there, events);
                pair(&tgts, &srcs, back, events);
            }
            None => pair(&srcs, &tgts, code, events),
        }
        if self.require_dyad {
            events.retain(|e| e.source.code != "---" && e.target.code != "---");
        }
        let mut seen: Vec<(String, String, String)> = Vec::new();
        events.retain(|e| {
            let key = (e.source.code.clone(), e.target.code.clone(), e.code.clone());
            let fresh = !seen.contains(&key);
            seen.push(key);
            fresh
        });
    }
}

/// `ELR/GAL`: one actor per code.
fn split_slashes(sides: Vec<Side>) -> Vec<Side> {
    sides
        .into_iter()
        .flat_map(|s| {
            let ne = s.ne;
            s.code
                .split('/')
                .map(|c| Side {
                    code: c.to_string(),
                    ne,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The first compound or coded phrase of the sentence before the verb, else its first
/// phrase of any kind.
fn find_source(upper: &[S]) -> Option<Loc> {
    let loc = |idx| Some(Loc { upper: true, idx });
    if let Some(i) = (0..upper.len())
        .rev()
        .find(|&i| upper[i] == S::Nec || matches!(&upper[i], S::Ne(_, c) if !c.starts_with("---")))
    {
        return loc(i);
    }
    (0..upper.len())
        .rev()
        .find(|&i| upper[i].starts_phrase())
        .and_then(loc)
}

/// How many sequence elements a synset member spans at `ks` (members read backwards
/// before the verb).
fn syn_len(members: &[Vec<String>], seq: &[S], ks: usize, upper: bool) -> Option<usize> {
    members.iter().find_map(|m| {
        let ok = m.iter().enumerate().all(|(j, w)| {
            let want = if upper { &m[m.len() - 1 - j] } else { w };
            matches!(seq.get(ks + j), Some(S::Word(x)) if x == want)
        });
        ok.then_some(m.len())
    })
}
