//! Event coding over one sentence's dependency parse, with word-order fallbacks where
//! the parse fails ([`linear`]).

use sitrep_doc::{ActorRef, ByteSpan, Doc, Event, Mention, Upos};

use crate::cameo;
use crate::lexicon::{Entry, Kind, Lexicon, Word};

mod linear;

/// Prepositions that introduce a verb's target ("met with", "fired at").
const VERB_TARGET_PREPS: &[&str] = &[
    "with", "against", "on", "to", "toward", "towards", "at", "from", "for", "into", "upon",
    "over", "between",
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
/// Modals that turn a reported clause into a demand ("Russia must stop"); "have" and
/// "need" only with "to" ("has to stop", not "had halted").
const DEMAND_MODALS: &[&str] = &["must", "should", "ought"];
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
    "organize",
    "organise",
    "call",
    "pose",
    "give",
    "undertake",
    "wage",
    "perform",
    "commit",
    "take",
    "open",
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
/// Verbs of wanting and planning: no event of their own, they frame their complement
/// ("plans to strike" = 138, "hopes to expand trade" = 031).
const INTENT: &[&str] = &[
    "want", "wish", "seek", "plan", "intend", "aim", "hope", "decide", "resolve", "aspire",
];
/// Verbs whose object event was done to their subject ("received guarantees from
/// Hanoi", "faces criticism from parliament", "came under attack from").
const INVERSE: &[&str] = &[
    "receive", "get", "obtain", "face", "draw", "suffer", "endure", "come", "win", "earn",
];
/// Words after a hyphen that make the name before it a modifier, not the actor
/// ("Iran-backed militia", "Paris-based watchdog", "army-held valley").
const DETACHING: &[&str] = &[
    "linked",
    "backed",
    "based",
    "allied",
    "affiliated",
    "inspired",
    "sponsored",
    "supported",
    "funded",
    "held",
    "controlled",
    "run",
    "owned",
    "aligned",
    "leaning",
    "friendly",
    "born",
    "made",
    "brokered",
    "mediated",
];
/// Verbs whose coordinated subjects act on each other ("the two armies clashed").
const SYMMETRIC: &[&str] = &["clash", "fight", "battle", "skirmish", "exchange"];
/// Verbs that move something to a recipient, the target ("sent troops to Gambia").
const TRANSFER: &[&str] = &[
    "give",
    "hand",
    "send",
    "deliver",
    "supply",
    "extradite",
    "sell",
    "transfer",
    "ship",
    "return",
    "lend",
    "donate",
    "provide",
    "grant",
    "offer",
    "deport",
    "repatriate",
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
    /// Tokens that head events (see [`Sent::mark_predicates`]).
    pred: Vec<bool>,
    /// Nouns the lexicon has as events ("agreement", "summit").
    event_noun: Vec<bool>,
}

/// Is the mention only a modifier of another name ("Iran-backed", "pro-Kremlin")?
fn detached(doc: &Doc, m: &Mention) -> bool {
    let text = doc.text();
    let after = &text[m.actor.span.end as usize..];
    let before = &text[..m.actor.span.start as usize];
    let word: String = after
        .strip_prefix('-')
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    DETACHING.contains(&word.as_str())
        || ["pro-", "anti-", "Pro-", "Anti-"]
            .iter()
            .any(|p| before.ends_with(p))
}

impl<'d> Sent<'d> {
    fn new(
        lex: &Lexicon,
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
        let mentions = mentions.into_iter().filter(|m| !detached(doc, m)).collect();
        let event_noun = (lo..hi)
            .map(|i| doc.token(i).upos() == Upos::Noun && lex.has(Kind::Noun, &lemma(doc, i)))
            .collect();
        let mut s = Sent {
            doc,
            lo,
            hi,
            kids,
            lemmas,
            mentions,
            prev,
            pred: vec![false; hi - lo],
            event_noun,
        };
        s.mark_predicates(lex);
        s
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
                // "Indian and French navies": the adjective that shares the agent.
                let shared = self.mentions.iter().copied().filter(|p| {
                    p.rule.ends_with("+shared-agent")
                        && p.actor.span.end <= m.actor.span.start
                        && matches!(
                            self.doc
                                .text()
                                .get(p.actor.span.end as usize..m.actor.span.start as usize)
                                .map(str::trim),
                            Some("and" | "or" | "," | ", and")
                        )
                });
                // "Colombia's government and FARC rebels": names coordinated inside
                // the phrase.
                let phrase = self.subtree(i);
                let first = self.doc.token(phrase[0]).span().start;
                let mut coordinated: Vec<&Mention> = Vec::new();
                let mut start = m.actor.span.start;
                while let Some(p) = self.mentions.iter().copied().find(|p| {
                    p.actor.span.end <= start
                        && p.actor.span.start >= first
                        && matches!(
                            self.doc
                                .text()
                                .get(p.actor.span.end as usize..start as usize)
                                .map(str::trim),
                            Some("and" | "or" | "," | ", and")
                        )
                }) {
                    coordinated.push(p);
                    start = p.actor.span.start;
                }
                for n in shared.chain(coordinated).chain(std::iter::once(m)) {
                    let a = self.localize(t, &n.actor);
                    if !out.iter().any(|o| o.span == a.span && o.code == a.code) {
                        out.push(a);
                    }
                }
            }
            stack.extend(self.kids_with(t, &["conj"]));
        }
        out.sort_by_key(|a| a.span.start);
        out
    }

    /// The actors of the nominal at `i` ([`Sent::actors`]), else the first actor anywhere
    /// in its phrase outside relative and adverbial clauses, as PETRARCH takes the first
    /// actor of a noun phrase ("Critics of Peru's Congress", "the mines in Chile").
    fn np_actors(&self, i: usize) -> Vec<ActorRef> {
        let a = self.actors(i);
        if !a.is_empty() {
            return a;
        }
        let mut toks = Vec::new();
        let mut stack = vec![i];
        while let Some(t) = stack.pop() {
            toks.push(t);
            // Where the event a phrase names happened is no party to it ("reached a deal
            // in Havana"); where a thing is tells whose it is ("the mines in Chile",
            // "the site of the attack in Syria").
            let event = t == i && self.event_noun[t - self.lo];
            stack.extend(self.kids(t).iter().copied().filter(|&k| {
                let clause = matches!(
                    dep(self.doc, k),
                    "acl:relcl" | "advcl" | "parataxis" | "ccomp" | "csubj" | "conj"
                );
                let place = matches!(self.case_of(k), Some("in" | "at" | "near" | "inside"));
                !(clause || (event && place))
            }));
        }
        toks.sort_unstable();
        toks.into_iter()
            .find_map(|t| self.mention_at(t).map(|m| self.localize(t, &m.actor)))
            .into_iter()
            .collect()
    }

    /// Is `v` a participle modifying a noun it was done to ("the reporters detained
    /// for...", "a union leader held since May")? Attached to the noun before it,
    /// without an auxiliary, a subject or a complement, and with no object after it.
    fn passive_modifier(&self, v: usize) -> bool {
        linear::participle(&self.doc.token(v).text().to_lowercase())
            && matches!(dep(self.doc, v), "acl" | "amod")
            && !self.kids(v).iter().any(|&k| {
                matches!(
                    dep(self.doc, k),
                    "aux" | "aux:pass" | "nsubj" | "nsubj:pass" | "obj" | "ccomp" | "xcomp"
                )
            })
            && !(v + 1 < self.hi
                && matches!(
                    self.doc.token(v + 1).upos(),
                    Upos::Det
                        | Upos::Propn
                        | Upos::Noun
                        | Upos::Pron
                        | Upos::Num
                        | Upos::Adj
                        | Upos::Part
                        | Upos::Verb
                ))
            && matches!(
                v.checked_sub(1).map(|p| self.doc.token(p).upos()),
                Some(Upos::Noun | Upos::Propn)
            )
            // Under no verb, it is the sentence's verb ("Thousands of Iranians protested
            // in Tehran").
            && self.under_verb(v)
    }

    /// Does a verb govern `v`, directly or through nominals?
    fn under_verb(&self, v: usize) -> bool {
        let mut t = v;
        for _ in 0..32 {
            let Some(h) = self.head(t) else {
                return false;
            };
            if matches!(self.doc.token(h).upos(), Upos::Verb | Upos::Aux) {
                return true;
            }
            t = h;
        }
        false
    }

    fn localize(&self, t: usize, a: &ActorRef) -> ActorRef {
        let mut a = a.clone();
        if a.iso3.is_some() || !a.code.starts_with("---") {
            return a;
        }
        // "Saudi-led forces", "Peru's activists": a country modifying the agent.
        let modifier = self
            .kids_with(t, &["amod", "compound", "nmod:poss"])
            .filter_map(|k| self.mention_at(k))
            .find_map(|m| m.actor.iso3.clone().filter(|_| m.actor.span != a.span));
        if let Some(iso) = modifier {
            a.code = format!("{iso}{}", &a.code[3..]);
            a.iso3 = Some(iso);
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
        // Phrasal verbs: the particle attached to the verb or right after it ("gave in").
        if kind == Kind::Verb {
            let next = (i + 1 < self.hi).then_some(i + 1).filter(|&n| {
                matches!(self.doc.token(n).upos(), Upos::Adp | Upos::Adv | Upos::Part)
            });
            let prts: Vec<usize> = self.kids_with(i, &["compound:prt"]).chain(next).collect();
            for p in prts {
                let key = format!("{l} {}", self.doc.token(p).text().to_lowercase());
                cands.extend(lex.get(kind, &key));
            }
        }
        // A form the lemmatizer missed ("severed", "recaptured"): its possible base
        // forms, and those without a "re(-)" prefix ("re-examine").
        if cands.is_empty() {
            let bases = std::iter::once(l.clone()).chain(linear::base_forms(&form));
            for base in bases {
                let unprefixed = base
                    .strip_prefix("re-")
                    .or_else(|| base.strip_prefix("re"))
                    .map(str::to_string);
                for key in std::iter::once(base).chain(unprefixed) {
                    cands.extend(lex.get(kind, &key));
                }
                if !cands.is_empty() {
                    break;
                }
            }
        }
        if cands.is_empty() {
            return None;
        }
        let scope = self.scope(i);
        let (left, right): (Vec<usize>, Vec<usize>) = scope.iter().partition(|&&t| t < i);
        let mut right: Vec<usize> = right.into_iter().filter(|&t| t != i).collect();
        if kind == Kind::Verb {
            // Pattern words may sit outside a mis-attached subtree ("presented evidence
            // against"), or before a passive verb as its subject ("evidence was
            // presented"): the next words of the clause and the passive subject count.
            right.extend(i + 1..self.clause_end(i).min(i + 9));
            if self.is_passive(i) {
                for k in self.kids_with(i, &["nsubj:pass"]).collect::<Vec<_>>() {
                    right.extend(self.subtree(k));
                }
            }
            right.sort_unstable();
            right.dedup();
        }
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
            .max_by_key(|e| (e.specificity(), e.lemma.contains(' ')))
    }

    /// Subjects of verb `v`, following control, coordination and relative clauses.
    fn subjects(&self, v: usize, depth: u8) -> Vec<ActorRef> {
        let subj: Vec<usize> = self
            .kids_with(v, &["nsubj", "nsubj:outer", "csubj"])
            .collect();
        if let Some(&s) = subj.first() {
            let is_rel = matches!(self.lemma(s), "who" | "which" | "that");
            // "Norway said it had suspended funding": a pronoun in a reported clause is the speaker.
            let reported_pron = matches!(self.lemma(s), "it" | "they" | "we")
                && dep(self.doc, v) == "ccomp"
                && self
                    .head(v)
                    .is_some_and(|h| REPORT.contains(&self.lemma(h)));
            if reported_pron {
                if let Some(h) = self.head(v) {
                    let speakers = self.subjects(h, depth + 1);
                    if speakers.is_empty() && !self.passive_modifier(h) {
                        return self.linear_source(h);
                    }
                    return speakers;
                }
            }
            if !is_rel {
                let mut a = self.np_actors(s);
                // "The army said its troops killed...": the possessor in a reported
                // clause is the speaker.
                let own = self.kids_with(s, &["nmod:poss"]).any(|k| {
                    matches!(
                        self.lemma(k),
                        "its" | "it" | "their" | "they" | "our" | "we"
                    )
                });
                let speaker = self
                    .head(v)
                    .filter(|&h| dep(self.doc, v) == "ccomp" && REPORT.contains(&self.lemma(h)));
                if let (true, Some(h)) =
                    (own && a.iter().all(|x| x.code.starts_with("---")), speaker)
                {
                    if let Some(iso) = self.subjects(h, depth + 1).into_iter().find_map(|x| x.iso3)
                    {
                        for x in &mut a {
                            x.code = format!("{iso}{}", &x.code[3..]);
                            x.iso3 = Some(iso.clone());
                        }
                    }
                }
                return a;
            }
        }
        if depth > 3 {
            return Vec::new();
        }
        let Some(h) = self.head(v) else {
            return Vec::new();
        };
        match dep(self.doc, v) {
            // "Lula is expected to visit": the passive subject of the raising verb.
            "xcomp" if self.kids_with(h, &["nsubj:pass"]).next().is_some() => {
                self.actors_of(h, &["nsubj:pass"])
            }
            "acl" if self.passive_modifier(v) => Vec::new(),
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
            // A reported clause has its own subject, never its speaker.
            "conj" | "advcl" => self.subjects(h, depth + 1),
            "acl:relcl" | "acl" => self.actors(h),
            _ => Vec::new(),
        }
    }

    /// Targets of verb `v`: object, indirect object, oblique with a target preposition,
    /// or a target-preposition complement of the object ("resume trade with Chile"). An
    /// object naming no country ("welcomed delegates from Lima") gives way to an
    /// oblique that names one; last comes the first actor anywhere in the object phrase,
    /// or a country in an "in" phrase right after it.
    fn targets(&self, v: usize) -> Vec<ActorRef> {
        let has_country = |a: &[ActorRef]| {
            a.iter()
                .any(|x| x.iso3.is_some() || !x.code.starts_with("---"))
        };
        // "handed the suspects over to India", "extradited the spy chief to the US":
        // the recipient of a transfer is the target, not what or whom it moved.
        if TRANSFER.contains(&self.lemma(v)) {
            let to = self
                .kids_with(v, &["obl", "obl:arg", "iobj"])
                .chain(
                    self.kids_with(v, &["obj"])
                        .flat_map(|o| self.kids_with(o, &["nmod"]).collect::<Vec<_>>()),
                )
                .filter(|&o| dep(self.doc, o) == "iobj" || self.case_of(o) == Some("to"))
                .map(|o| self.actors(o))
                .find(|a| has_country(a));
            if let Some(a) = to {
                return a;
            }
        }
        let mut weak = Vec::new();
        for o in self.kids_with(v, &["obj", "iobj"]) {
            // "recalled its ambassador", "massed its troops": the subject's own people.
            let own = self.kids_with(o, &["nmod:poss"]).any(|k| {
                matches!(
                    self.lemma(k),
                    "its" | "it" | "their" | "they" | "his" | "her"
                )
            });
            let a = self.actors(o);
            if own && !has_country(&a) {
                continue;
            }
            if has_country(&a) {
                return a;
            }
            if !a.is_empty() {
                if weak.is_empty() {
                    weak = a;
                }
                continue;
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
                if has_country(&a) || (!a.is_empty() && weak.is_empty()) {
                    return a;
                }
            }
        }
        if !weak.is_empty() {
            return weak;
        }
        self.kids_with(v, &["obj", "iobj"])
            .map(|o| {
                let a = self.np_actors(o);
                // "investigate war crimes in Sri Lanka": an "in" phrase right after the
                // object may be the object's whichever way the parser attached it, so a
                // country there is read as the object's would be (not for event nouns:
                // where a meeting was is no party to it).
                if !a.is_empty() || self.event_noun[o - self.lo] {
                    return a;
                }
                let end = self.subtree(o).last().map_or(o, |&t| t);
                self.kids_with(v, &["obl"])
                    .filter(|&p| {
                        self.case_of(p) == Some("in") && self.subtree(p).first() == Some(&(end + 1))
                    })
                    .map(|p| self.actors(p))
                    .find(|a| has_country(a))
                    .unwrap_or_default()
            })
            .find(|a| !a.is_empty())
            .unwrap_or_default()
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

    /// Is `v` in the future ("will visit", "said it would reopen")?
    fn future(&self, v: usize) -> bool {
        self.kids(v).iter().any(|&k| {
            dep(self.doc, k) == "aux" && matches!(self.lemma(k), "will" | "would" | "shall" | "'ll")
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

/// Composes an intending, appealing, demanding, rejecting or threatening verb with
/// the code of its complement, by CAMEO's parallel families: "promised to provide
/// military aid" = 0332, "urged them to release prisoners" = 0253, "demanded that he
/// resign" = 1041, "refused to ease sanctions" = 1244, "threatened to cut ties" = 1313.
fn compose(outer: &str, inner: &str) -> Option<String> {
    let o = outer.get(..2)?;
    let root: u8 = inner.get(..2)?.parse().ok()?;
    let digit = |n: usize| inner.chars().nth(n).and_then(|c| c.to_digit(10));
    let d3 = digit(2);
    // The inner code's place in the families (1 material cooperation, 2 diplomatic
    // cooperation, 3 aid, 4 political reform, 5 yield, 6 meet, 8 mediation) and its
    // 4th-digit subtype.
    let (slot, sub) = match (root, d3) {
        (6, Some(d @ 1..=4)) => (1, Some(d)),
        (6, _) => (1, None),
        (5, _) => (2, None),
        (7, Some(d @ 1..=4)) => (3, Some(d)),
        (7, _) => (3, None),
        (8, Some(3)) => (4, digit(3)),
        (8, Some(d @ (1 | 2))) => (5, Some(d)),
        (8, Some(d @ 4..=7)) => (5, Some(d - 1)),
        (8, _) => (5, None),
        (4, Some(5)) => (8, None),
        (4, _) => (6, None),
        _ => (0, None),
    };
    let with_sub = |base: String| match sub {
        Some(d) => format!("{base}{d}"),
        None => base,
    };
    let family = |prefix: &str| (slot != 0).then(|| with_sub(format!("{prefix}{slot}")));
    match o {
        "03" if (18..=20).contains(&root) => Some("138".into()),
        "03" if slot == 8 => Some("039".into()),
        "02" | "03" => family(o),
        // CAMEO's demand family has its own order after 104.
        "10" => match (slot, inner) {
            (5, i) if i.starts_with("0871") => Some("107".into()),
            (5, i) if i.starts_with("0872") || i.starts_with("0874") => Some("106".into()),
            (6, _) => Some("108".into()),
            (8, _) => Some("105".into()),
            _ => family("10"),
        },
        "12" => match slot {
            1 => Some(with_sub("121".into())),
            3 => Some(with_sub("122".into())),
            4 => Some(with_sub("123".into())),
            5 => Some(with_sub("124".into())),
            6 => Some("125".into()),
            8 => Some("126".into()),
            _ => None,
        },
        "13" => Some(
            match (root, inner.get(..3).unwrap_or(inner)) {
                (16, "162") => "1311",
                (16, "163") => "1312",
                (16, "164") => "134",
                (16, "165") => "135",
                (16, "166") => "136",
                (16, _) => "1313",
                (17, "172") => "132",
                (17, "175") => "137",
                (14, _) => "133",
                (19, "191") => "1381",
                (19, "192") => "1382",
                (20, "204") => "1385",
                (20, _) => "1383",
                (18..=19, _) => "138",
                _ => "130",
            }
            .to_string(),
        ),
        _ => None,
    }
}

/// What a cooperative act announced for the future amounts to: an intent (CAMEO 03;
/// PLOVER codes future CONSULT, SUPPORT, COOPERATE and AID as AGREE). "Norway will
/// lend Malawi money" = 0331, "will visit Albania" = 036.
fn future_intent(code: &str) -> Option<String> {
    let root: u8 = code.get(..2)?.parse().ok()?;
    if (4..=8).contains(&root) {
        compose("03", code)
    } else {
        None
    }
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
        let s = Sent::new(lex, doc, si, mentions, prev);
        if (s.lo..s.hi).any(|i| DISCARD.contains(&s.lemma(i))) {
            continue;
        }
        for c in code_sent(lex, &s) {
            emit(doc, si, &c, &mut out);
        }
    }
    out
}

/// The complement that gives an intent, appeal or threat verb its meaning: an
/// infinitival `xcomp` or a "to" clause.
fn complement(s: &Sent<'_>, v: usize) -> Option<usize> {
    s.kids_with(v, &["xcomp"]).next().or_else(|| {
        s.kids_with(v, &["advcl", "ccomp", "acl"])
            .find(|&x| s.kids_with(x, &["mark"]).any(|m| s.lemma(m) == "to"))
    })
}

/// What a demand, appeal or threat says should or will happen: "demanded that India
/// withdraw" is a demand for withdrawal (106), not a withdrawal.
fn clause_complement(s: &Sent<'_>, v: usize, code: &str) -> Option<usize> {
    matches!(code.get(..2), Some("02" | "10" | "13"))
        .then(|| s.kids_with(v, &["ccomp"]).next())
        .flatten()
}

fn root_of(code: &str) -> u8 {
    code.get(..2).and_then(|r| r.parse().ok()).unwrap_or(0)
}

fn violent(code: Option<&str>) -> bool {
    code.is_some_and(|c| (18..=20).contains(&root_of(c)))
}

/// The country of where the event at `i` happened ("protested in Lima", "a bombing
/// at a hotel in Mali's capital"), as a bare country actor: PETRARCH's target for
/// meetings, protests and attacks that name no recipient.
fn place_target(s: &Sent<'_>, i: usize) -> Vec<ActorRef> {
    // The place may hang on a participle of the noun ("an attack targeting X at a mall").
    let heads: Vec<usize> = std::iter::once(i).chain(s.kids_with(i, &["acl"])).collect();
    heads
        .into_iter()
        .flat_map(|h| s.kids_with(h, &["obl", "nmod"]).collect::<Vec<_>>())
        .filter(|&o| matches!(s.case_of(o), Some("in" | "at" | "inside" | "near")))
        .flat_map(|o| s.np_actors(o))
        .find(|a| a.iso3.is_some())
        .map(|a| {
            let iso = a.iso3.clone().unwrap_or_default();
            ActorRef {
                code: iso.clone(),
                iso3: Some(iso),
                sector: None,
                name: None,
                span: a.span,
            }
        })
        .into_iter()
        .collect()
}

fn consume_subtree(s: &Sent<'_>, i: usize, consumed: &mut [bool]) {
    for t in s.subtree(i) {
        consumed[t - s.lo] = true;
    }
}

fn code_sent(lex: &Lexicon, s: &Sent<'_>) -> Vec<Coded> {
    let mut out: Vec<Coded> = Vec::new();
    let mut consumed = vec![false; s.hi - s.lo];
    for r in s.lo..s.hi {
        let claims = responsibility(lex, s, r);
        if !claims.is_empty() {
            if let Some(h) = s.head(r) {
                consumed[h - s.lo] = true;
            }
            consume_subtree(s, r, &mut consumed);
            out.extend(claims);
        }
    }
    for v in s.lo..s.hi {
        if !s.is_pred(v) || consumed[v - s.lo] {
            continue;
        }
        if let Some(h) = s.head(v) {
            // "the decision to release", "sent agents to help": a noun's infinitive and
            // a purpose clause are not done, only meant.
            let infinitive = s.kids_with(v, &["mark"]).any(|m| s.lemma(m) == "to")
                && !s.doc.token(v).text().ends_with("ing");
            if infinitive && (dep(s.doc, v) == "acl" || (dep(s.doc, v) == "advcl" && s.is_pred(h)))
            {
                continue;
            }
            let gerund = s.doc.token(v).text().to_lowercase().ends_with("ing");
            let head_code = || {
                s.best_entry(lex, Kind::Verb, h)
                    .and_then(|e| e.code.clone())
            };
            // "accused Russia of bombing", "jailed for helping militants", "by alleging":
            // a gerund giving the grounds or means of a coded act is not an event.
            if gerund
                && matches!(dep(s.doc, v), "advcl" | "acl" | "obl" | "nmod")
                && matches!(s.case_of(v), Some("of" | "for" | "by"))
                && head_code().is_some()
            {
                continue;
            }
            // "bombarded the city, killing eight": the result is the same act.
            if gerund
                && dep(s.doc, v) == "advcl"
                && s.case_of(v).is_none()
                && violent(head_code().as_deref())
            {
                continue;
            }
        }
        if let Some(c) = reported_violence(lex, s, v, &mut consumed) {
            out.push(c);
            continue;
        }
        if let Some(c) = inverse(lex, s, v, &mut consumed) {
            out.push(c);
            continue;
        }
        let comp = complement(s, v);
        let mut comp_targets: Option<usize> = None;
        let mut light = None;
        let (code, rule) = if INTENT.contains(&s.lemma(v)) {
            // "plans to strike" frames its complement; "wants Kyiv to strike" is an
            // appeal to Kyiv.
            let Some(x) = comp else { continue };
            let Some((inner, irule)) = s
                .best_entry(lex, Kind::Verb, x)
                .and_then(|e| e.code.clone().map(|c| (c, e.rule.clone())))
            else {
                continue;
            };
            let addressee = s
                .kids_with(v, &["obj", "iobj"])
                .any(|o| !s.actors(o).is_empty());
            consume_subtree(s, x, &mut consumed);
            let code = if addressee {
                compose("02", &inner).unwrap_or_else(|| "020".into())
            } else {
                comp_targets = Some(x);
                compose("03", &inner).unwrap_or(inner)
            };
            (Some(code), format!("intent:{}+xcomp:{irule}", s.lemma(v)))
        } else {
            let entry = s.best_entry(lex, Kind::Verb, v);
            // Light verbs take the event from their object noun ("launched air strikes").
            // Light verbs take the event from their object noun ("launched air strikes"),
            // or from the next noun of the clause when the parse lost the object.
            light = if LIGHT.contains(&s.lemma(v)) {
                s.kids_with(v, &["obj"])
                    .chain(
                        (v + 1..s.clause_end(v).min(v + 5))
                            .filter(|&n| s.doc.token(n).upos() == Upos::Noun)
                            .take(1),
                    )
                    .find_map(|o| s.best_entry(lex, Kind::Noun, o).map(|ne| (o, ne)))
            } else {
                None
            };
            match (entry, light) {
                (Some(e), Some((_, ne))) if e.specificity() == 0 && ne.code.is_some() => {
                    (ne.code.clone(), format!("{}+obj:{}", e.rule, ne.rule))
                }
                (Some(e), _) => (e.code.clone(), e.rule.clone()),
                (None, Some((_, ne))) => (
                    ne.code.clone(),
                    format!("light:{}+obj:{}", s.lemma(v), ne.rule),
                ),
                (None, None) => {
                    if let Some(c) = speech_demand(s, v, &mut consumed) {
                        out.push(c);
                    }
                    continue;
                }
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
        // Intent and threat verbs take their meaning from the complement ("promised to
        // send aid" = 033); appeals, demands and refusals name what is asked or refused,
        // which is not itself done.
        let comp = comp.or_else(|| clause_complement(s, v, &c.code));
        if let (Some(x), false) = (comp, INTENT.contains(&s.lemma(v))) {
            let outer = c.code.get(..2).unwrap_or("").to_string();
            if let Some(inner) = s
                .best_entry(lex, Kind::Verb, x)
                .and_then(|e| e.code.clone())
            {
                if let Some(composed) = compose(&c.code, &inner) {
                    c.code = composed;
                    c.rule = format!("{}+xcomp:{}", c.rule, s.lemma(x));
                    consumed[x - s.lo] = true;
                    comp_targets = Some(x);
                } else if inner.get(..2) == Some(outer.as_str()) {
                    // "met ... to discuss": the purpose is the same meeting.
                    consumed[x - s.lo] = true;
                } else if outer == "03" {
                    // "Oman pledged to deport the smugglers" = 174, as PETRARCH codes it.
                    c.code = inner;
                    c.rule = format!("{}+xcomp:{}", c.rule, s.lemma(x));
                    consumed[x - s.lo] = true;
                    comp_targets = Some(x);
                }
            }
            // A protest's purpose is its topic, not another event.
            if matches!(outer.as_str(), "02" | "10" | "12" | "13" | "14") {
                consume_subtree(s, x, &mut consumed);
                comp_targets.get_or_insert(x);
            }
        }
        // "Norway will lend Malawi money": a promise of aid (0331).
        if !c.negated && s.future(v) {
            if let Some(f) = future_intent(&c.code) {
                c.code = f;
                c.rule = format!("{}+future", c.rule);
            }
        }
        let passive = s.is_passive(v);
        // Names in a trailing attribution ("…, the ministry said") source the report,
        // not this act, however the parse attached them.
        let cut = s
            .attribution()
            .filter(|&t| v < t)
            .map_or(u32::MAX, |t| s.doc.token(t).span().start);
        let clip = |a: Vec<ActorRef>| -> Vec<ActorRef> {
            a.into_iter().filter(|a| a.span.start < cut).collect()
        };
        if passive {
            c.targets = clip(
                s.kids_with(v, &["nsubj:pass"])
                    .flat_map(|k| s.np_actors(k))
                    .collect(),
            );
            c.sources = clip(
                s.kids_with(v, &["obl:agent", "obl"])
                    .filter(|&o| s.case_of(o) == Some("by"))
                    .flat_map(|o| s.actors(o))
                    .collect(),
            );
        } else {
            c.sources = clip(s.subjects(v, 0));
            // An unresolved pronoun subject ("the tanker it seized") is someone, not the
            // nearest name.
            let pronoun = s
                .kids_with(v, &["nsubj"])
                .any(|k| s.doc.token(k).upos() == Upos::Pron);
            if c.sources.is_empty() && !s.passive_modifier(v) && !pronoun {
                c.sources = s.linear_source(v);
            }
        }
        let places = matches!(root_of(&c.code), 4 | 14 | 18..=20);
        if let Some(x) = comp_targets {
            // Intent and threat: the complement's recipient; appeals keep the addressee,
            // which a clause names as its subject ("demanded that India withdraw").
            let own_first = !matches!(c.code.get(..2), Some("03" | "13"));
            if !own_first || clip(s.targets(v)).is_empty() {
                c.targets = if dep(s.doc, x) == "ccomp" && own_first {
                    clip(
                        s.kids_with(x, &["nsubj", "nsubj:pass"])
                            .flat_map(|k| s.np_actors(k))
                            .collect(),
                    )
                } else {
                    Vec::new()
                };
                if c.targets.is_empty() {
                    c.targets = clip(s.targets(x));
                }
                if c.targets.is_empty() {
                    c.targets = s.linear_target(x, false, places);
                }
            }
        }
        if !passive && c.targets.is_empty() {
            c.targets = clip(s.targets(v));
        }
        // "claimed that Chile was behind it", "denied that its navy fired": the subject
        // of the reported clause.
        if !passive && c.targets.is_empty() {
            c.targets = clip(
                s.kids_with(v, &["ccomp"])
                    .flat_map(|x| s.kids_with(x, &["nsubj", "nsubj:pass"]).collect::<Vec<_>>())
                    .flat_map(|k| s.np_actors(k))
                    .take(1)
                    .collect(),
            );
        }
        if let Some((o, _)) = light {
            if c.targets.is_empty() {
                c.targets = clip(noun_targets(s, o));
            }
        }
        let targetless = TARGETLESS.iter().any(|r| c.code.starts_with(r));
        if !passive && c.targets.is_empty() {
            c.targets = s.linear_target(v, targetless, places);
        }
        c.targets
            .retain(|t| !c.sources.iter().any(|src| same_actor(src, t)));
        // "massed troops along the border": the forces moved are the actor's own.
        if root_of(&c.code) == 15 {
            c.targets.retain(|t| {
                !(t.code.starts_with("---") && matches!(t.sector.as_deref(), Some("MIL" | "COP")))
            });
        }
        // "will meet in Oslo", "protested in Lima", "an attack in Mali": with no
        // recipient named, meetings, protests and attacks are coded, as PETRARCH does,
        // against the country where they happen.
        if c.targets.is_empty() && matches!(root_of(&c.code), 4 | 14 | 18..=20) {
            c.targets = place_target(s, v);
            if c.targets.is_empty() {
                let objs: Vec<usize> = s.kids_with(v, &["obj"]).collect();
                c.targets = objs
                    .into_iter()
                    .map(|o| place_target(s, o))
                    .find(|t| !t.is_empty())
                    .unwrap_or_default();
            }
        }
        // "Lula and Boric signed an accord", "Indian and Chinese troops clashed":
        // joint acts are done to each other.
        if c.targets.is_empty()
            && c.sources.len() >= 2
            && (matches!(c.code.get(..2), Some("03" | "04" | "05" | "06"))
                || SYMMETRIC.contains(&s.lemma(v)))
        {
            c.targets = c.sources.clone();
        }
        // "Farmers were wounded in Turkish shelling": the instrument names the attacker
        // and the event; "a rocket was launched from Lebanon": the origin is the attacker.
        if passive && c.sources.is_empty() {
            for o in s.kids_with(v, &["obl"]).collect::<Vec<_>>() {
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
            if c.sources.is_empty() && violent(Some(&c.code)) {
                c.sources = s
                    .kids_with(v, &["obl"])
                    .filter(|&o| s.case_of(o) == Some("from"))
                    .flat_map(|o| s.np_actors(o))
                    .take(1)
                    .collect();
            }
        }
        // Generic agents take the country where the act happened ("killed twelve
        // people at a market in Kabul", "agreed to call off the march in Minsk").
        let near: Vec<usize> = std::iter::once(v)
            .chain(comp)
            .flat_map(|h| std::iter::once(h).chain(s.kids_with(h, &["obj"]).collect::<Vec<_>>()))
            .collect();
        let place = near
            .into_iter()
            .flat_map(|h| place_target(s, h))
            .find_map(|a| a.iso3);
        if let Some(iso) = place {
            for a in c.sources.iter_mut().chain(c.targets.iter_mut()) {
                if a.iso3.is_none() && a.code.starts_with("---") {
                    a.code = format!("{iso}{}", &a.code[3..]);
                    a.iso3 = Some(iso.clone());
                }
            }
        }
        // What a negated verb governs did not happen either.
        if c.negated {
            consume_subtree(s, v, &mut consumed);
        }
        // Refusing cooperation is a rejection: "would not send aid" = 12x.
        if c.negated {
            if let Some(code) = negate(&c.code) {
                c.code = code.to_string();
                c.rule = format!("{}+negation", c.rule);
                c.negated = false;
            }
        }
        if let Some((o, _)) = light {
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

/// "Received guarantees from Hanoi", "faces criticism from parliament", "faced US
/// sanctions": the object event was done by the "from" actor (or the noun's own
/// possessor or modifier) to the subject.
fn inverse(lex: &Lexicon, s: &Sent<'_>, v: usize, consumed: &mut [bool]) -> Option<Coded> {
    if !INVERSE.contains(&s.lemma(v)) {
        return None;
    }
    let objs: Vec<usize> = if s.lemma(v) == "come" {
        s.kids_with(v, &["obl"])
            .filter(|&o| s.case_of(o) == Some("under"))
            .collect()
    } else {
        s.kids_with(v, &["obj"]).collect()
    };
    let (o, ne) = objs.into_iter().find_map(|o| {
        s.best_entry(lex, Kind::Noun, o)
            .filter(|e| e.code.is_some())
            .map(|e| (o, e))
    })?;
    let from = |x: usize| -> Vec<ActorRef> {
        s.kids_with(x, &["obl", "nmod"])
            .filter(|&k| matches!(s.case_of(k), Some("from" | "by")))
            .flat_map(|k| s.np_actors(k))
            .collect()
    };
    let mut sources = from(v);
    if sources.is_empty() {
        sources = from(o);
    }
    if sources.is_empty() {
        sources = noun_sources(s, o);
    }
    if sources.is_empty() {
        return None;
    }
    let mut targets = s.subjects(v, 0);
    if targets.is_empty() {
        targets = s.linear_source(v);
    }
    consume_subtree(s, o, consumed);
    Some(Coded {
        sources,
        targets,
        code: ne.code.clone()?,
        action: v,
        rule: format!("inverse:{}+obj:{}", s.lemma(v), ne.rule),
        negated: s.negated(v),
        hypothetical: s.hypothetical(v),
    })
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
    const MODS: &[&str] = &["nmod:poss", "amod", "compound", "det:poss"];
    // "Saudi drone strikes": the modifier may sit on a compound of the noun.
    let mods: Vec<usize> = s
        .kids_with(n, MODS)
        .chain(
            s.kids_with(n, &["compound"])
                .flat_map(|k| s.kids_with(k, MODS).collect::<Vec<_>>()),
        )
        .collect();
    let mut out: Vec<ActorRef> = Vec::new();
    for m in mods.into_iter().filter_map(|k| s.mention_at(k)) {
        if own.is_none_or(|o| !std::ptr::eq(m, o)) && !out.iter().any(|a| a.span == m.actor.span) {
            out.push(m.actor.clone());
        }
    }
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
    let preps: Vec<usize> = s
        .kids_with(n, &["nmod", "acl"])
        .filter(|&k| s.case_of(k).is_some_and(|c| NOUN_TARGET_PREPS.contains(&c)))
        .collect();
    for &k in &preps {
        let a = s.actors(k);
        if !a.is_empty() {
            return a;
        }
    }
    preps
        .into_iter()
        .map(|k| s.np_actors(k))
        .find(|a| !a.is_empty())
        .unwrap_or_default()
}

/// "IS claimed responsibility for the attack": the claim (015) and the attack, coded by
/// the most specific event noun of the sentence ("suicide car bombing"), by the claimant,
/// against the actor the noun names, else the country where it happened, else the
/// latest other actor of this or the previous sentence.
fn responsibility(lex: &Lexicon, s: &Sent<'_>, r: usize) -> Vec<Coded> {
    claim_responsibility(lex, s, r).map_or_else(Vec::new, |attack| {
        let claim = Coded {
            code: "015".into(),
            rule: format!("claim-responsibility:{}", s.lemma(r)),
            action: s.head(r).unwrap_or(r),
            sources: attack.sources.clone(),
            targets: attack.targets.clone(),
            negated: attack.negated,
            hypothetical: false,
        };
        vec![claim, attack]
    })
}

fn claim_responsibility(lex: &Lexicon, s: &Sent<'_>, r: usize) -> Option<Coded> {
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
        targets = place_target(s, n);
    }
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

/// "Peru claimed that rebels had bombed Chile": reporting violence by an actor is an
/// accusation of that actor (112), PETRARCH's reading; the embedded event is not coded.
/// A trailing attribution ("troops shelled the town, witnesses said") only sources the
/// report: the violence itself is coded.
fn reported_violence(
    lex: &Lexicon,
    s: &Sent<'_>,
    v: usize,
    consumed: &mut [bool],
) -> Option<Coded> {
    if !REPORT.contains(&s.lemma(v)) {
        return None;
    }
    let c = s.kids_with(v, &["ccomp"]).find(|&c| c > v)?;
    let sub = s.subtree(c);
    let mut accused = Vec::new();
    if violent(
        s.best_entry(lex, Kind::Verb, c)
            .and_then(|e| e.code.as_deref()),
    ) {
        accused = if s.is_passive(c) {
            // "a rocket was launched at it from Lebanon": by whom, else from where.
            let by: Vec<ActorRef> = s
                .kids_with(c, &["obl:agent", "obl"])
                .filter(|&o| s.case_of(o) == Some("by"))
                .flat_map(|o| s.actors(o))
                .collect();
            if by.is_empty() {
                s.kids_with(c, &["obl"])
                    .filter(|&o| s.case_of(o) == Some("from"))
                    .flat_map(|o| s.np_actors(o))
                    .take(1)
                    .collect()
            } else {
                by
            }
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
    // "Peru claimed that it had bombed Chile": reporting one's own violence is
    // claiming it (015), against its recipient.
    let own = accused
        .iter()
        .all(|a| speakers.iter().any(|sp| sp.code == a.code));
    let (code, targets, rule) = if own {
        let mut t = s.targets(c);
        if t.is_empty() {
            t = s.linear_target(c, false, true);
        }
        ("015", t, "reported-own-violence")
    } else {
        ("112", accused, "reported-violence")
    };
    Some(Coded {
        sources: speakers,
        targets,
        code: code.into(),
        action: v,
        rule: format!("{rule}:{}", s.lemma(v)),
        negated: false,
        hypothetical: false,
    })
}

/// "Kerry said Russia must stop…": a speech verb whose clause has a demand modal is a
/// demand by the speaker on the clause's subject; the demanded act itself is not coded.
fn speech_demand(s: &Sent<'_>, v: usize, consumed: &mut [bool]) -> Option<Coded> {
    if !SPEECH.contains(&s.lemma(v)) {
        return None;
    }
    let c = s.kids_with(v, &["ccomp"]).next()?;
    let has_to = matches!(s.lemma(c), "have" | "need")
        && s.kids_with(c, &["xcomp"])
            .any(|x| s.kids_with(x, &["mark"]).any(|m| s.lemma(m) == "to"));
    let modal = has_to
        || s.kids_with(c, &["aux"])
            .chain(std::iter::once(c))
            .any(|k| DEMAND_MODALS.contains(&s.lemma(k)));
    if !modal {
        return None;
    }
    let targets = s.actors_of(c, &["nsubj", "nsubj:pass"]);
    consumed[c - s.lo] = true;
    // "the US needs to exclude any threat": what "needs to" or "has to" happen has not.
    if has_to {
        for x in s.kids_with(c, &["xcomp"]).collect::<Vec<_>>() {
            consume_subtree(s, x, consumed);
        }
    }
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
    let countryless = |a: &ActorRef| a.code.starts_with("---");
    for src in &c.sources {
        // An agent with no country and no recipient ("a student burned the
        // flag") says too little to be a record.
        if targetless && !countryless(src) {
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
            // Nor do two such agents ("militants abducted aid workers").
            if same_actor(src, tgt)
                || src.code == tgt.code
                || (countryless(src) && countryless(tgt))
            {
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
        negated: c.negated,
        hypothetical: c.hypothetical,
        rule: c.rule.clone(),
        ..Event::default()
    }
}
