//! Event coding over one sentence's dependency parse.

use sitrep_doc::{ActorRef, ByteSpan, Doc, Event, Mention, Upos};

use crate::cameo;
use crate::lexicon::{Entry, Kind, Lexicon, Word};

/// Prepositions that introduce a verb's target ("met with", "fired at").
const VERB_TARGET_PREPS: &[&str] = &[
    "with", "against", "on", "to", "toward", "towards", "at", "from", "for", "into", "upon",
];
/// Prepositions that introduce a noun's target ("strikes on", "criticism of").
const NOUN_TARGET_PREPS: &[&str] = &[
    "of", "on", "against", "with", "to", "toward", "towards", "at", "upon", "over",
];
/// Verbs of saying whose clausal complement may carry a demand.
const SPEECH: &[&str] = &[
    "say",
    "tell",
    "state",
    "add",
    "insist",
    "stress",
    "argue",
    "declare",
    "announce",
    "write",
    "warn",
    "note",
    "assert",
    "maintain",
    "reiterate",
];
/// Modals that turn a reported clause into a demand ("Russia must stop").
const DEMAND_MODALS: &[&str] = &["must", "should", "need", "have", "ought"];
/// Verbs that take the event as their object noun ("launched air strikes").
const LIGHT: &[&str] = &[
    "launch",
    "carry",
    "conduct",
    "stage",
    "mount",
    "hold",
    "have",
    "make",
    "issue",
    "step",
    "intensify",
    "continue",
    "resume",
    "level",
    "trade",
    "begin",
    "start",
    "escalate",
    "unleash",
    "claim",
    "announce",
    "order",
    "lodge",
    "file",
    "express",
];
/// CAMEO roots coded without a target when none is named: declarations of intent,
/// yielding, demands, protests, force postures, sanctions and coercion often have none
/// ("rebels surrendered", "youths threw stones").
const TARGETLESS: &[&str] = &["03", "08", "10", "14", "15", "16", "17"];
/// Verbs whose object is also the subject of their infinitive ("urged Moscow to stop").
const OBJECT_CONTROL: &[&str] = &[
    "urge",
    "ask",
    "call",
    "force",
    "order",
    "tell",
    "persuade",
    "press",
    "allow",
    "help",
    "encourage",
    "invite",
    "want",
    "push",
    "pressure",
    "warn",
    "accuse",
    "blame",
];
/// Sentences about sport are not political events.
const DISCARD: &[&str] = &[
    "football",
    "soccer",
    "basketball",
    "baseball",
    "cricket",
    "tennis",
    "rugby",
    "golf",
    "hockey",
    "goalkeeper",
    "midfielder",
    "striker",
    "semifinal",
    "semi-final",
    "quarterfinal",
    "playoff",
    "playoffs",
    "touchdown",
    "innings",
    "wicket",
    "scored",
];

/// The lemma of token `i`, lowercased; the lowercased form when untagged.
fn lemma(doc: &Doc, i: usize) -> String {
    let l = doc.tokens.lemmas()[i].as_str();
    if l.is_empty() || l == "_" {
        doc.token(i).text().to_lowercase()
    } else {
        l.to_lowercase()
    }
}

fn dep(doc: &Doc, i: usize) -> &'static str {
    doc.tokens.deps()[i].as_str()
}

/// One sentence with its children lists.
struct Sent<'d> {
    doc: &'d Doc,
    lo: usize,
    hi: usize,
    kids: Vec<Vec<usize>>,
    lemmas: Vec<String>,
    mentions: Vec<&'d Mention>,
    /// Mentions of the previous sentence, for references across the boundary.
    prev: Vec<&'d Mention>,
}

impl<'d> Sent<'d> {
    fn new(
        doc: &'d Doc,
        si: usize,
        mentions: Vec<&'d Mention>,
        prev: Vec<&'d Mention>,
    ) -> Sent<'d> {
        let r = doc.sents[si];
        let (lo, hi) = (r.start as usize, r.end as usize);
        let mut kids = vec![Vec::new(); hi - lo];
        for i in lo..hi {
            let h = doc.tokens.heads()[i] as usize;
            if h != i && (lo..hi).contains(&h) {
                kids[h - lo].push(i);
            }
        }
        let lemmas = (lo..hi).map(|i| lemma(doc, i)).collect();
        Sent {
            doc,
            lo,
            hi,
            kids,
            lemmas,
            mentions,
            prev,
        }
    }

    fn kids(&self, i: usize) -> &[usize] {
        &self.kids[i - self.lo]
    }

    fn lemma(&self, i: usize) -> &str {
        &self.lemmas[i - self.lo]
    }

    fn head(&self, i: usize) -> Option<usize> {
        let h = self.doc.tokens.heads()[i] as usize;
        (h != i && (self.lo..self.hi).contains(&h)).then_some(h)
    }

    fn kids_with<'a>(&'a self, i: usize, rels: &'a [&'a str]) -> impl Iterator<Item = usize> + 'a {
        self.kids(i)
            .iter()
            .copied()
            .filter(move |&k| rels.contains(&dep(self.doc, k)))
    }

    /// The preposition (case dependent) of a nominal.
    fn case_of(&self, i: usize) -> Option<&str> {
        self.kids(i)
            .iter()
            .find(|&&k| matches!(dep(self.doc, k), "case" | "mark"))
            .map(|&k| self.lemma(k))
    }

    /// Tokens of `i`'s subtree except coordinated, parenthetical and subject branches.
    fn scope(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![i];
        while let Some(t) = stack.pop() {
            out.push(t);
            for &k in self.kids(t) {
                let d = dep(self.doc, k);
                if t == i && matches!(d, "conj" | "parataxis" | "nsubj" | "csubj" | "cc" | "punct")
                {
                    continue;
                }
                if t != i && matches!(d, "conj" | "parataxis" | "acl:relcl") {
                    continue;
                }
                stack.push(k);
            }
        }
        out.sort_unstable();
        out
    }

    /// Every token under `i`, in order.
    fn subtree(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![i];
        while let Some(t) = stack.pop() {
            out.push(t);
            stack.extend(self.kids(t).iter().copied());
        }
        out.sort_unstable();
        out
    }

    /// The mention covering token `i`.
    fn mention_at(&self, i: usize) -> Option<&'d Mention> {
        let s = self.doc.token(i).span();
        self.mentions
            .iter()
            .copied()
            .find(|m| m.actor.span.start <= s.start && s.end <= m.actor.span.end)
    }

    /// Actors named by the nominal headed at `i`: its own mention, else one among its
    /// modifiers, plus those of its conjuncts ("Kerry and Lavrov"). A generic agent
    /// takes the country of an "of/in/from" complement ("rebels in Syria" = `SYRREB`).
    fn actors(&self, i: usize) -> Vec<ActorRef> {
        let mut out: Vec<ActorRef> = Vec::new();
        let mut stack = vec![i];
        while let Some(t) = stack.pop() {
            if let Some(m) = self.mention_at(t).or_else(|| self.modifier_actor(t)) {
                let a = self.localize(t, &m.actor);
                if !out.iter().any(|o| o.span == a.span && o.code == a.code) {
                    out.push(a);
                }
            }
            stack.extend(self.kids_with(t, &["conj"]));
        }
        out.sort_by_key(|a| a.span.start);
        out
    }

    fn localize(&self, t: usize, a: &ActorRef) -> ActorRef {
        let mut a = a.clone();
        if a.iso3.is_some() || !a.code.starts_with("---") {
            return a;
        }
        let mut stack: Vec<(usize, u8)> = vec![(t, 0)];
        while let Some((x, depth)) = stack.pop() {
            for k in self.kids_with(x, &["nmod", "acl"]) {
                if !matches!(self.case_of(k), Some("of" | "in" | "from")) {
                    continue;
                }
                let m = self.mention_at(k).or_else(|| self.modifier_actor(k));
                if let Some(iso) = m.and_then(|m| m.actor.iso3.clone()) {
                    a.code = format!("{iso}{}", &a.code[3..]);
                    a.iso3 = Some(iso);
                    return a;
                }
                if depth < 2 {
                    stack.push((k, depth + 1));
                }
            }
        }
        a
    }

    fn modifier_actor(&self, i: usize) -> Option<&'d Mention> {
        let mut stack: Vec<(usize, u8)> = vec![(i, 0)];
        while let Some((t, depth)) = stack.pop() {
            for &k in self.kids(t) {
                let d = dep(self.doc, k);
                if !matches!(
                    d,
                    "compound" | "amod" | "nmod:poss" | "appos" | "flat" | "nmod" | "det:poss"
                ) {
                    continue;
                }
                if d == "nmod" && !matches!(self.case_of(k), Some("of" | "by")) {
                    continue;
                }
                if let Some(m) = self.mention_at(k) {
                    return Some(m);
                }
                if depth < 1 {
                    stack.push((k, depth + 1));
                }
            }
        }
        None
    }

    /// Does `w` match at position `at` (absolute token index)? Returns tokens consumed.
    fn word_at(&self, lex: &Lexicon, w: &Word, toks: &[usize], at: usize) -> Option<usize> {
        let matches_seq = |words: &[String], stem: bool| -> bool {
            words.iter().enumerate().all(|(k, word)| {
                let Some(&t) = toks.get(at + k) else {
                    return false;
                };
                let form = self.doc.token(t).text().to_lowercase();
                let l = self.lemma(t);
                let last = k + 1 == words.len();
                l == word
                    || form == *word
                    || (stem && last && word.len() >= 4 && (form.starts_with(word.as_str())))
            })
        };
        match w {
            Word::Lit { words, stem } => matches_seq(words, *stem).then_some(words.len()),
            Word::Set(id) => lex.sets[*id as usize]
                .iter()
                .find(|m| matches_seq(m, false))
                .map(Vec::len),
        }
    }

    /// Do the pattern words occur, in order, among `toks`?
    fn seq_in(&self, lex: &Lexicon, words: &[Word], toks: &[usize]) -> bool {
        let mut pos = 0;
        for w in words {
            loop {
                if pos >= toks.len() {
                    return false;
                }
                if let Some(n) = self.word_at(lex, w, toks, pos) {
                    pos += n;
                    break;
                }
                pos += 1;
            }
        }
        true
    }

    /// The most specific entry whose pattern matches around token `i`.
    fn best_entry<'l>(&self, lex: &'l Lexicon, kind: Kind, i: usize) -> Option<&'l Entry> {
        let l = self.lemma(i).to_string();
        let form = self.doc.token(i).text().to_lowercase();
        let mut cands: Vec<&Entry> = lex.get(kind, &l).iter().collect();
        if form != l {
            cands.extend(lex.get(kind, &form));
        }
        if cands.is_empty() {
            return None;
        }
        let scope = self.scope(i);
        let (left, right): (Vec<usize>, Vec<usize>) = scope.iter().partition(|&&t| t < i);
        let right: Vec<usize> = right.into_iter().filter(|&t| t != i).collect();
        // Auxiliaries and adverbs before a verb sit outside its left subtree in UD only
        // when attached elsewhere; the left context is the sentence start up to `i`.
        let left_ctx: Vec<usize> = if kind == Kind::Verb {
            (self.lo..i).collect()
        } else {
            left
        };
        cands
            .into_iter()
            .filter(|e| {
                self.seq_in(lex, &e.before, &left_ctx) && self.seq_in(lex, &e.after, &right)
            })
            .max_by_key(|e| e.specificity())
    }

    /// Subjects of verb `v`, following control, coordination and relative clauses.
    fn subjects(&self, v: usize, depth: u8) -> Vec<ActorRef> {
        let subj: Vec<usize> = self
            .kids_with(v, &["nsubj", "nsubj:outer", "csubj"])
            .collect();
        if let Some(&s) = subj.first() {
            let is_rel = matches!(self.lemma(s), "who" | "which" | "that");
            // "Japan said it had halted aid": a pronoun in a reported clause is the speaker.
            let reported_pron = matches!(self.lemma(s), "it" | "they" | "we")
                && dep(self.doc, v) == "ccomp"
                && self
                    .head(v)
                    .is_some_and(|h| REPORT.contains(&self.lemma(h)));
            if reported_pron {
                if let Some(h) = self.head(v) {
                    return self.subjects(h, depth + 1);
                }
            }
            if !is_rel {
                return self.actors(s);
            }
        }
        if depth > 3 {
            return Vec::new();
        }
        let Some(h) = self.head(v) else {
            return Vec::new();
        };
        match dep(self.doc, v) {
            "xcomp" => {
                if OBJECT_CONTROL.contains(&self.lemma(h)) {
                    if let Some(o) = self.kids_with(h, &["obj", "iobj"]).next() {
                        return self.actors(o);
                    }
                    // "called on Moscow to change": the addressee is an oblique.
                    if let Some(o) = self
                        .kids_with(h, &["obl"])
                        .find(|&o| matches!(self.case_of(o), Some("on" | "upon")))
                    {
                        return self.actors(o);
                    }
                }
                self.subjects(h, depth + 1)
            }
            "conj" | "advcl" | "ccomp" => self.subjects(h, depth + 1),
            "acl:relcl" | "acl" => self.actors(h),
            _ => Vec::new(),
        }
    }

    /// Targets of verb `v`: object, indirect object, oblique with a target preposition,
    /// or a target-preposition complement of the object ("restore ties with Gondor").
    fn targets(&self, v: usize) -> Vec<ActorRef> {
        for o in self.kids_with(v, &["obj", "iobj"]) {
            let a = self.actors(o);
            if !a.is_empty() {
                return a;
            }
            // A free relative ("denounced what it called Russia's failure"): the first
            // actor inside it.
            if self.lemma(o) == "what" {
                if let Some(m) = self.subtree(o).into_iter().find_map(|t| self.mention_at(t)) {
                    return vec![m.actor.clone()];
                }
            }
            for n in self.kids_with(o, &["nmod"]) {
                if self
                    .case_of(n)
                    .is_some_and(|c| VERB_TARGET_PREPS.contains(&c) || c == "of")
                {
                    let a = self.actors(n);
                    if !a.is_empty() {
                        return a;
                    }
                }
            }
        }
        for o in self.kids_with(v, &["obl", "obl:arg"]) {
            if self
                .case_of(o)
                .is_some_and(|c| VERB_TARGET_PREPS.contains(&c))
            {
                let a = self.actors(o);
                if !a.is_empty() {
                    return a;
                }
            }
        }
        Vec::new()
    }

    fn is_passive(&self, v: usize) -> bool {
        self.kids(v)
            .iter()
            .any(|&k| matches!(dep(self.doc, k), "aux:pass" | "nsubj:pass"))
    }

    fn negated(&self, v: usize) -> bool {
        self.kids(v).iter().any(|&k| {
            matches!(self.lemma(k), "not" | "never" | "n't" | "no")
                && matches!(dep(self.doc, k), "advmod" | "det" | "neg" | "dep")
        })
    }

    fn hypothetical(&self, v: usize) -> bool {
        self.kids(v).iter().any(|&k| {
            (dep(self.doc, k) == "aux" && matches!(self.lemma(k), "could" | "might" | "may"))
                || (dep(self.doc, k) == "mark" && matches!(self.lemma(k), "if" | "unless"))
        })
    }
}

/// A candidate event before it becomes a record.
struct Coded {
    sources: Vec<ActorRef>,
    targets: Vec<ActorRef>,
    code: String,
    action: usize,
    rule: String,
    negated: bool,
    hypothetical: bool,
}

/// The rejection a negated cooperative event amounts to.
fn negate(code: &str) -> Option<&'static str> {
    Some(match code.get(..2)? {
        "03" | "05" => "120",
        "04" => "125",
        "06" => "121",
        "07" => "122",
        "08" => "124",
        _ => return None,
    })
}

/// Composes an intent or threat verb with the code of its complement.
fn compose(outer: &str, inner: &str) -> Option<String> {
    let o = outer.get(..2)?;
    let i: u8 = inner.get(..2)?.parse().ok()?;
    Some(
        match (o, i) {
            ("03", 4) => "036",
            ("03", 5) => "032",
            ("03", 6) => "031",
            ("03", 7) => "033",
            ("03", 8) => "035",
            ("03", 18..=20) => "138",
            ("13", 16) => "1313",
            ("13", 17) => "137",
            ("13", 18..=20) => "138",
            ("13", _) => "130",
            _ => return None,
        }
        .to_string(),
    )
}

/// Codes the events of one doc.
pub(crate) fn code_doc(lex: &Lexicon, doc: &Doc) -> Vec<Event> {
    let mut out = Vec::new();
    for si in 0..doc.sents.len() {
        let mentions: Vec<&Mention> = doc
            .mentions
            .iter()
            .filter(|m| m.sent as usize == si)
            .collect();
        if mentions.is_empty() {
            continue;
        }
        let prev = doc
            .mentions
            .iter()
            .filter(|m| m.sent as usize + 1 == si)
            .collect();
        let s = Sent::new(doc, si, mentions, prev);
        if (s.lo..s.hi).any(|i| DISCARD.contains(&s.lemma(i))) {
            continue;
        }
        for c in code_sent(lex, &s) {
            emit(doc, si, &c, &mut out);
        }
    }
    out
}

fn code_sent(lex: &Lexicon, s: &Sent<'_>) -> Vec<Coded> {
    let mut out: Vec<Coded> = Vec::new();
    let mut consumed = vec![false; s.hi - s.lo];
    for r in s.lo..s.hi {
        if let Some(claim) = responsibility(lex, s, r) {
            if let Some(h) = s.head(r) {
                consumed[h - s.lo] = true;
            }
            for t in s.subtree(r) {
                consumed[t - s.lo] = true;
            }
            out.push(claim);
        }
    }
    for v in s.lo..s.hi {
        let upos = s.doc.token(v).upos();
        if upos != Upos::Verb || consumed[v - s.lo] {
            continue;
        }
        // "accused Russia of bombing": the gerund is the allegation, not an event.
        if let Some(h) = s.head(v) {
            if matches!(dep(s.doc, v), "advcl" | "acl")
                && matches!(s.case_of(v), Some("of" | "for"))
                && s.best_entry(lex, Kind::Verb, h)
                    .and_then(|e| e.code.as_deref())
                    .is_some_and(|c| c.starts_with("11"))
            {
                continue;
            }
        }
        if let Some(c) = reported_violence(lex, s, v, &mut consumed) {
            out.push(c);
            continue;
        }
        let entry = s.best_entry(lex, Kind::Verb, v);
        // Light verbs take the event from their object noun ("launched air strikes").
        let light = if LIGHT.contains(&s.lemma(v)) {
            s.kids_with(v, &["obj"])
                .find_map(|o| s.best_entry(lex, Kind::Noun, o).map(|ne| (o, ne)))
        } else {
            None
        };
        let (code, rule) = match (entry, light) {
            (Some(e), Some((_, ne))) if e.specificity() == 0 && ne.code.is_some() => {
                (ne.code.clone(), format!("{}+obj:{}", e.rule, ne.rule))
            }
            (Some(e), _) => (e.code.clone(), e.rule.clone()),
            (None, Some((_, ne))) => (
                ne.code.clone(),
                format!("light:{}+obj:{}", s.lemma(v), ne.rule),
            ),
            (None, None) => {
                if let Some(c) = speech_demand(s, v) {
                    out.push(c);
                }
                continue;
            }
        };
        let Some(code) = code else { continue };
        let mut c = Coded {
            sources: Vec::new(),
            targets: Vec::new(),
            code,
            action: v,
            rule,
            negated: s.negated(v),
            hypothetical: s.hypothetical(v),
        };
        // Intent and threat verbs take their meaning from the complement.
        let comp = s.kids_with(v, &["xcomp"]).next().or_else(|| {
            s.kids_with(v, &["advcl"])
                .find(|&x| s.kids_with(x, &["mark"]).any(|m| s.lemma(m) == "to"))
        });
        if let Some(x) = comp {
            if let Some(inner) = s
                .best_entry(lex, Kind::Verb, x)
                .and_then(|e| e.code.clone())
            {
                if let Some(composed) = compose(&c.code, &inner) {
                    c.code = composed;
                    c.rule = format!("{}+xcomp:{}", c.rule, s.lemma(x));
                    consumed[x - s.lo] = true;
                    c.targets = s.targets(x);
                }
            }
        }
        if s.is_passive(v) {
            c.targets = s.actors_of(v, &["nsubj:pass"]);
            c.sources = s
                .kids_with(v, &["obl:agent", "obl"])
                .filter(|&o| s.case_of(o) == Some("by"))
                .flat_map(|o| s.actors(o))
                .collect();
        } else {
            c.sources = s.subjects(v, 0);
            if c.targets.is_empty() {
                c.targets = s.targets(v);
            }
        }
        // Meetings: "Kerry and Lavrov met" is a meeting of each with the other;
        // "will meet in Zurich" is coded, as PETRARCH does, with the host country.
        if c.targets.is_empty() && c.code.starts_with("04") {
            let objs: Vec<usize> = s.kids_with(v, &["obj"]).collect();
            c.targets = s
                .kids_with(v, &["obl"])
                .chain(objs.iter().flat_map(|&o| s.kids_with(o, &["nmod"])))
                .filter(|&o| s.case_of(o) == Some("in"))
                .flat_map(|o| s.actors(o))
                .filter(|a| a.iso3.is_some())
                .take(1)
                .collect();
        }
        // "Gaddafi and Zhivkov signed a treaty": joint acts are done to each other.
        if c.targets.is_empty()
            && c.sources.len() >= 2
            && matches!(c.code.get(..2), Some("03" | "04" | "05" | "06"))
        {
            c.targets = c.sources.clone();
        }
        // "Children were killed in Israeli shelling": the instrument names the attacker
        // and the event.
        if s.is_passive(v) && c.sources.is_empty() {
            for o in s.kids_with(v, &["obl"]) {
                if !matches!(s.case_of(o), Some("in" | "by" | "during")) {
                    continue;
                }
                let Some(ne) = s.best_entry(lex, Kind::Noun, o) else {
                    continue;
                };
                let (Some(code), srcs) = (ne.code.clone(), noun_sources(s, o)) else {
                    continue;
                };
                if !srcs.is_empty() {
                    c.sources = srcs;
                    c.code = code;
                    c.rule = format!("{}+instrument:{}", c.rule, ne.rule);
                    consumed[o - s.lo] = true;
                    break;
                }
            }
        }
        // Generic agents take the country of the clause's "in" location.
        let place = s
            .kids_with(v, &["obl"])
            .filter(|&o| matches!(s.case_of(o), Some("in")))
            .flat_map(|o| s.actors(o))
            .find_map(|a| a.iso3);
        if let Some(iso) = place {
            for a in c.sources.iter_mut().chain(c.targets.iter_mut()) {
                if a.iso3.is_none() && a.code.starts_with("---") {
                    a.code = format!("{iso}{}", &a.code[3..]);
                    a.iso3 = Some(iso.clone());
                }
            }
        }
        // Refusing cooperation is a rejection: "would not provide support" = 12x.
        if c.negated {
            if let Some(code) = negate(&c.code) {
                c.code = code.to_string();
                c.rule = format!("{}+negation", c.rule);
                c.negated = false;
            }
        }
        if let Some((o, _)) = light {
            if c.targets.is_empty() {
                c.targets = noun_targets(s, o);
            }
            consumed[o - s.lo] = true;
        }
        out.push(c);
    }
    // Nominal events: "Russian air strikes on opposition areas", "Russia's accusations".
    for n in s.lo..s.hi {
        if consumed[n - s.lo] || !matches!(s.doc.token(n).upos(), Upos::Noun) {
            continue;
        }
        let Some(entry) = s.best_entry(lex, Kind::Noun, n) else {
            continue;
        };
        let Some(code) = entry.code.clone() else {
            continue;
        };
        let sources = noun_sources(s, n);
        let targets = noun_targets(s, n);
        if sources.is_empty() || targets.is_empty() {
            continue;
        }
        out.push(Coded {
            sources,
            targets,
            code,
            action: n,
            rule: format!("noun:{}", entry.rule),
            negated: false,
            hypothetical: false,
        });
    }
    out
}

impl<'d> Sent<'d> {
    fn actors_of(&self, v: usize, rels: &[&str]) -> Vec<ActorRef> {
        self.kids_with(v, rels)
            .flat_map(|k| self.actors(k))
            .collect()
    }
}

fn noun_sources(s: &Sent<'_>, n: usize) -> Vec<ActorRef> {
    let own = s.mention_at(n);
    let mut out: Vec<ActorRef> = s
        .kids_with(n, &["nmod:poss", "amod", "compound", "det:poss"])
        .filter_map(|k| s.mention_at(k))
        .filter(|m| own.is_none_or(|o| !std::ptr::eq(*m, o)))
        .map(|m| m.actor.clone())
        .collect();
    out.extend(
        s.kids_with(n, &["nmod", "acl"])
            .filter(|&k| s.case_of(k) == Some("by"))
            .flat_map(|k| s.actors(k)),
    );
    if out.is_empty() {
        // A chunk like "Russian air strikes" may be one mention covering the modifier.
        if let Some(m) = own {
            if m.actor.span.start < s.doc.token(n).span().start {
                out.push(m.actor.clone());
            }
        }
    }
    out
}

fn noun_targets(s: &Sent<'_>, n: usize) -> Vec<ActorRef> {
    for k in s.kids_with(n, &["nmod", "acl"]) {
        if s.case_of(k).is_some_and(|c| NOUN_TARGET_PREPS.contains(&c)) {
            let a = s.actors(k);
            if !a.is_empty() {
                return a;
            }
        }
    }
    Vec::new()
}

/// "IS claimed responsibility for the attack": the attack, coded by the most specific
/// event noun of the sentence ("suicide car bombing"), by the claimant, against the
/// actor the noun names or else the latest other actor of this or the previous sentence.
fn responsibility(lex: &Lexicon, s: &Sent<'_>, r: usize) -> Option<Coded> {
    const CLAIM: &[&str] = &["claim", "admit", "take", "accept", "assume"];
    if s.lemma(r) != "responsibility" {
        return None;
    }
    // The claim verb governs "responsibility", or (in a slipped parse) modifies it.
    let verb = s
        .head(r)
        .filter(|&h| CLAIM.contains(&s.lemma(h)))
        .or_else(|| {
            s.kids(r)
                .iter()
                .copied()
                .find(|&k| CLAIM.contains(&s.lemma(k)))
        })?;
    let v = if s.head(r) == Some(verb) { verb } else { r };
    let (n, entry) = (s.lo..s.hi)
        .filter(|&n| n != r && s.doc.token(n).upos() == Upos::Noun)
        .filter_map(|n| s.best_entry(lex, Kind::Noun, n).map(|e| (n, e)))
        .filter(|(_, e)| e.code.is_some())
        .max_by_key(|(n, e)| (e.specificity(), *n))?;
    let mut sources = s.subjects(v, 0);
    if sources.is_empty() {
        sources = s
            .mentions
            .iter()
            .find(|m| m.actor.span.end <= s.doc.token(r).span().start)
            .map(|m| vec![m.actor.clone()])
            .unwrap_or_default();
    }
    let mut targets = noun_targets(s, n);
    if targets.is_empty() {
        let first = s.doc.token(s.lo).span().start;
        targets = s
            .prev
            .iter()
            .chain(s.mentions.iter())
            .rev()
            .find(|m| {
                m.actor.iso3.is_some()
                    && m.actor.span.start < s.doc.token(v).span().start.max(first)
                    && !sources.iter().any(|src| src.code == m.actor.code)
                    && m.actor.iso3 != sources.first().and_then(|a| a.iso3.clone())
            })
            .map(|m| vec![m.actor.clone()])
            .unwrap_or_default();
    }
    Some(Coded {
        sources,
        targets,
        code: entry.code.clone()?,
        action: n,
        rule: format!("claim-responsibility+{}", entry.rule),
        negated: false,
        hypothetical: false,
    })
}

/// Verbs that report what someone else did.
const REPORT: &[&str] = &[
    "say", "claim", "report", "allege", "state", "announce", "tell", "add", "insist", "assert",
];

/// "The US claimed that ISIL had attacked Iraq": reporting violence by an actor is an
/// accusation of that actor (112), PETRARCH's reading; the embedded event is not coded.
fn reported_violence(
    lex: &Lexicon,
    s: &Sent<'_>,
    v: usize,
    consumed: &mut [bool],
) -> Option<Coded> {
    if !REPORT.contains(&s.lemma(v)) {
        return None;
    }
    let c = s.kids_with(v, &["ccomp"]).next()?;
    let violent = |code: Option<&str>| {
        code.and_then(|c| c.get(..2))
            .and_then(|r| r.parse::<u8>().ok())
            .is_some_and(|r| (17..=20).contains(&r))
    };
    let sub = s.subtree(c);
    let mut accused = Vec::new();
    if violent(
        s.best_entry(lex, Kind::Verb, c)
            .and_then(|e| e.code.as_deref()),
    ) {
        accused = if s.is_passive(c) {
            s.kids_with(c, &["obl:agent", "obl"])
                .filter(|&o| s.case_of(o) == Some("by"))
                .flat_map(|o| s.actors(o))
                .collect()
        } else {
            s.subjects(c, 0)
        };
    }
    if accused.is_empty() {
        accused = sub
            .iter()
            .filter(|&&n| s.doc.token(n).upos() == Upos::Noun)
            .filter(|&&n| {
                violent(
                    s.best_entry(lex, Kind::Noun, n)
                        .and_then(|e| e.code.as_deref()),
                )
            })
            .flat_map(|&n| noun_sources(s, n))
            .collect();
    }
    let speakers = s.subjects(v, 0);
    if accused.is_empty() || speakers.is_empty() {
        return None;
    }
    for t in sub {
        consumed[t - s.lo] = true;
    }
    Some(Coded {
        sources: speakers,
        targets: accused,
        code: "112".into(),
        action: v,
        rule: format!("reported-violence:{}", s.lemma(v)),
        negated: false,
        hypothetical: false,
    })
}

/// "Kerry said Russia must stop…": a speech verb whose clause has a demand modal is a
/// demand by the speaker on the clause's subject.
fn speech_demand(s: &Sent<'_>, v: usize) -> Option<Coded> {
    if !SPEECH.contains(&s.lemma(v)) {
        return None;
    }
    let c = s.kids_with(v, &["ccomp"]).next()?;
    let modal = s
        .kids_with(c, &["aux"])
        .chain(std::iter::once(c))
        .any(|k| DEMAND_MODALS.contains(&s.lemma(k)));
    if !modal {
        return None;
    }
    let targets = s.actors_of(c, &["nsubj", "nsubj:pass"]);
    Some(Coded {
        sources: s.subjects(v, 0),
        targets,
        code: "100".into(),
        action: v,
        rule: format!("speech+modal:{}", s.lemma(v)),
        negated: false,
        hypothetical: false,
    })
}

fn same_actor(a: &ActorRef, b: &ActorRef) -> bool {
    a.code == b.code && a.name == b.name
}

/// An event's date: a time expression of its sentence, else the reliable publication
/// date; with how it was found.
pub(crate) fn event_date(doc: &Doc, si: usize) -> (Option<chrono::NaiveDate>, Option<String>) {
    match doc
        .times
        .iter()
        .find(|t| t.sent as usize == si && t.date.is_some())
    {
        Some(t) => (t.date, Some("timex".to_string())),
        None => (
            doc.meta.reliable_date(),
            doc.meta.reliable_date().map(|_| "publication".to_string()),
        ),
    }
}

fn emit(doc: &Doc, si: usize, c: &Coded, out: &mut Vec<Event>) {
    let Some(info) = cameo::info(&c.code) else {
        return;
    };
    let action: ByteSpan = doc.token(c.action).span();
    let (date, date_source) = event_date(doc, si);
    let none: [ActorRef; 0] = [];
    let targetless = c.targets.is_empty() && TARGETLESS.iter().any(|r| c.code.starts_with(r));
    for src in &c.sources {
        if targetless {
            let dup = out
                .iter()
                .any(|e| e.sent as usize == si && e.action == action && e.source.code == src.code);
            if !dup {
                out.push(event(
                    src,
                    None,
                    c,
                    info,
                    action,
                    date,
                    date_source.clone(),
                    si,
                ));
            }
        }
        for tgt in c.targets.iter().chain(none.iter()) {
            if same_actor(src, tgt) || src.code == tgt.code {
                continue;
            }
            let dup = out.iter().any(|e| {
                e.sent as usize == si
                    && e.action == action
                    && e.source.code == src.code
                    && e.target.as_ref().is_some_and(|t| t.code == tgt.code)
            });
            if dup {
                continue;
            }
            out.push(event(
                src,
                Some(tgt),
                c,
                info,
                action,
                date,
                date_source.clone(),
                si,
            ));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn event(
    src: &ActorRef,
    tgt: Option<&ActorRef>,
    c: &Coded,
    info: &cameo::CameoInfo,
    action: ByteSpan,
    date: Option<chrono::NaiveDate>,
    date_source: Option<String>,
    si: usize,
) -> Event {
    Event {
        sent: si as u32,
        source: src.clone(),
        target: tgt.cloned(),
        action,
        cameo: c.code.clone(),
        plover: info.plover.clone(),
        plover_mode: info.mode.clone(),
        goldstein: info.goldstein,
        quad_class: cameo::quad_class(&c.code),
        date,
        date_source,
        place: None,
        negated: c.negated,
        hypothetical: c.hypothetical,
        rule: c.rule.clone(),
    }
}
