//! Quote and reported-speech rules over tokens, sentences and POS tags.

use sitrep_doc::{ActorRef, ByteSpan, Doc, EntLabel, Quote, QuoteKind, Upos};

use crate::marks::{para_break, segments, Segment};

/// Lemmas of verbs that report speech or writing, besides the [`MANNER`] ones.
const SPEECH: [&str; 81] = [
    "read",
    "shout",
    "yell",
    "scream",
    "chant",
    "comment",
    "conclude",
    "exclaim",
    "begin",
    "sing",
    "post",
    "say",
    "tell",
    "add",
    "ask",
    "state",
    "explain",
    "note",
    "write",
    "declare",
    "insist",
    "argue",
    "warn",
    "continue",
    "tweet",
    "recall",
    "reply",
    "respond",
    "acknowledge",
    "admit",
    "claim",
    "announce",
    "concede",
    "complain",
    "observe",
    "suggest",
    "emphasize",
    "emphasise",
    "stress",
    "accuse",
    "deny",
    "predict",
    "promise",
    "vow",
    "urge",
    "report",
    "testify",
    "confirm",
    "charge",
    "allege",
    "joke",
    "quip",
    "boast",
    "lament",
    "remark",
    "reiterate",
    "contend",
    "maintain",
    "assert",
    "agree",
    "caution",
    "counter",
    "proclaim",
    "describe",
    "call",
    "criticize",
    "criticise",
    "mention",
    "reveal",
    "disclose",
    "believe",
    "think",
    "demand",
    "answer",
    "confess",
    "point",
    "wonder",
    "plead",
    "recount",
    "retort",
    "assure",
];

/// Lemmas of manner-of-speaking verbs ("“Go back,” he barked"): speech verbs that report
/// only with a following quote.
const MANNER: [&str; 24] = [
    "bark",
    "beam",
    "jeer",
    "gush",
    "snap",
    "thunder",
    "scoff",
    "sneer",
    "muse",
    "marvel",
    "chime",
    "fume",
    "cry",
    "roar",
    "whisper",
    "mutter",
    "growl",
    "interject",
    "chuckle",
    "laugh",
    "sigh",
    "rave",
    "taunt",
    "cheer",
];

/// Verbs that report speech only with a following quote, not as indirect cues, besides
/// the [`MANNER`] ones.
const DIRECT_ONLY: [&str; 14] = [
    "continue", "describe", "call", "read", "shout", "yell", "scream", "chant", "comment",
    "exclaim", "begin", "sing", "post", "wonder",
];

/// Lemmas of verbs that attribute a belief, finding or intention ("experts believe …",
/// "the poll found that …", "she wants to …"): indirect cues, but only before a clause,
/// since their plain objects ("found a body") report nothing.
const COGNITION: [&str; 26] = [
    "believe",
    "think",
    "know",
    "hope",
    "fear",
    "expect",
    "want",
    "worry",
    "feel",
    "find",
    "show",
    "indicate",
    "estimate",
    "doubt",
    "decline",
    "refuse",
    "plan",
    "pledge",
    "vow",
    "threaten",
    "predict",
    "conclude",
    "realize",
    "understand",
    "decide",
    "suggest",
];

/// Verbs of [`COGNITION`] whose report may be an infinitive ("declined to comment").
const INTENT: [&str; 9] = [
    "hope", "want", "decline", "refuse", "plan", "pledge", "vow", "threaten", "decide",
];

/// Verb forms that report speech, for docs without lemmas.
fn speech_form(t: &str) -> Option<&'static str> {
    Some(match t {
        "said" | "says" => "say",
        "notes" => "note",
        "recalls" | "recalled" => "recall",
        "argues" => "argue",
        "insists" => "insist",
        "warns" => "warn",
        "explains" => "explain",
        "concludes" | "concluded" => "conclude",
        "confessed" => "confess",
        "replied" => "reply",
        "answered" | "answers" => "answer",
        "read" | "reads" => "read",
        "confesses" => "confess",
        "asks" => "ask",
        "told" | "tells" => "tell",
        "added" | "adds" => "add",
        "continued" | "continues" => "continue",
        "asked" => "ask",
        "stated" => "state",
        "wrote" | "writes" => "write",
        "warned" => "warn",
        "noted" => "note",
        "insisted" => "insist",
        "argued" => "argue",
        "accused" => "accuse",
        "denied" => "deny",
        "claimed" => "claim",
        "announced" => "announce",
        "tweeted" => "tweet",
        "explained" => "explain",
        "declared" => "declare",
        "urged" => "urge",
        "reported" | "reports" => "report",
        _ => return None,
    })
}

struct Cx<'a> {
    doc: &'a Doc,
    low: Vec<String>,
    /// Quote segment covering each token, if any.
    inside: Vec<Option<usize>>,
}

impl<'a> Cx<'a> {
    fn new(doc: &'a Doc, segs: &[Segment]) -> Cx<'a> {
        let low = (0..doc.len())
            .map(|i| doc.token(i).text().to_lowercase())
            .collect();
        let mut inside = vec![None; doc.len()];
        for (k, s) in segs.iter().enumerate() {
            for slot in &mut inside[s.open..=s.close] {
                *slot = Some(k);
            }
        }
        Cx { doc, low, inside }
    }
    fn upos(&self, i: usize) -> Upos {
        self.doc.tokens.upos()[i]
    }
    fn text(&self, i: usize) -> &str {
        self.doc.token(i).text()
    }
    /// The speech lemma of token `i`, if it is a speech verb.
    fn speech(&self, i: usize) -> Option<&str> {
        let lemma = self.doc.token(i).lemma();
        let up = self.upos(i);
        // Tagger slips ("Viguerie adds." as a plural noun) are caught by the verb forms.
        if let Some(f) = speech_form(&self.low[i]) {
            // Not after a determiner or adjective ("the reports"), nor a name ("Omar Said").
            let nominal = i > 0 && matches!(self.upos(i - 1), Upos::Det | Upos::Adj | Upos::Num);
            if up != Upos::Verb && up != Upos::X && up != Upos::Propn && !nominal {
                return Some(f);
            }
        }
        if up != Upos::X && up != Upos::Verb {
            return None;
        }
        if !lemma.is_empty() {
            return SPEECH.iter().chain(&MANNER).copied().find(|&s| s == lemma);
        }
        speech_form(&self.low[i])
    }
    /// The lemma of token `i` when it is a [`COGNITION`] verb (and no speech verb).
    fn cognition(&self, i: usize) -> Option<&'static str> {
        if !matches!(self.upos(i), Upos::Verb | Upos::X) {
            return None;
        }
        let lemma = self.doc.token(i).lemma();
        COGNITION.iter().copied().find(|&l| l == lemma)
    }
    fn is_punct(&self, i: usize) -> bool {
        self.upos(i) == Upos::Punct
            || self
                .text(i)
                .chars()
                .all(|c| c.is_ascii_punctuation() || "“”‘’—–".contains(c))
    }
    fn span(&self, a: usize, b: usize) -> ByteSpan {
        ByteSpan {
            start: self.doc.tokens.starts()[a],
            end: self.doc.tokens.ends()[b],
        }
    }
}

/// A token that can belong to a speaker noun phrase.
fn np_token(c: &Cx, i: usize) -> bool {
    let t = c.text(i);
    match c.upos(i) {
        Upos::Propn | Upos::Noun | Upos::Adj | Upos::Num | Upos::Pron | Upos::Det => true,
        Upos::Part => t == "'s" || t == "’s",
        Upos::Adp => t == "of",
        Upos::Punct => t == "-" || t == ".",
        Upos::X => t.chars().next().is_some_and(char::is_alphanumeric),
        _ => false,
    }
}

/// The noun phrase ending at token `end` (inclusive), walking left within `[lo, end]`.
fn np_left(c: &Cx, lo: usize, end: usize) -> Option<(usize, usize)> {
    if end < lo || !np_token(c, end) || c.upos(end) == Upos::Adp {
        return None;
    }
    // A pronoun stands alone ("he said").
    if c.upos(end) == Upos::Pron {
        return Some((end, end));
    }
    let mut s = end;
    while s > lo && np_token(c, s - 1) && c.upos(s - 1) != Upos::Pron {
        if c.upos(s - 1) == Upos::Det
            && s - 1 > lo
            && np_token(c, s - 2)
            && c.upos(s - 2) != Upos::Adp
        {
            // "the" starts a phrase; stop unless a possessive precedes ("Russia's the")
            s -= 1;
            break;
        }
        s -= 1;
    }
    while s < end && matches!(c.upos(s), Upos::Adp | Upos::Punct) {
        s += 1;
    }
    Some((s, end))
}

/// The noun phrase starting at token `start`, walking right up to `hi` (exclusive).
fn np_right(c: &Cx, start: usize, hi: usize) -> Option<(usize, usize)> {
    if start >= hi || !np_token(c, start) || c.upos(start) == Upos::Adp {
        return None;
    }
    if c.upos(start) == Upos::Pron {
        return Some((start, start));
    }
    let mut e = start;
    while e + 1 < hi && np_token(c, e + 1) && c.upos(e + 1) != Upos::Pron {
        // "of" continues only into a name ("Secretary of State").
        if c.text(e + 1) == "of" && !(e + 2 < hi && c.upos(e + 2) == Upos::Propn) {
            break;
        }
        if c.upos(e + 1) == Upos::Det {
            break;
        }
        e += 1;
    }
    while e > start && matches!(c.upos(e), Upos::Adp | Upos::Punct | Upos::Det) {
        e -= 1;
    }
    Some((start, e))
}

/// Words that may sit between a speaker and the speech verb ("Kerry also said").
fn skippable(c: &Cx, i: usize) -> bool {
    matches!(c.upos(i), Upos::Adv | Upos::Aux | Upos::Part)
        && !matches!(c.low[i].as_str(), "not" | "n't")
        || in_time(c.doc, i)
}

/// A speaker and cue found next to a quote.
#[derive(Clone, Copy, Debug)]
struct Attribution {
    cue: Option<(usize, usize)>,
    speaker: Option<(usize, usize)>,
}

/// Looks for `, said X` / `, X said` / `X said.` right after a quote's closing mark.
fn after(c: &Cx, close: usize, hi: usize) -> Option<Attribution> {
    let mut i = close + 1;
    // "…" ― Pamela Padilla
    if i < hi && matches!(c.text(i), "―" | "—" | "–" | "-") {
        let sp = np_right(c, i + 1, hi)?;
        return Some(Attribution {
            cue: None,
            speaker: Some(sp),
        });
    }
    while i < hi && c.is_punct(i) && !matches!(c.text(i), "“" | "\"") && !sentence_end(c, i) {
        i += 1;
    }
    let lim = (i + 30).min(hi);
    let v = (i..lim)
        .take_while(|&j| c.inside[j].is_none() && !sentence_end(c, j))
        .find(|&j| c.speech(j).is_some())?;
    if v == i && c.low[v].ends_with("ing") {
        // "…," adding that …: the speaker is named elsewhere.
        return None;
    }
    if v == i {
        // "…," said Kerry / "…," added the spokesman
        let sp = np_right(c, v + 1, lim);
        return Some(Attribution {
            cue: Some((v, v)),
            speaker: sp,
        });
    }
    // "…," Kerry said / "…," he told reporters / "…," Douglas Brinkley, a historian, said
    let mut e = v - 1;
    while e > i && (skippable(c, e) || c.is_punct(e) || in_time(c.doc, e)) {
        e -= 1;
    }
    if !np_token(c, i) || c.upos(i) == Upos::Adp || c.upos(i) == Upos::Punct {
        return None;
    }
    Some(Attribution {
        cue: Some((v, v)),
        speaker: Some((i, e)),
    })
}

/// `"…" that Sanders can win, said Steve Elmendorf, …`: a quote run on by prose in its
/// sentence, attributed at the sentence's end (", said X" or ", X said.").
fn sentence_tail(c: &Cx, close: usize, s_hi: usize) -> Option<Attribution> {
    let next = close + 1;
    if next >= s_hi || !c.text(next).starts_with(char::is_lowercase) {
        return None;
    }
    let end = (next..s_hi)
        .find(|&j| c.inside[j].is_some())
        .unwrap_or(s_hi);
    (next..end)
        .filter(|&j| c.text(j) == ",")
        .find_map(|comma| after(c, comma - 1, end).filter(|a| a.speaker.is_some()))
}

/// True for the punctuation that ends token `j`'s sentence ("Wis." inside a name does not).
fn sentence_end(c: &Cx, j: usize) -> bool {
    c.text(j) == ";"
        || matches!(c.text(j), "." | "!" | "?")
            && c.doc
                .sent_of(j)
                .is_some_and(|s| c.doc.sents[s].end as usize <= j + 2)
}

/// Looks for `X said: "…"` / `According to X, "…"` before a quote's opening mark.
fn before(c: &Cx, lo: usize, open: usize) -> Option<Attribution> {
    if open == 0 || open <= lo {
        return None;
    }
    let mut e = open - 1;
    while e > lo && matches!(c.text(e), ":" | "," | "—" | "-") {
        e -= 1;
    }
    // "according to X, …"
    for j in lo..=e {
        if c.low[j] == "according" && j < e && c.low[j + 1] == "to" {
            let sp = np_right(c, j + 2, e + 1);
            return Some(Attribution {
                cue: Some((j, j + 1)),
                speaker: sp,
            });
        }
    }
    // The last speech verb before the quote, with at most a short object after it.
    let v = (lo..=e).rev().take(6).find(|&j| c.speech(j).is_some())?;
    let mut s = v;
    while s > lo && skippable(c, s - 1) {
        s -= 1;
    }
    // "Gov. John Kasich (R-Ohio) said": the name before a short parenthesis.
    let s_np = match s.checked_sub(1).map(|j| c.text(j)) {
        Some(")") => (lo..s - 1)
            .rev()
            .take(6)
            .find(|&j| c.text(j) == "(")
            .unwrap_or(s),
        _ => s,
    };
    let speaker = if s_np > lo {
        np_left(c, lo, s_np - 1)
    } else {
        None
    };
    // After "told" or a participle ("telling the crowd", "emailed supporters saying")
    // the noun phrase is the audience, not the speaker.
    let audience = c.speech(v) == Some("tell") || c.low[v].ends_with("ing");
    let speaker = speaker
        .or_else(|| {
            // "said Kerry: …", "added the minister, …", "said Tuesday Gov. Ann Lee: …"
            let mut a = v + 1;
            while a <= e && in_time(c.doc, a) {
                a += 1;
            }
            (!audience).then(|| np_right(c, a, e + 1)).flatten()
        })
        .or_else(|| {
            // "The mayor, at an evening briefing, said, …", "I laughed and said, …": the
            // nearest name or subject pronoun before a finite verb; for a participle
            // ("He then defended it, saying, …") the sentence's first one.
            let subject = |j: usize| {
                c.upos(j) == Upos::Propn || c.upos(j) == Upos::Pron && is_subject_pronoun(&c.low[j])
            };
            let after_clause = v > lo && c.text(v - 1) == ",";
            let j = if c.low[v].ends_with("ing") || after_clause {
                (lo..v).find(|&j| subject(j))?
            } else {
                (lo..v).rev().find(|&j| subject(j))?
            };
            if c.upos(j) == Upos::Pron {
                return Some((j, j));
            }
            let (a, _) = np_left(c, lo, j)?;
            np_right(c, a, v)
        });
    Some(Attribution {
        cue: Some((v, v)),
        speaker,
    })
}

/// The speech verb and its subject in the sentence just before token `open` (in the same
/// or the previous paragraph), outside quotation marks.
fn prev_reporter(c: &Cx, open: usize) -> Option<(usize, (usize, usize))> {
    let doc = c.doc;
    let si = doc.sent_of(open)?.checked_sub(1)?;
    let (lo, hi) = (doc.sents[si].start as usize, doc.sents[si].end as usize);
    let breaks = (hi.max(1)..=open)
        .filter(|&j| para_break(doc, j - 1, j))
        .count();
    if hi <= lo || breaks > 1 || (lo..hi).any(|j| c.inside[j].is_some()) {
        return None;
    }
    (lo..hi).find_map(|v| {
        c.speech(v)?;
        let mut s = v;
        while s > lo && skippable(c, s - 1) {
            s -= 1;
        }
        let sp = np_left(c, lo, s.checked_sub(1)?)?;
        Some((v, sp))
    })
}

/// "He said:" ending the paragraph before a quote that opens its own paragraph.
fn colon_intro(c: &Cx, open: usize) -> Option<Attribution> {
    if open == 0 || c.text(open - 1) != ":" {
        return None;
    }
    let (lo, _) = sent_range(c.doc, open - 1);
    before(c, lo, open)
        .filter(|a| a.speaker.is_some())
        .or_else(|| colon_subject(c, lo, open - 1))
}

/// "President Clinton released the following statement:" and "Trump: …": the subject of
/// the clause a colon ends introduces the quote after it.
fn colon_subject(c: &Cx, lo: usize, colon: usize) -> Option<Attribution> {
    let j = (lo..colon).find(|&j| {
        c.upos(j) == Upos::Propn || c.upos(j) == Upos::Pron && is_subject_pronoun(&c.low[j])
    })?;
    let sp = if c.upos(j) == Upos::Pron {
        (j, j)
    } else {
        let (a, _) = np_left(c, lo, j)?;
        np_right(c, a, colon)?
    };
    Some(Attribution {
        cue: None,
        speaker: Some(sp),
    })
}

/// A short quoted stretch in title case ("Fox News Sunday," "Morning Joe") names a show,
/// book or slogan rather than quoting anyone.
fn is_title(c: &Cx, seg: Segment) -> bool {
    const MINOR: [&str; 12] = [
        "of", "the", "a", "an", "and", "in", "on", "to", "for", "or", "at", "with",
    ];
    let ws: Vec<&str> = (seg.open + 1..seg.close)
        .map(|j| c.text(j))
        .filter(|t| t.chars().next().is_some_and(char::is_alphanumeric))
        .collect();
    !ws.is_empty()
        && ws.len() <= 10
        && ws.iter().all(|w| {
            w.starts_with(|ch: char| ch.is_uppercase() || ch.is_ascii_digit()) || MINOR.contains(w)
        })
}

/// Word count of a token range.
fn words(c: &Cx, a: usize, b: usize) -> usize {
    (a..=b).filter(|&i| !c.is_punct(i)).count()
}

/// The sentence range `[start, end)` of token `i`.
fn sent_range(doc: &Doc, i: usize) -> (usize, usize) {
    match doc.sent_of(i) {
        Some(s) => (doc.sents[s].start as usize, doc.sents[s].end as usize),
        None => (0, doc.len()),
    }
}

struct Found {
    kind: QuoteKind,
    content: (usize, usize),
    cue: Option<(usize, usize)>,
    speaker: Option<(usize, usize)>,
    /// A speaker mention elsewhere (inherited by a bare continuation quote).
    speaker_span: Option<ByteSpan>,
    rule: &'static str,
}

/// The last speaker's span, the token where their quote ended, and its cue.
type LastSpeaker = (ByteSpan, usize, Option<(usize, usize)>);

/// Finds quotes in a doc with tokens, sentences and POS tags.
pub(crate) fn quotes(doc: &Doc) -> Vec<Quote> {
    if doc.is_empty() {
        return Vec::new();
    }
    let segs = segments(doc);
    let c = Cx::new(doc, &segs);
    let mut found: Vec<Found> = Vec::new();
    let mut used_cue = vec![false; doc.len()];
    let mut k = 0;
    let mut last_speaker: Option<LastSpeaker> = None;
    while k < segs.len() {
        let seg = segs[k];
        let (s_lo, _) = sent_range(doc, seg.open);
        let (_, s_hi) = sent_range(doc, seg.close);
        let n = words(&c, seg.open, seg.close);
        // Text before the quote in its sentence, stopping at an earlier quote.
        let lo = (s_lo..seg.open)
            .rev()
            .find(|&j| c.inside[j].is_some())
            .map_or(s_lo, |j| j + 1);
        let at_start = lo == seg.open || (lo..seg.open).all(|j| c.is_punct(j));
        let ends_clause = seg.close > seg.open + 1
            && matches!(c.text(seg.close - 1), "," | "." | "?" | "!" | "…")
            || seg.unclosed;
        // The text after the quote, to the end of its paragraph.
        let hi = (seg.close + 1..doc.len())
            .find(|&j| para_break(doc, j - 1, j))
            .unwrap_or(doc.len());
        let before_attr = if at_start && lo == seg.open {
            // "Caddell continued:" closing the previous paragraph.
            colon_intro(&c, seg.open)
        } else {
            before(&c, lo, seg.open).or_else(|| {
                (seg.open > lo && c.text(seg.open - 1) == ":")
                    .then(|| colon_subject(&c, lo, seg.open - 1))
                    .flatten()
            })
        };
        let attr = match after(&c, seg.close, hi) {
            Some(a) if a.speaker.is_none() && before_attr.is_some_and(|b| b.speaker.is_some()) => {
                before_attr
            }
            Some(a) => Some(a),
            None => before_attr.or_else(|| sentence_tail(&c, seg.close, s_hi)),
        };
        // A quote that opens in lower case mid-sentence is a fragment of a sentence.
        let capital = (seg.open + 1..=seg.close)
            .map(|j| c.text(j))
            .find(|t| t.chars().next().is_some_and(char::is_alphanumeric))
            .is_some_and(|t| !t.starts_with(char::is_lowercase));
        if !at_start && is_title(&c, seg) {
            k += 1;
            continue;
        }
        let full = capital && (at_start || before_attr.is_some() || ends_clause || n >= 8);
        if !full {
            // A short quote inside a sentence: partial when the sentence reports speech.
            let cue = attr.or_else(|| sentence_cue(&c, s_lo, s_hi, seg.open));
            // Its cue stays free: "X said Y was “absolutely wrong”" also reports the
            // whole clause, which the indirect rules take.
            if let Some(a) = cue.filter(|a| a.cue.is_some()) {
                if let Some(sp) = a.speaker {
                    last_speaker = Some((c.span(sp.0, sp.1), seg.close, a.cue));
                }
                found.push(Found {
                    kind: QuoteKind::Partial,
                    content: (seg.open, seg.close),
                    cue: a.cue,
                    speaker: a.speaker,
                    speaker_span: None,
                    rule: "partial",
                });
            }
            k += 1;
            continue;
        }
        // Split quotes: "A," he said. "B." joins A and B when only the attribution lies
        // between them in the paragraph; adjacent quotes with nothing between join too.
        let mut close = seg.close;
        let mut k2 = k;
        let mut parts = vec![(seg.open, seg.close)];
        while k2 + 1 < segs.len() {
            let next = segs[k2 + 1];
            if para_break(doc, close, next.open) || !full {
                break;
            }
            let gap = close + 1..next.open;
            let empty = gap.clone().all(|j| c.is_punct(j));
            // The attribution's cue, and no other speech verb, lies between them.
            let cue_between = attr.and_then(|a| a.cue).is_some_and(|v| {
                v.0 > close
                    && v.0 < next.open
                    && gap.clone().all(|j| j <= v.0 || c.speech(j).is_none())
            });
            let next_capital = (next.open + 1..=next.close)
                .map(|j| c.text(j))
                .find(|t| t.chars().next().is_some_and(char::is_alphanumeric))
                .is_some_and(|t| !t.starts_with(char::is_lowercase));
            let next_starts = c.doc.sent_of(next.open) != c.doc.sent_of(close)
                || (close + 1..next.open).any(|j| matches!(c.text(j), "." | "?" | "!"));
            // "…” to drive up the stock price": the next quote is a fragment of prose.
            let embedded = c.doc.len() > next.close + 1 && {
                let t = c.text(next.close + 1);
                t.starts_with(char::is_lowercase)
                    && c.speech(next.close + 1).is_none()
                    && c.upos(next.close + 1) != Upos::Pron
            };
            // "“A,” he said. “B,” he added.": the next quote has its own attribution.
            let own_cue = next_starts && after(&c, next.close, hi).is_some_and(|a| a.cue.is_some());
            let same_sentence = cue_between && !next_starts && gap.len() <= 12;
            let joined = if next_capital {
                empty || cue_between && next_starts && gap.len() <= 40
            } else {
                same_sentence
            };
            if joined && !embedded && !own_cue {
                close = next.close;
                parts.push((next.open, next.close));
                k2 += 1;
            } else {
                break;
            }
        }
        // "Kerry warned Moscow on Saturday.\n\n“If the bombing goes on …”": with no speaker
        // of its own, the quote's is the one reporting in the sentence before.
        let attr = match attr {
            Some(a) if a.speaker.is_none() => Some(Attribution {
                speaker: prev_reporter(&c, seg.open).map(|(_, sp)| sp),
                ..a
            }),
            None if n >= 8 && last_speaker.is_none_or(|(_, end, _)| end + 1 < s_lo) => {
                prev_reporter(&c, seg.open).map(|(v, sp)| Attribution {
                    cue: Some((v, v)),
                    speaker: Some(sp),
                })
            }
            other => other,
        };
        match attr {
            Some(a) => {
                let rule = match a.cue {
                    Some(v) if v.0 < s_lo => "quote-prev-sentence",
                    Some(v) if v.0 > seg.close => "quote-cue-after",
                    Some(_) => "quote-cue-before",
                    None => "quote-speaker-only",
                };
                if let Some(v) = a.cue {
                    used_cue[v.0] = true;
                }
                if let Some(sp) = a.speaker {
                    last_speaker = Some((c.span(sp.0, sp.1), close, a.cue));
                }
                // One record per quoted stretch; the shared cue ties them together.
                for &content in &parts {
                    found.push(Found {
                        kind: QuoteKind::Direct,
                        content,
                        cue: a.cue,
                        speaker: a.speaker,
                        speaker_span: None,
                        rule,
                    });
                }
            }
            None => {
                // A bare quote continues the last speaker's words when it follows them
                // closely (the same or the next paragraph).
                let inherited = last_speaker.filter(|&(_, end, _)| {
                    let breaks = (end + 1..=seg.open)
                        .filter(|&j| para_break(doc, j - 1, j))
                        .count();
                    breaks <= 1
                });
                if inherited.is_some() || n >= 8 {
                    // A continuation is the same attribution: it keeps the cue.
                    let cue = inherited.and_then(|(_, _, v)| v);
                    for &content in &parts {
                        found.push(Found {
                            kind: QuoteKind::Direct,
                            content,
                            cue,
                            speaker: None,
                            speaker_span: inherited.map(|(s, _, _)| s),
                            rule: if inherited.is_some() {
                                "quote-continued"
                            } else {
                                "quote-unattributed"
                            },
                        });
                    }
                    if let Some((s, _, _)) = inherited {
                        last_speaker = Some((s, close, cue));
                    }
                }
            }
        }
        k = k2 + 1;
    }
    headline(&c, &mut found);
    indirect(&c, &mut found, &used_cue);
    let mut out: Vec<Quote> = found
        .into_iter()
        .map(|f| {
            let speaker_mention = f.speaker.map(|(a, b)| c.span(a, b)).or(f.speaker_span);
            Quote {
                sent: doc.sent_of(f.content.0).unwrap_or(0) as u32,
                kind: f.kind,
                content: c.span(f.content.0, f.content.1),
                cue: f.cue.map(|(a, b)| c.span(a, b)),
                speaker_mention,
                speaker: speaker_mention.and_then(|s| resolve_speaker(doc, s)),
                rule: f.rule.to_string(),
            }
        })
        .collect();
    out.sort_by_key(|q| (q.content.start, q.content.end));
    follow_speakers(doc, &mut out);
    out
}

/// "…," he said: a pronoun speaker is the speaker of the quote just before (within two
/// paragraphs) when there is one, since news keeps one speaker across quote runs; only
/// otherwise does the actor layer's antecedent stand.
fn follow_speakers(doc: &Doc, quotes: &mut [Quote]) {
    let mut prev: Option<(ActorRef, u32)> = None;
    let mut outer: Option<ByteSpan> = None;
    for q in quotes.iter_mut() {
        let pronoun = q
            .speaker_mention
            .is_some_and(|s| is_pronoun(doc.span_text(s)));
        if pronoun {
            if let Some((actor, end)) = &prev {
                let start = (*end as usize).min(q.content.start as usize);
                let gap = &doc.text()[start..q.content.start as usize];
                if gap.matches("\n\n").count() <= 2 {
                    q.speaker = Some(actor.clone());
                }
            }
        }
        // A report nested in the last one ("… said that Moscow still wants …") does not
        // change who is speaking.
        let nested =
            outer.is_some_and(|o: ByteSpan| q.content.start >= o.start && q.content.end <= o.end);
        if let (Some(a), false) = (&q.speaker, nested) {
            prev = Some((a.clone(), q.content.end.max(q.cue.map_or(0, |c| c.end))));
            outer = Some(q.content);
        }
    }
}

/// A headline that names its speaker before a colon ("Graham: Trump's Rhetoric Is
/// Destroying GOP's Chance", "Trump: ‘I'm the Worst Thing …’"): the first paragraph,
/// a short name or noun phrase, a colon, then at least three words.
fn headline(c: &Cx, found: &mut Vec<Found>) {
    let doc = c.doc;
    let end = (1..doc.len())
        .find(|&j| para_break(doc, j - 1, j))
        .unwrap_or(doc.len());
    if end > 40 {
        return;
    }
    let Some(colon) = (1..end.min(7)).find(|&j| c.text(j) == ":") else {
        return;
    };
    let named = (0..colon).all(|j| np_token(c, j) && c.inside[j].is_none())
        && (0..colon).any(|j| matches!(c.upos(j), Upos::Propn | Upos::Noun))
        // "WATCH:", "UPDATE:" label the story, they name no speaker.
        && !(colon == 1 && c.text(0).chars().all(|ch| !ch.is_lowercase()));
    let mut last = end - 1;
    while last > colon && c.is_punct(last) && c.inside[last].is_none() {
        last -= 1;
    }
    if !named || last <= colon || words(c, colon + 1, last) < 3 {
        return;
    }
    let content = (colon + 1, end - 1);
    if found
        .iter()
        .any(|f| f.content.0 <= content.1 && content.0 <= f.content.1)
    {
        return;
    }
    // Direct when one quote spans it all; a quote inside a paraphrase is not.
    let direct = c.inside[colon + 1].is_some() && c.inside[colon + 1] == c.inside[end - 1];
    found.push(Found {
        kind: if direct {
            QuoteKind::Direct
        } else {
            QuoteKind::Indirect
        },
        content: if direct { content } else { (colon + 1, last) },
        cue: Some((colon, colon)),
        speaker: Some((0, colon - 1)),
        speaker_span: None,
        rule: "headline-colon",
    });
}

/// The speech verb and its subject in a sentence, for partial quotes.
fn sentence_cue(c: &Cx, lo: usize, hi: usize, before_tok: usize) -> Option<Attribution> {
    let v = (lo..before_tok.min(hi))
        .rev()
        .find(|&j| c.inside[j].is_none() && c.speech(j).is_some())?;
    let mut s = v;
    while s > lo && skippable(c, s - 1) {
        s -= 1;
    }
    let speaker = if s > lo { np_left(c, lo, s - 1) } else { None };
    Some(Attribution {
        cue: Some((v, v)),
        speaker,
    })
}

/// Reported speech outside quotation marks: "X said (that) …", "…, X said",
/// "according to X, …", "X accused Y of …".
fn indirect(c: &Cx, found: &mut Vec<Found>, used_cue: &[bool]) {
    let doc = c.doc;
    for sent in &doc.sents {
        let (lo, hi) = (sent.start as usize, sent.end as usize);
        if hi <= lo {
            continue;
        }
        // Sentence content ends before final punctuation.
        let mut last = hi - 1;
        while last > lo && c.is_punct(last) && c.inside[last].is_none() {
            last -= 1;
        }
        // The speaker of the sentence's last "X said that …".
        let mut subject: Option<(usize, usize)> = None;
        for (v, &used) in used_cue.iter().enumerate().take(hi).skip(lo) {
            if used || c.inside[v].is_some() {
                continue;
            }
            if c.low[v] == "according" && v + 1 < hi && c.low[v + 1] == "to" {
                // Sentence-initially the source runs to the comma ("According to early
                // results of the exit poll conducted by …, Clinton led …").
                let to_comma = (v == lo)
                    .then(|| (v + 2..hi.min(v + 32)).find(|&j| c.text(j) == ","))
                    .flatten()
                    .filter(|&j| j > v + 2 && (v + 2..j).all(|k| c.inside[k].is_none()));
                let Some(sp) = to_comma
                    .map(|j| (v + 2, j - 1))
                    .or_else(|| np_right(c, v + 2, hi))
                else {
                    continue;
                };
                let content = if v == lo {
                    let s = (sp.1 + 1..=last).find(|&j| !c.is_punct(j));
                    s.map(|s| (s, last))
                } else {
                    let mut e = v - 1;
                    while e > lo && c.is_punct(e) {
                        e -= 1;
                    }
                    Some((lo, e))
                };
                if let Some(ct) = content.filter(|ct| ct.0 <= ct.1) {
                    push_indirect(found, ct, (v, v + 1), Some(sp), "according-to");
                }
                continue;
            }
            let speech = c.speech(v).filter(|l| !COGNITION.contains(l));
            let Some(lemma) = speech.or_else(|| c.cognition(v)) else {
                continue;
            };
            if DIRECT_ONLY.contains(&lemma) || MANNER.contains(&lemma) {
                continue;
            }
            let cognition = speech.is_none();
            // Not an infinitive or participle modifier ("to say", "saying"), except a
            // participle clause after a comma ("…, saying the city is a front"), which
            // reports the speech of the sentence's subject.
            let participle = c.low[v].ends_with("ing");
            let comma_participle = participle && v > lo + 1 && c.text(v - 1) == ",";
            if v > lo && c.low[v - 1] == "to" || participle && !comma_participle {
                continue;
            }
            if comma_participle {
                let Some(sp) = sentence_subject(c, lo, v - 1) else {
                    continue;
                };
                let mut a = v + 1;
                while a <= last && (c.is_punct(a) || c.low[a] == "that") {
                    a += 1;
                }
                let e = (a..=last)
                    .find(|&j| c.inside[j].is_some() && covered(found, j))
                    .map_or(last, |j| j.saturating_sub(1));
                let e = clause_end(c, a, e);
                if e >= a && words(c, a, e) >= 3 {
                    push_indirect(found, (a, e), (v, v), Some(sp), "comma-saying");
                }
                continue;
            }
            let mut s = v;
            while s > lo && skippable(c, s - 1) {
                s -= 1;
            }
            let mut subj = if s > lo { np_left(c, lo, s - 1) } else { None };
            // "Marley Anderson, 21, a junior from Las Vegas, said …": the name that opens
            // the sentence, before its apposition.
            if subj.is_none() && s > lo + 2 && c.text(s - 1) == "," {
                subj = (lo + 1..s - 1)
                    .find(|&j| c.text(j) == ",")
                    .filter(|&comma| {
                        (lo..comma).all(|j| np_token(c, j))
                            && (comma..s - 1)
                                .all(|j| c.inside[j].is_none() && c.speech(j).is_none())
                    })
                    .and_then(|comma| np_right(c, lo, comma));
            }
            // "He said A and said B": the second report shares the first one's subject.
            if s > lo && matches!(c.low[s - 1].as_str(), "and" | "but") {
                subj = subject.or(subj);
            }
            // "Russia was criticised by …": a passive names no speaker as subject.
            if (s..v).any(|j| c.doc.token(j).lemma() == "be" || c.low[j] == "been") {
                continue;
            }
            // "an internationally agreed proposal": a participle used as an adjective.
            if s > lo && c.upos(s - 1) == Upos::Det {
                continue;
            }
            // A relative pronoun stands for the phrase before it ("Valls, who told …");
            // "which" never names a speaker ("the war, which has claimed …").
            if let Some((a, b)) = subj.filter(|&(a, b)| a == b) {
                match c.low[a].as_str() {
                    "which" | "that" => continue,
                    "who" if a > lo + 1 && c.text(a - 1) == "," => {
                        subj = np_left(c, lo, a - 2).or(Some((a, b)));
                    }
                    _ => {}
                }
            }
            // "…, X said." / "…, said X." : content before the comma. Only a name,
            // adverbs or a time may follow the verb; "said it was …" opens a clause.
            let tail_cue = |from: usize| {
                (from..=last).all(|j| {
                    np_token(c, j) || c.is_punct(j) || c.upos(j) == Upos::Adv || in_time(c.doc, j)
                }) && !(from..=last).any(|j| c.upos(j) == Upos::Pron)
            };
            if let Some(sp) =
                subj.filter(|sp| sp.0 > lo && c.text(sp.0 - 1) == "," && tail_cue(v + 1))
            {
                let mut e = sp.0 - 1;
                while e > lo && c.is_punct(e) {
                    e -= 1;
                }
                if e > lo {
                    push_indirect(found, (lo, e), (v, v), Some(sp), "clause-x-said");
                }
                continue;
            }
            if v > lo && c.text(v - 1) == "," && tail_cue(v + 1) {
                if let Some(sp) = np_right(c, v + 1, hi) {
                    let mut e = v - 1;
                    while e > lo && c.is_punct(e) {
                        e -= 1;
                    }
                    if e > lo {
                        push_indirect(found, (lo, e), (v, v), Some(sp), "clause-said-x");
                    }
                    continue;
                }
            }
            // "X said (that) …": content after the verb, past a spoken-to object.
            let Some(sp) = subj else { continue };
            let mut a = v + 1;
            if lemma == "tell" || lemma == "ask" {
                // "told the Post and Courier of Charleston on Saturday that …": the report
                // starts at "that" when no verb comes first; else past the object
                // ("told reporters he …").
                let that = (a..=last.min(a + 15))
                    .take_while(|&j| !matches!(c.upos(j), Upos::Verb | Upos::Aux))
                    .find(|&j| c.low[j] == "that" && c.inside[j].is_none());
                if let Some(t) = that {
                    a = t;
                } else if let Some(obj) = np_right(c, a, hi) {
                    a = obj.1 + 1;
                }
            }
            // Skip a time phrase or punctuation right after the verb ("said on Tuesday").
            while a <= last && (c.is_punct(a) || in_time(doc, a)) {
                a += 1;
            }
            if a > last || words(c, a, last) < 3 {
                continue;
            }
            // Content never reaches into a quote that has its own record.
            let e = (a..=last)
                .find(|&j| c.inside[j].is_some() && covered(found, j))
                .map_or(last, |j| j.saturating_sub(1));
            let e = clause_end(c, a, e);
            if cognition && !reports_clause(c, lemma, a, e) {
                continue;
            }
            if e >= a && words(c, a, e) >= 3 {
                push_indirect(found, (a, e), (v, v), Some(sp), "x-said-that");
                subject = Some(sp);
            }
        }
    }
}

/// True when tokens `[a, e]` after a [`COGNITION`] verb `lemma` are a clause it reports:
/// "that …", "if …", an infinitive for verbs of intent, or a subject with its verb
/// ("economists believe this provides …").
fn reports_clause(c: &Cx, lemma: &str, a: usize, e: usize) -> bool {
    if a > e {
        return false;
    }
    match c.low[a].as_str() {
        "that" | "if" | "whether" => return true,
        "to" => return INTENT.contains(&lemma),
        _ => {}
    }
    // A short subject, then a finite verb or an auxiliary.
    let subject_end = (a..=e.min(a + 6)).find(|&j| !np_token(c, j) || c.text(j) == ",");
    subject_end.is_some_and(|j| {
        j > a
            && matches!(c.upos(j), Upos::Verb | Upos::Aux)
            && !c.low[j].ends_with("ing")
            && c.upos(a) != Upos::Adp
    })
}

/// Where reported content that starts at `a` ends, at most `last`: before a coordinated
/// report by the same speaker ("… and said that …", "… but did not say …"), a participle
/// adjunct of the reporting clause ("…, adding that …", "…, referring to …"), or a
/// coordinated clause that reports someone else's words ("…, and half said …").
fn clause_end(c: &Cx, a: usize, last: usize) -> usize {
    // The next speech verb, past adverbs and auxiliaries ("also", "did not").
    let verb_after = |j: usize| {
        let mut k = j;
        while k <= last && (skippable(c, k) || matches!(c.low[k].as_str(), "not" | "n't")) {
            k += 1;
        }
        k <= last && c.inside[k].is_none() && c.speech(k).is_some()
    };
    let mut j = a + 1;
    while j <= last {
        if c.inside[j].is_some() {
            j += 1;
            continue;
        }
        let w = c.low[j].as_str();
        let cut = match w {
            "and" | "but" => verb_after(j + 1),
            "," if j < last => {
                let n = c.low[j + 1].as_str();
                let participle = n.ends_with("ing")
                    && n != "including"
                    && matches!(c.upos(j + 1), Upos::Verb | Upos::X);
                let clause = matches!(n, "and" | "but")
                    && (j + 2..=last.min(j + 8))
                        .take_while(|&k| c.text(k) != ",")
                        .any(|k| c.inside[k].is_none() && c.speech(k).is_some());
                // "…, while about 4 in 10 want …", "…, compared with 64 percent who …"
                let contrast =
                    matches!(n, "while" | "whereas" | "though" | "although" | "compared");
                participle || clause || contrast
            }
            _ => false,
        };
        if cut {
            let mut e = j - 1;
            while e > a && c.is_punct(e) && c.inside[e].is_none() {
                e -= 1;
            }
            return e;
        }
        j += 1;
    }
    last
}

/// The subject a participle clause after a comma hangs on: the sentence's first name or
/// subject pronoun before `end` ("The Russians launched strikes, saying …").
fn sentence_subject(c: &Cx, lo: usize, end: usize) -> Option<(usize, usize)> {
    let first = (lo..end).find(|&j| {
        c.inside[j].is_none()
            && (c.upos(j) == Upos::Propn
                || is_subject_pronoun(&c.low[j])
                || (c.upos(j) == Upos::Noun && j > lo && c.upos(j - 1) == Upos::Det))
    })?;
    let first = if c.upos(first) == Upos::Noun && first > lo {
        first - 1
    } else {
        first
    };
    np_right(c, first, end)
}

fn covered(found: &[Found], j: usize) -> bool {
    found
        .iter()
        .any(|f| f.kind == QuoteKind::Direct && f.content.0 <= j && j <= f.content.1)
}

fn in_time(doc: &Doc, i: usize) -> bool {
    let s = doc.token(i).span();
    doc.times.iter().any(|t| t.span.overlaps(s))
        || matches!(
            doc.token(i).text(),
            "on" | "Monday"
                | "Tuesday"
                | "Wednesday"
                | "Thursday"
                | "Friday"
                | "Saturday"
                | "Sunday"
        )
}

fn push_indirect(
    found: &mut Vec<Found>,
    content: (usize, usize),
    cue: (usize, usize),
    speaker: Option<(usize, usize)>,
    rule: &'static str,
) {
    // Reported speech never re-reports a direct quote.
    if (content.0..=content.1).any(|j| covered(found, j)) {
        return;
    }
    found.push(Found {
        kind: QuoteKind::Indirect,
        content,
        cue: Some(cue),
        speaker,
        speaker_span: None,
        rule,
    });
}

/// The actor a speaker mention names: an actor mention overlapping it (the longest), else
/// the nearest person entity at or before it.
fn resolve_speaker(doc: &Doc, span: ByteSpan) -> Option<ActorRef> {
    if let Some(m) = doc
        .mentions
        .iter()
        .filter(|m| m.actor.span.overlaps(span))
        .max_by_key(|m| m.actor.span.len())
    {
        return Some(m.actor.clone());
    }
    let ent_span = |e: &sitrep_doc::Ent| doc.range_span(e.tokens);
    let person = doc
        .ents
        .iter()
        .filter(|e| e.label == EntLabel::Per && ent_span(e).start <= span.end)
        .filter(|e| {
            // Inside the mention, or (for a pronoun) the latest before it.
            let es = ent_span(e);
            es.overlaps(span) || is_pronoun(doc.span_text(span))
        })
        .max_by_key(|e| ent_span(e).start)?;
    let es = ent_span(person);
    Some(ActorRef {
        code: String::new(),
        iso3: None,
        sector: None,
        name: Some(doc.span_text(es).to_string()),
        span: es,
    })
}

fn is_subject_pronoun(t: &str) -> bool {
    matches!(t, "he" | "she" | "they" | "i" | "we" | "it" | "you")
}

fn is_pronoun(t: &str) -> bool {
    matches!(
        t.to_lowercase().as_str(),
        "he" | "she" | "they" | "i" | "we"
    )
}
