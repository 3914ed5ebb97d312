//! Fallbacks for when the dependency parse fails the coder: verbs the tagger called
//! nouns ("the advisor met with"), participles used as adjectives ("reject proposed
//! changes"), and actors found by word order inside the verb's clause, the way
//! PETRARCH takes the first actor of the phrase before and after the verb.

use sitrep_doc::{ActorRef, Upos};

use super::{Sent, REPORT, VERB_TARGET_PREPS};
use crate::lexicon::{Kind, Lexicon};

/// Irregular past forms and participles: (form, lemma).
const IRREGULAR: &[(&str, &str)] = &[
    ("met", "meet"),
    ("held", "hold"),
    ("sent", "send"),
    ("gave", "give"),
    ("given", "give"),
    ("struck", "strike"),
    ("shot", "shoot"),
    ("fought", "fight"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("took", "take"),
    ("taken", "take"),
    ("led", "lead"),
    ("sought", "seek"),
    ("told", "tell"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("brought", "bring"),
    ("broke", "break"),
    ("broken", "break"),
    ("fled", "flee"),
    ("flew", "fly"),
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("began", "begin"),
    ("withdrew", "withdraw"),
    ("withdrawn", "withdraw"),
    ("overthrew", "overthrow"),
    ("overthrown", "overthrow"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("beaten", "beat"),
    ("forbade", "forbid"),
    ("forbidden", "forbid"),
    ("slew", "slay"),
    ("slain", "slay"),
    ("drove", "drive"),
    ("sold", "sell"),
    ("paid", "pay"),
    ("lent", "lend"),
    ("swore", "swear"),
    ("sworn", "swear"),
    ("tore", "tear"),
    ("blew", "blow"),
    ("blown", "blow"),
    ("caught", "catch"),
    ("drew", "draw"),
    ("forgave", "forgive"),
    ("forgiven", "forgive"),
    ("shook", "shake"),
    ("swept", "sweep"),
    ("bound", "bind"),
    ("upheld", "uphold"),
    ("undertook", "undertake"),
    ("overran", "overrun"),
    ("rebuilt", "rebuild"),
    ("won", "win"),
    ("lost", "lose"),
    ("left", "leave"),
    ("kept", "keep"),
    ("built", "build"),
    ("dealt", "deal"),
    ("cut", "cut"),
    ("hit", "hit"),
    ("shut", "shut"),
    ("set", "set"),
    ("put", "put"),
    ("beat", "beat"),
    ("quit", "quit"),
    ("spread", "spread"),
];

/// Closed-class words that open a new clause to their right.
const CLAUSE_OPENERS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "because", "after", "before", "while", "although",
    "though", "if", "unless", "when", "whereas", "since", "until",
];

/// The lexicon verb an inflected past form belongs to ("met" = meet, "shelled" = shell).
pub(super) fn past_form_lemma(lex: &Lexicon, form: &str) -> Option<String> {
    if let Some(&(_, l)) = IRREGULAR.iter().find(|(f, _)| *f == form) {
        return lex.has(Kind::Verb, l).then(|| l.to_string());
    }
    let stem = form.strip_suffix("ed")?;
    let mut cands = vec![stem.to_string(), format!("{stem}e")];
    let b = stem.as_bytes();
    if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] {
        cands.push(stem[..stem.len() - 1].to_string());
    }
    if let Some(s) = stem.strip_suffix('i') {
        cands.push(format!("{s}y"));
    }
    cands.into_iter().find(|c| lex.has(Kind::Verb, c))
}

/// Lemmas an inflected form may have, for when the lemmatizer missed ("severed" =
/// sever, not severe; "expelled" = expel; "exercises" = exercise).
pub(super) fn base_forms(form: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(&(_, l)) = IRREGULAR.iter().find(|(f, _)| *f == form) {
        out.push(l.to_string());
    }
    for suffix in ["ing", "ed", "es", "s"] {
        let Some(stem) = form.strip_suffix(suffix) else {
            continue;
        };
        if stem.len() < 2 {
            continue;
        }
        out.push(stem.to_string());
        if suffix != "s" {
            out.push(format!("{stem}e"));
        }
        let b = stem.as_bytes();
        if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] {
            out.push(stem[..stem.len() - 1].to_string());
        }
        if let Some(s) = stem.strip_suffix('i') {
            out.push(format!("{s}y"));
        }
    }
    out
}

/// A past form or participle, regular or not.
pub(super) fn participle(form: &str) -> bool {
    form.ends_with("ed") || IRREGULAR.iter().any(|(f, _)| *f == form)
}

impl<'d> Sent<'d> {
    fn upos(&self, i: usize) -> Upos {
        self.doc.token(i).upos()
    }

    fn form(&self, i: usize) -> String {
        self.doc.token(i).text().to_lowercase()
    }

    /// Decides which tokens head events, and fixes the lemma of verbs the tagger called
    /// nouns. A token inside an actor's name never does; a verb counts unless it is a participle standing as an adjective before
    /// a noun after a determiner, number, adjective, preposition or verb ("reject
    /// proposed changes", "the exiled leaders"); a noun counts when it is the past form
    /// of a lexicon verb right after a nominal ("Iraq's advisor met with").
    pub(super) fn mark_predicates(&mut self, lex: &Lexicon) {
        let named = |s: &Self, i: usize| {
            let span = s.doc.token(i).span();
            s.mentions
                .iter()
                .any(|m| m.actor.span.start <= span.start && span.end <= m.actor.span.end)
        };
        for i in self.lo..self.hi {
            // Names are no verbs: "Algeria's leading rights activist".
            if named(self, i) {
                continue;
            }
            let form = self.form(i);
            let prev = (i > self.lo).then(|| self.upos(i - 1));
            let next = (i + 1 < self.hi).then(|| self.upos(i + 1));
            let is_pred = match self.upos(i) {
                Upos::Verb => {
                    // An actor right before it is its subject, whatever its tag
                    // ("Germany/ADJ sent medical supplies").
                    let adjectival = participle(&form)
                        && matches!(next, Some(Upos::Noun | Upos::Adj | Upos::Propn))
                        && matches!(
                            prev,
                            Some(Upos::Det | Upos::Num | Upos::Adj | Upos::Verb | Upos::Adp)
                        )
                        && !named(self, i - 1);
                    !adjectival
                }
                Upos::Noun if matches!(prev, Some(Upos::Noun | Upos::Propn | Upos::Pron)) => {
                    match past_form_lemma(lex, &form) {
                        Some(l) => {
                            self.lemmas[i - self.lo] = l;
                            true
                        }
                        None => false,
                    }
                }
                // "it would free the prisoners": a base form after a modal or "to".
                Upos::Noun | Upos::Adj
                    if i > self.lo
                        && (matches!(
                            self.form(i - 1).as_str(),
                            "would" | "will" | "could" | "can" | "must" | "should" | "shall"
                        ) || (self.form(i - 1) == "to" && prev == Some(Upos::Part)))
                        && lex.has(Kind::Verb, &form) =>
                {
                    self.lemmas[i - self.lo] = form.clone();
                    true
                }
                _ => false,
            };
            self.pred[i - self.lo] = is_pred;
        }
    }

    pub(super) fn is_pred(&self, i: usize) -> bool {
        self.pred[i - self.lo]
    }

    /// Where a trailing attribution starts ("…, army officials said Tuesday."): the last
    /// comma, when what follows it is a short clause around a reporting verb. Its names
    /// source the report, never the reported act, however the parse attached them.
    pub(super) fn attribution(&self) -> Option<usize> {
        let comma = (self.lo..self.hi)
            .rev()
            .find(|&i| self.doc.token(i).text() == ",")?;
        let rest = comma + 1..self.hi;
        (rest.len() <= 12
            && rest
                .clone()
                .any(|i| REPORT.contains(&self.lemma(i)) && self.upos(i) == Upos::Verb))
        .then_some(comma)
    }

    /// Tokens between two verbs that keep them in one chain: "tried to hack", "donated
    /// and personally delivered", "has been sharing".
    fn chained(&self, a: usize, b: usize) -> bool {
        (a + 1..b).all(|k| {
            matches!(
                self.upos(k),
                Upos::Aux | Upos::Adv | Upos::Part | Upos::Cconj
            ) || self.form(k) == "to"
        })
    }

    fn hard_stop(&self, i: usize) -> bool {
        matches!(self.doc.token(i).text(), ";" | ":" | "--" | "—" | "–")
    }

    /// Where the clause of verb `v` starts, looking left.
    fn clause_start(&self, v: usize) -> usize {
        (self.lo..v)
            .rev()
            .find(|&i| {
                self.hard_stop(i)
                    || CLAUSE_OPENERS.contains(&self.form(i).as_str())
                        && matches!(self.upos(i), Upos::Pron | Upos::Sconj | Upos::Det)
                    || (self.is_pred(i) && !self.chained(i, v))
            })
            .map_or(self.lo, |i| i + 1)
    }

    /// Does the verb at `i` continue the clause of `v`: an -ing form, an infinitive, or
    /// a verb in `v`'s chain?
    fn stays_in_clause(&self, v: usize, i: usize) -> bool {
        self.form(i).ends_with("ing")
            || (i > v + 1 && self.form(i - 1) == "to")
            || self.chained(v, i)
    }

    /// Where the clause of verb `v` ends, looking right: a comma, a clause opener, or a
    /// finite verb that starts a clause of its own (infinitives and -ing forms stay in).
    pub(super) fn clause_end(&self, v: usize) -> usize {
        (v + 1..self.hi)
            .find(|&i| {
                let t = self.doc.token(i).text();
                self.hard_stop(i)
                    || t == ","
                    || CLAUSE_OPENERS.contains(&self.form(i).as_str())
                        && matches!(self.upos(i), Upos::Pron | Upos::Sconj)
                    || (self.is_pred(i) && !self.stays_in_clause(v, i))
            })
            .unwrap_or(self.hi)
    }

    /// The mentions starting in tokens `[a, b)`, in order.
    fn mentions_in(&self, a: usize, b: usize) -> Vec<&'d sitrep_doc::Mention> {
        if a >= b {
            return Vec::new();
        }
        let (lo, hi) = (
            self.doc.token(a).span().start,
            self.doc.token(b - 1).span().end,
        );
        self.mentions
            .iter()
            .copied()
            .filter(|m| lo <= m.actor.span.start && m.actor.span.end <= hi)
            .collect()
    }

    /// The first mention of a window plus those coordinated with it by commas and
    /// "and"/"or" only ("The US, Russia, and Switzerland").
    fn first_with_coordinated(&self, ms: &[&'d sitrep_doc::Mention]) -> Vec<ActorRef> {
        let Some(first) = ms.first() else {
            return Vec::new();
        };
        let mut out = vec![self.localize_linear(&first.actor)];
        let mut end = first.actor.span.end;
        for m in &ms[1..] {
            let gap = self.doc.span_text(sitrep_doc::ByteSpan {
                start: end,
                end: m.actor.span.start,
            });
            let words: Vec<&str> = gap
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty())
                .collect();
            let coordinated = words.iter().all(|w| matches!(*w, "and" | "or" | "the"))
                && (gap.contains(',') || words.iter().any(|w| matches!(*w, "and" | "or")));
            if !coordinated {
                break;
            }
            out.push(self.localize_linear(&m.actor));
            end = m.actor.span.end;
        }
        out
    }

    /// A countryless agent takes the country of a "from/of/in" phrase right after it
    /// ("Doctors from two American aid groups").
    fn localize_linear(&self, a: &ActorRef) -> ActorRef {
        let mut a = a.clone();
        if a.iso3.is_some() || !a.code.starts_with("---") {
            return a;
        }
        let Some(t) = (self.lo..self.hi).find(|&i| self.doc.token(i).span().start >= a.span.end)
        else {
            return a;
        };
        if !matches!(self.form(t).as_str(), "from" | "of" | "in") {
            return a;
        }
        let near = self.mentions_in(t + 1, (t + 5).min(self.hi));
        if let Some(iso) = near.iter().find_map(|m| m.actor.iso3.clone()) {
            a.code = format!("{iso}{}", &a.code[3..]);
            a.iso3 = Some(iso);
        }
        a
    }

    /// The source by word order: the first actor of the clause before `v` (of the part
    /// after its last comma, when that part names one).
    pub(super) fn linear_source(&self, v: usize) -> Vec<ActorRef> {
        let start = self.clause_start(v);
        let whole = self.first_with_coordinated(&self.mentions_in(start, v));
        let comma = (start..v).rev().find(|&i| self.doc.token(i).text() == ",");
        if let Some(c) = comma {
            // A comma inside a coordination ("The US, Russia, and Switzerland met")
            // keeps the whole group.
            let comma_at = self.doc.token(c).span().start;
            if whole.last().is_some_and(|a| a.span.end > comma_at) {
                return whole;
            }
            let ms = self.mentions_in(c + 1, v);
            if !ms.is_empty() {
                return self.first_with_coordinated(&ms);
            }
        }
        whole
    }

    /// The target by word order: the first actor of the clause after `v` that no other
    /// preposition than a target one introduces ("reached a deal in Havana" names a
    /// place), except for acts coded against where they happen (`places`: meetings,
    /// protests, attacks); when `gated`, only one a target preposition introduces
    /// ("marched against the government").
    pub(super) fn linear_target(&self, v: usize, gated: bool, places: bool) -> Vec<ActorRef> {
        let end = self.clause_end(v);
        let ms: Vec<_> = self
            .mentions_in(v + 1, end)
            .into_iter()
            .filter(|m| {
                let at = (v + 1..end)
                    .find(|&i| self.doc.token(i).span().start >= m.actor.span.start)
                    .unwrap_or(end);
                // Any target preposition on the way counts ("called for an end to the
                // fighting in Ukraine"); a place alone does not.
                let preps: Vec<String> = (v + 1..at)
                    .filter(|&i| self.upos(i) == Upos::Adp)
                    .map(|i| self.form(i))
                    .collect();
                if preps.is_empty() {
                    return !gated;
                }
                preps
                    .iter()
                    .any(|p| VERB_TARGET_PREPS.contains(&p.as_str()) || (places && p == "in"))
            })
            .collect();
        self.first_with_coordinated(&ms)
    }
}
