//! Claims against denials: assertions (accusations, claims, casualty and quantity
//! figures) linked to the statements that reject, deny or contest them, within a story
//! and across outlets.
//!
//! Statements come from three places, one per sentence and stance. Events with CAMEO
//! root 11 (disapprove, accuse) are claims; root 12 (reject) and code 016 (deny
//! responsibility) are denials. Quotes are denials when their sentence carries a denial
//! cue ("denied", "unfounded", "rumours", "fakes", ...), and claims when they carry a
//! figure or an accusation cue; a quote its finder left unattributed is given to its
//! sentence's subject ("Sylvania swiftly dismissed the charges, calling them ..."). And a
//! sentence with neither that names two sides and a denial or reporting cue is a reported
//! denial or claim ("A Freedonian rights group's report documented Sylvanian shelling"). A headline statement repeated by the body is dropped.
//!
//! A denial answers a claim of another side within two weeks when the claim is about the
//! denier's side or the two share three topic terms; each claim keeps its two best
//! answers and each denial answers at most three claims. A figure is
//! contested by the nearest figure of another side a few sentences away, or sharing two
//! topic terms within two weeks: "36 civilians killed" against "eight Islamic State
//! targets". The input is one story's articles, which is what makes these tests safe.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use sitrep_doc::{ActorRef, ByteSpan, Doc};

use crate::dating::{DateHow, DocDates};
use crate::merge::side;
use crate::text::{content_terms, sentences, words};

const DENIAL_CUES: &[&str] = &[
    "deni",
    "deny",
    "reject",
    "unfound",
    "baseless",
    "groundless",
    "rumour",
    "rumor",
    "fake",
    "false",
    "lie",
    "cliché",
    "clich",
    "nonsens",
    "refut",
    "dismiss",
    "propaganda",
    "fabric",
    "untru",
    "absurd",
    "disinform",
];
const CLAIM_CUES: &[&str] = &[
    "accus", "alleg", "claim", "blame", "report", "kill", "hit", "struck", "strike", "bomb",
    "violat", "use", "target",
];
/// Units that count outcome (who or what was hit); [`EFFORT_UNITS`] are the other kind.
const OUTCOME_UNITS: &[&str] = &[
    "civilian",
    "civilians",
    "people",
    "person",
    "persons",
    "children",
    "women",
    "soldiers",
    "fighters",
    "militants",
    "rebels",
    "dead",
    "killed",
    "wounded",
    "injured",
    "casualties",
    "targets",
    "refugees",
    "hospitals",
    "schools",
];
/// Units that count effort (what one side did) rather than outcome (who or what was
/// hit). Figures contest each other only within one kind: "20 sorties" is no answer to
/// "36 civilians killed", "eight targets" is.
const EFFORT_UNITS: &[&str] = &[
    "strikes",
    "airstrikes",
    "raids",
    "sorties",
    "bombs",
    "munitions",
    "missiles",
];
const NUMBER_WORDS: &[(&str, u64)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("dozens", 24),
    ("hundreds", 200),
    ("thousands", 2000),
];

/// Whether a statement asserts or rejects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stance {
    /// An accusation, a claim or a figure.
    Claim,
    /// A rejection, a denial or a dismissal.
    Denial,
}

/// A claim or a denial with its provenance.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// Claim or denial.
    pub stance: Stance,
    /// Article id.
    pub article: String,
    /// Publishing outlet.
    pub outlet: Option<String>,
    /// When it was made: its sentence's time expression, else its page's date.
    pub date: Option<NaiveDate>,
    /// How that date was found.
    pub date_how: DateHow,
    /// Sentence index.
    pub sent: u32,
    /// Who made it, when known.
    pub speaker: Option<ActorRef>,
    /// The side it targets (an event's target), when known.
    pub target_side: Option<String>,
    /// The statement's bytes in the article (quote content or event sentence).
    pub span: ByteSpan,
    /// Its text.
    pub text: String,
    /// `quote`, `quote+subject` (the speaker is the sentence's subject), `event:<cameo>`
    /// or `report` (a claim reported in running text).
    pub via: String,
    terms: Vec<String>,
}

impl Statement {
    /// The speaker's side: country, else actor code.
    pub fn side(&self) -> Option<String> {
        self.speaker.as_ref().map(side)
    }
}

/// A casualty or quantity figure with its claimant.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// The number (number words resolved; "dozens" counts as 24).
    pub value: u64,
    /// The counted noun or outcome, e.g. `civilians`, `targets`.
    pub unit: String,
    /// The figure as written, e.g. `36 civilians`.
    pub text: String,
    /// Who gave it: the quote's speaker, else the sentence's event source.
    pub claimant: Option<ActorRef>,
    /// Article id.
    pub article: String,
    /// Publishing outlet.
    pub outlet: Option<String>,
    /// When it was given (as for [`Statement::date`]).
    pub date: Option<NaiveDate>,
    /// Sentence index.
    pub sent: u32,
    /// The figure's bytes in the article.
    pub span: ByteSpan,
    terms: Vec<String>,
}

/// How a link was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// A denial answers a claim.
    Denies,
    /// A figure of one side contests a figure of another.
    Contests,
}

/// A claim set beside the statement that rejects or contests it.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimLink {
    /// Denial or contest.
    pub kind: LinkKind,
    /// Index into [`ClaimReport::statements`] (Denies) or [`ClaimReport::figures`] (Contests).
    pub claim: usize,
    /// Index of the answering statement or figure, same table as `claim`.
    pub answer: usize,
    /// Content terms the two share.
    pub shared_terms: usize,
    /// The answer comes from another outlet than the claim.
    pub cross_outlet: bool,
}

/// Statements, figures and the links between them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClaimReport {
    /// Claims and denials in article then sentence order.
    pub statements: Vec<Statement>,
    /// Figures in article then sentence order.
    pub figures: Vec<Figure>,
    /// Links, claims in order.
    pub links: Vec<ClaimLink>,
}

fn has_cue(terms: &[String], cues: &[&str]) -> bool {
    terms.iter().any(|t| cues.iter().any(|c| t.starts_with(c)))
}

fn topic_terms(text: &str) -> Vec<String> {
    let mut t: Vec<String> = content_terms(text).into_iter().map(|x| x.0).collect();
    t.retain(|x| !has_cue(std::slice::from_ref(x), DENIAL_CUES));
    t.sort();
    t.dedup();
    t
}

fn shared(a: &[String], b: &[String]) -> usize {
    a.iter().filter(|t| b.binary_search(t).is_ok()).count()
}

/// The byte span of sentence `sent`: from the `Sents` layer when present, else the
/// plain splitter.
pub(crate) fn sentence_span(doc: &Doc, sent: u32) -> Option<ByteSpan> {
    if let Some(&r) = doc.sents.get(sent as usize) {
        if r.end as usize <= doc.len() {
            return Some(doc.range_span(r));
        }
    }
    if !doc.sents.is_empty() {
        return None;
    }
    sentences(doc.text())
        .get(sent as usize)
        .map(|&(s, e)| ByteSpan::new(s, e))
}

fn figures_in(text: &str, offset: usize) -> Vec<(u64, String, ByteSpan)> {
    let ws = words(text);
    let mut out = Vec::new();
    for (k, w) in ws.iter().enumerate() {
        let lower = w.text.to_lowercase();
        let value = lower
            .replace(',', "")
            .parse::<u64>()
            .ok()
            .or_else(|| NUMBER_WORDS.iter().find(|(n, _)| *n == lower).map(|x| x.1));
        let Some(value) = value else { continue };
        // The counted noun within the next four words ("36 civilians", "eight Islamic State targets").
        if let Some(u) = ws[k + 1..].iter().take(4).find(|u| {
            let unit = u.text.to_lowercase();
            OUTCOME_UNITS.contains(&unit.as_str()) || EFFORT_UNITS.contains(&unit.as_str())
        }) {
            let end = u.start + u.text.len();
            out.push((
                value,
                u.text.to_lowercase(),
                ByteSpan::new(offset + w.start, offset + end),
            ));
        }
    }
    out
}

/// The actor who says a quote its finder left unattributed: the source of an event of
/// its sentence acting before the quote ("The ministry condemned what it termed ..."),
/// else the sentence's first actor before it ("Sylvania swiftly dismissed the charges,
/// calling them ..."). Generic agents (`---` codes) do not count.
fn sentence_speaker(doc: &Doc, q: &sitrep_doc::Quote) -> Option<ActorRef> {
    let named = |a: &ActorRef| !a.code.starts_with("---");
    doc.events
        .iter()
        .filter(|e| e.sent == q.sent && e.action.end <= q.content.start && named(&e.source))
        .min_by_key(|e| e.action.start)
        .map(|e| e.source.clone())
        .or_else(|| {
            doc.mentions
                .iter()
                .filter(|m| {
                    m.sent == q.sent && m.actor.span.end <= q.content.start && named(&m.actor)
                })
                .min_by_key(|m| m.actor.span.start)
                .map(|m| m.actor.clone())
        })
}

/// Words that report a claim made without quotation marks or a coded accusation ("a
/// study released on Monday documented ...").
const REPORT_CUES: &[&str] = &["report", "evid", "accus", "alleg", "cite", "document"];

/// Finds statements, figures and their links across a story's articles, dated by
/// `dates` (aligned with `docs`).
pub fn claims_and_denials(docs: &[&Doc], dates: &[DocDates]) -> ClaimReport {
    let mut report = ClaimReport::default();
    for (doc, dd) in docs.iter().zip(dates) {
        let text = doc.text();
        let mut mine: Vec<Statement> = Vec::new();
        let statement =
            |stance, sent, speaker: Option<ActorRef>, target_side, span, via: String| {
                let (date, date_how) = dd.in_sentence(doc, sent);
                let body = doc.span_text(span);
                Statement {
                    stance,
                    article: doc.meta.id.clone(),
                    outlet: doc.meta.outlet.clone(),
                    date,
                    date_how,
                    sent,
                    speaker,
                    target_side,
                    span,
                    text: body.to_string(),
                    via,
                    terms: topic_terms(body),
                }
            };
        for q in &doc.quotes {
            let content = doc.span_text(q.content);
            let sentence = sentence_span(doc, q.sent).map_or(content, |s| doc.span_text(s));
            let cue_terms: Vec<String> = content_terms(sentence).into_iter().map(|t| t.0).collect();
            let (speaker, via) = match &q.speaker {
                Some(s) => (Some(s.clone()), "quote"),
                None => (sentence_speaker(doc, q), "quote+subject"),
            };
            let figs = figures_in(content, q.content.start as usize);
            let stance = if has_cue(&cue_terms, DENIAL_CUES) {
                Some(Stance::Denial)
            } else if !figs.is_empty() || has_cue(&cue_terms, CLAIM_CUES) {
                Some(Stance::Claim)
            } else {
                None
            };
            for (value, unit, span) in figs {
                // Nested quotes (a partial quote inside a reported clause) share figures.
                if report
                    .figures
                    .iter()
                    .any(|f| f.article == doc.meta.id && f.span == span)
                {
                    continue;
                }
                report.figures.push(Figure {
                    value,
                    unit,
                    text: text[span.start as usize..span.end as usize].to_string(),
                    claimant: speaker.clone(),
                    article: doc.meta.id.clone(),
                    outlet: doc.meta.outlet.clone(),
                    date: dd.in_sentence(doc, q.sent).0,
                    sent: q.sent,
                    span,
                    terms: topic_terms(sentence),
                });
            }
            if let Some(stance) = stance {
                let target = quoted_side(doc, q, speaker.as_ref());
                mine.push(statement(
                    stance,
                    q.sent,
                    speaker,
                    target,
                    q.content,
                    via.into(),
                ));
            }
        }
        for e in &doc.events {
            let stance = if e.cameo.starts_with("11") {
                Stance::Claim
            } else if e.cameo.starts_with("12") || e.cameo == "016" {
                Stance::Denial
            } else {
                continue;
            };
            let Some(span) = sentence_span(doc, e.sent) else {
                continue;
            };
            mine.push(statement(
                stance,
                e.sent,
                Some(e.source.clone()),
                e.target.as_ref().map(side),
                span,
                format!("event:{}", e.cameo),
            ));
            // Figures in an event sentence no quote covers belong to the event's source.
            if !doc.quotes.iter().any(|q| q.sent == e.sent) {
                for (value, unit, fspan) in figures_in(doc.span_text(span), span.start as usize) {
                    if report
                        .figures
                        .iter()
                        .any(|f| f.article == doc.meta.id && f.span == fspan)
                    {
                        continue;
                    }
                    report.figures.push(Figure {
                        value,
                        unit,
                        text: text[fspan.start as usize..fspan.end as usize].to_string(),
                        claimant: Some(e.source.clone()),
                        article: doc.meta.id.clone(),
                        outlet: doc.meta.outlet.clone(),
                        date: dd.in_sentence(doc, e.sent).0,
                        sent: e.sent,
                        span: fspan,
                        terms: topic_terms(doc.span_text(span)),
                    });
                }
            }
        }
        mine.extend(reported_claims(doc, dd, &mine, &statement));
        report.statements.extend(dedup_statements(doc, mine));
    }
    report
        .statements
        .sort_by(|a, b| (&a.article, a.sent, a.span).cmp(&(&b.article, b.sent, b.span)));
    report
        .figures
        .sort_by(|a, b| (&a.article, a.sent, a.span).cmp(&(&b.article, b.sent, b.span)));
    link(&mut report);
    report
}

/// Claims and denials reported in running text: a sentence with no statement yet whose
/// first actor is of one side, that names another side, and that carries a denial cue
/// ("the minister dismissed accusations by the Freedonian opposition") or a reporting
/// cue ("A Freedonian rights group's report documented Sylvanian shelling").
fn reported_claims<F>(doc: &Doc, _dd: &DocDates, have: &[Statement], make: &F) -> Vec<Statement>
where
    F: Fn(Stance, u32, Option<ActorRef>, Option<String>, ByteSpan, String) -> Statement,
{
    let mut out = Vec::new();
    let n_sents = if doc.sents.is_empty() {
        sentences(doc.text()).len()
    } else {
        doc.sents.len()
    };
    for sent in 0..n_sents as u32 {
        if have.iter().any(|s| s.sent == sent) || doc.quotes.iter().any(|q| q.sent == sent) {
            continue;
        }
        let Some(span) = sentence_span(doc, sent) else {
            continue;
        };
        if doc.title_span.is_some_and(|t| t.overlaps(span)) {
            continue;
        }
        let mut ms: Vec<&ActorRef> = doc
            .mentions
            .iter()
            .filter(|m| m.sent == sent && !m.actor.code.starts_with("---"))
            .map(|m| &m.actor)
            .collect();
        ms.sort_by_key(|a| a.span.start);
        let Some(first) = ms.first() else { continue };
        let own = side(first);
        let Some(other) = ms.iter().map(|a| side(a)).find(|s| *s != own) else {
            continue;
        };
        let terms: Vec<String> = content_terms(doc.span_text(span))
            .into_iter()
            .map(|t| t.0)
            .collect();
        let stance = if has_cue(&terms, DENIAL_CUES) {
            Stance::Denial
        } else if has_cue(&terms, REPORT_CUES) {
            Stance::Claim
        } else {
            continue;
        };
        {
            out.push(make(
                stance,
                sent,
                Some((*first).clone()),
                Some(other),
                span,
                "report".into(),
            ));
        }
    }
    out
}

/// One statement per sentence and stance (a quote and an event of one sentence are one
/// statement: the quote's words, the event's target when the quote names none), and no
/// headline statement when the body has one of the same stance and side: the headline
/// paraphrases the body.
fn dedup_statements(doc: &Doc, mut v: Vec<Statement>) -> Vec<Statement> {
    v.sort_by(|a, b| {
        (a.sent, a.stance == Stance::Denial, a.span).cmp(&(
            b.sent,
            b.stance == Stance::Denial,
            b.span,
        ))
    });
    let mut out: Vec<Statement> = Vec::new();
    for s in v {
        match out
            .iter_mut()
            .find(|o| o.sent == s.sent && o.stance == s.stance)
        {
            Some(o) => {
                if o.target_side.is_none() {
                    o.target_side = s.target_side.clone();
                }
                if o.speaker.is_none() {
                    o.speaker = s.speaker.clone();
                }
                // The quote's words say it best; an event's whole sentence is the fallback.
                if o.via.starts_with("event") && s.via.starts_with("quote") {
                    let (speaker, target) = (o.speaker.clone(), o.target_side.clone());
                    *o = Statement {
                        speaker: s.speaker.clone().or(speaker),
                        target_side: s.target_side.clone().or(target),
                        ..s
                    };
                }
            }
            None => out.push(s),
        }
    }
    let in_title = |s: &Statement| doc.title_span.is_some_and(|t| t.overlaps(s.span));
    let repeated: Vec<bool> = out
        .iter()
        .map(|s| {
            in_title(s)
                && out
                    .iter()
                    .any(|o| !in_title(o) && o.stance == s.stance && o.side() == s.side())
        })
        .collect();
    out.into_iter()
        .zip(repeated)
        .filter(|(_, r)| !r)
        .map(|(s, _)| s)
        .collect()
}

/// The first actor of another side than the speaker's named inside a quote's content:
/// whom the quote is about ("Russian strikes hit ...").
fn quoted_side(doc: &Doc, q: &sitrep_doc::Quote, speaker: Option<&ActorRef>) -> Option<String> {
    let own = speaker.map(side);
    doc.mentions
        .iter()
        .filter(|m| q.content.contains(m.actor.span) && !m.actor.code.starts_with("---"))
        .map(|m| side(&m.actor))
        .find(|s| Some(s) != own.as_ref())
}

/// Days between two dates; unknown dates count as close.
fn within(a: Option<NaiveDate>, b: Option<NaiveDate>, days: i64) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).num_days().abs() <= days,
        _ => true,
    }
}

/// Days within which the accused side's rejection answers an accusation.
const ANSWER_DAYS: i64 = 14;

/// Denials kept per claim, best first.
const ANSWERS_PER_CLAIM: usize = 2;

/// Claims one denial may answer: "Russia rejected the accusations" answers several.
const CLAIMS_PER_DENIAL: usize = 3;

/// Sentences after a claim within which a denial in the same article answers it ("...
/// cited evidence of cluster munitions. Russia rejected the claims").
const NEARBY_SENTENCES: u32 = 3;

/// How well a denial answers a claim; `None` when it does not.
///
/// The denier must stand on another side than the claimant, within two weeks of the
/// claim, and the claim must be about the denier's side (it targets it) or share three
/// topic terms with the denial. Then the accused side answering counts two, an answer a
/// few sentences later in the same article one, and the shared topic terms up to three
/// as a share of the shorter statement's, so that a long sentence does not win on
/// length.
fn answer_score(claim: &Statement, denial: &Statement) -> Option<f32> {
    let (cs, ds) = (claim.side(), denial.side());
    // An unattributed claim or denial is no side's: nothing to set against.
    cs.as_ref()?;
    ds.as_ref()?;
    if cs == ds || !within(claim.date, denial.date, ANSWER_DAYS) {
        return None;
    }
    let n = shared(&claim.terms, &denial.terms);
    let accused = claim.target_side == ds;
    let nearby = claim.article == denial.article
        && denial.sent > claim.sent
        && denial.sent - claim.sent <= NEARBY_SENTENCES;
    if !accused && n < 3 {
        return None;
    }
    let shorter = claim.terms.len().min(denial.terms.len()).max(1);
    Some(
        2.0 * f32::from(u8::from(accused))
            + f32::from(u8::from(nearby))
            + 3.0 * n as f32 / shorter as f32,
    )
}

fn link(report: &mut ClaimReport) {
    let st = &report.statements;
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for (c, claim) in st
        .iter()
        .enumerate()
        .filter(|(_, s)| s.stance == Stance::Claim)
    {
        // Each claim keeps its two best answers: an outlet's own paraphrase of the denial
        // and the quoted denial itself often both answer it.
        let mut found: Vec<(f32, usize)> = st
            .iter()
            .enumerate()
            .filter(|(_, s)| s.stance == Stance::Denial)
            .filter_map(|(d, denial)| answer_score(claim, denial).map(|sc| (sc, d)))
            .collect();
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        pairs.extend(
            found
                .into_iter()
                .take(ANSWERS_PER_CLAIM)
                .map(|(sc, d)| (sc, c, d)),
        );
    }
    // Each denial answers its best few claims.
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut per_denial: FxHashMap<usize, usize> = FxHashMap::default();
    let mut kept: Vec<ClaimLink> = Vec::new();
    for (_, c, d) in pairs {
        let n = per_denial.entry(d).or_insert(0);
        if *n >= CLAIMS_PER_DENIAL {
            continue;
        }
        *n += 1;
        kept.push(ClaimLink {
            kind: LinkKind::Denies,
            claim: c,
            answer: d,
            shared_terms: shared(&st[c].terms, &st[d].terms),
            cross_outlet: st[c].outlet != st[d].outlet || st[c].article != st[d].article,
        });
    }
    kept.sort_by_key(|l| (l.claim, l.answer));
    report.links.extend(kept);

    // A figure is contested by the nearest figure of another side about the same thing:
    // a few sentences apart in one article, or sharing two topic terms within two weeks.
    let fs = &report.figures;
    let mut contests: Vec<ClaimLink> = Vec::new();
    for (a, fa) in fs.iter().enumerate() {
        let sa = fa.claimant.as_ref().map(side);
        let best = fs
            .iter()
            .enumerate()
            .skip(a + 1)
            .filter_map(|(b, fb)| {
                let sb = fb.claimant.as_ref().map(side);
                let effort = |f: &Figure| EFFORT_UNITS.contains(&f.unit.as_str());
                if sa.is_none()
                    || sb.is_none()
                    || sa == sb
                    || effort(fa) != effort(fb)
                    || (fa.value == fb.value && fa.unit == fb.unit)
                {
                    return None;
                }
                let n = shared(&fa.terms, &fb.terms);
                let near =
                    fa.article == fb.article && fb.sent.abs_diff(fa.sent) <= NEARBY_SENTENCES;
                let related = n >= 2 && within(fa.date, fb.date, ANSWER_DAYS);
                (near || related).then_some((n + 2 * usize::from(near), b, n))
            })
            .max_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
        if let Some((_, b, n)) = best {
            contests.push(ClaimLink {
                kind: LinkKind::Contests,
                claim: a,
                answer: b,
                shared_terms: n,
                cross_outlet: fa.article != fs[b].article,
            });
        }
    }
    report.links.extend(contests);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn accusations_meet_denials_and_figures_contest() {
        let docs = fixture::docs();
        let refs: Vec<&Doc> = docs.iter().collect();
        let dates = crate::dating::date_story(&refs, &crate::dating::Calendar::default());
        let r = claims_and_denials(&refs, &dates);
        let who =
            |a: &Option<ActorRef>| a.as_ref().and_then(|x| x.name.clone()).unwrap_or_default();
        let statements: Vec<String> = r
            .statements
            .iter()
            .map(|s| format!("{:?} {} {} {}", s.stance, s.article, s.via, who(&s.speaker)))
            .collect();
        assert_eq!(
            statements,
            [
                "Claim a1 event:112 United States",
                "Claim a1 quote US envoy",
                "Claim a1 quote Syrian activists",
                // The headline "Moscow rejects claims" repeats Lavrov's denial below.
                "Denial a2 quote Sergei Lavrov",
                "Claim a2 quote Russian defence ministry",
                "Claim a2 event:112 United States",
            ]
        );
        let figures: Vec<String> = r
            .figures
            .iter()
            .map(|f| format!("{} {} by {}", f.value, f.unit, who(&f.claimant)))
            .collect();
        assert_eq!(
            figures,
            [
                "36 civilians by Syrian activists",
                "20 sorties by Russian defence ministry",
                "8 targets by Russian defence ministry"
            ]
        );
        let links: Vec<String> = r
            .links
            .iter()
            .map(|l| {
                let (c, a) = match l.kind {
                    LinkKind::Denies => (&r.statements[l.claim].text, &r.statements[l.answer].text),
                    LinkKind::Contests => (&r.figures[l.claim].text, &r.figures[l.answer].text),
                };
                format!("{:?} {c} | {a} | cross={}", l.kind, l.cross_outlet)
            })
            .collect();
        assert_eq!(
            links,
            [
                "Denies US officials accused Russia of bombing rebel groups near Homs. | reports that Russian strikes hit the opposition rumours, unfounded | cross=true",
                "Denies Russian strikes hit the opposition, not militants, | reports that Russian strikes hit the opposition rumours, unfounded | cross=true",
                "Denies Washington accused Moscow of bombing rebels near Homs. | reports that Russian strikes hit the opposition rumours, unfounded | cross=false",
                // The nearer "20 sorties" counts effort, not who was hit.
                "Contests 36 civilians | eight militant targets | cross=true",
            ]
        );
    }
}
