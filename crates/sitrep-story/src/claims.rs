//! Claims against denials: assertions (accusations, claims, casualty and quantity
//! figures) linked to the statements that reject, deny or contest them, within a story
//! and across outlets.
//!
//! Statements come from two layers. Events with CAMEO root 11 (disapprove, accuse) are
//! claims; root 12 (reject) and code 016 (deny responsibility) are denials. Quotes are
//! denials when their content or sentence carries a denial cue ("denied", "unfounded",
//! "rumours", "fakes", ...), and claims when they carry a figure or an accusation cue.
//! A denial is linked to a claim of another side when the denier's side is the side the
//! claim targets (an event's target, or the other side named inside a quote) within two
//! weeks, or when the two share at least two content terms. A figure contests another
//! figure when their claimants stand on different sides and their sentences share a
//! topic term or fall within two weeks of each other: "36 civilians killed" against
//! "eight Islamic State targets". The input is one story's articles, which is what
//! makes these loose tests safe.

use chrono::NaiveDate;
use sitrep_doc::{ActorRef, ByteSpan, Doc};

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
const UNITS: &[&str] = &[
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
    "strikes",
    "airstrikes",
    "raids",
    "sorties",
    "bombs",
    "munitions",
    "missiles",
    "refugees",
    "hospitals",
    "schools",
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
    /// Publication date.
    pub date: Option<NaiveDate>,
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
    /// `quote` or `event:<cameo>`.
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
    /// Publication date.
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
        if let Some(u) = ws[k + 1..]
            .iter()
            .take(4)
            .find(|u| UNITS.contains(&u.text.to_lowercase().as_str()))
        {
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

/// Finds statements, figures and their links across a story's articles.
pub fn claims_and_denials(docs: &[&Doc]) -> ClaimReport {
    let mut report = ClaimReport::default();
    for doc in docs {
        let text = doc.text();
        for q in &doc.quotes {
            let content = doc.span_text(q.content);
            let sentence = sentence_span(doc, q.sent).map_or(content, |s| doc.span_text(s));
            let cue_terms: Vec<String> = content_terms(sentence).into_iter().map(|t| t.0).collect();
            let figs = figures_in(content, q.content.start as usize);
            let stance = if has_cue(&cue_terms, DENIAL_CUES) {
                Some(Stance::Denial)
            } else if !figs.is_empty() || has_cue(&cue_terms, CLAIM_CUES) {
                Some(Stance::Claim)
            } else {
                None
            };
            for (value, unit, span) in figs {
                report.figures.push(Figure {
                    value,
                    unit,
                    text: text[span.start as usize..span.end as usize].to_string(),
                    claimant: q.speaker.clone(),
                    article: doc.meta.id.clone(),
                    date: doc.meta.date,
                    sent: q.sent,
                    span,
                    terms: topic_terms(sentence),
                });
            }
            if let Some(stance) = stance {
                report.statements.push(Statement {
                    stance,
                    article: doc.meta.id.clone(),
                    outlet: doc.meta.outlet.clone(),
                    date: doc.meta.date,
                    sent: q.sent,
                    speaker: q.speaker.clone(),
                    target_side: quoted_side(doc, q),
                    span: q.content,
                    text: content.to_string(),
                    via: "quote".into(),
                    terms: topic_terms(content),
                });
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
            let sentence = doc.span_text(span);
            report.statements.push(Statement {
                stance,
                article: doc.meta.id.clone(),
                outlet: doc.meta.outlet.clone(),
                date: e.date.or(doc.meta.date),
                sent: e.sent,
                speaker: Some(e.source.clone()),
                target_side: e.target.as_ref().map(side),
                span,
                text: sentence.to_string(),
                via: format!("event:{}", e.cameo),
                terms: topic_terms(sentence),
            });
            // Figures in an event sentence no quote covers belong to the event's source.
            if !doc.quotes.iter().any(|q| q.sent == e.sent) {
                for (value, unit, fspan) in figures_in(sentence, span.start as usize) {
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
                        date: doc.meta.date,
                        sent: e.sent,
                        span: fspan,
                        terms: topic_terms(sentence),
                    });
                }
            }
        }
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

/// The first actor of another side than the speaker's named inside a quote's content:
/// whom the quote is about ("Russian strikes hit ...").
fn quoted_side(doc: &Doc, q: &sitrep_doc::Quote) -> Option<String> {
    let own = q.speaker.as_ref().map(side);
    doc.mentions
        .iter()
        .filter(|m| q.content.contains(m.actor.span))
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

/// Denials kept per claim, best first.
const MAX_ANSWERS: usize = 3;

/// Days within which the accused side's rejection answers an accusation.
const ANSWER_DAYS: i64 = 14;

fn link(report: &mut ClaimReport) {
    let st = &report.statements;
    for (c, claim) in st
        .iter()
        .enumerate()
        .filter(|(_, s)| s.stance == Stance::Claim)
    {
        let mut found: Vec<(usize, ClaimLink)> = Vec::new();
        for (d, denial) in st
            .iter()
            .enumerate()
            .filter(|(_, s)| s.stance == Stance::Denial)
        {
            let (cs, ds) = (claim.side(), denial.side());
            if cs.is_some() && cs == ds {
                continue;
            }
            let n = shared(&claim.terms, &denial.terms);
            let answers_target = ds.is_some()
                && claim.target_side == ds
                && within(claim.date, denial.date, ANSWER_DAYS);
            if n >= 2 || answers_target {
                let score = n + 2 * usize::from(answers_target);
                found.push((
                    score,
                    ClaimLink {
                        kind: LinkKind::Denies,
                        claim: c,
                        answer: d,
                        shared_terms: n,
                        cross_outlet: claim.outlet != denial.outlet,
                    },
                ));
            }
        }
        // The best answers only: in a long story every denial is loosely related to every claim.
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.answer.cmp(&b.1.answer)));
        let mut best: Vec<ClaimLink> = found.into_iter().take(MAX_ANSWERS).map(|x| x.1).collect();
        best.sort_by_key(|l| l.answer);
        report.links.extend(best);
    }
    let fs = &report.figures;
    for (a, fa) in fs.iter().enumerate() {
        for (b, fb) in fs.iter().enumerate().skip(a + 1) {
            let (sa, sb) = (
                fa.claimant.as_ref().map(side),
                fb.claimant.as_ref().map(side),
            );
            if sa.is_none()
                || sb.is_none()
                || sa == sb
                || (fa.value == fb.value && fa.unit == fb.unit)
            {
                continue;
            }
            let n = shared(&fa.terms, &fb.terms);
            if n >= 1 || within(fa.date, fb.date, ANSWER_DAYS) {
                report.links.push(ClaimLink {
                    kind: LinkKind::Contests,
                    claim: a,
                    answer: b,
                    shared_terms: n,
                    cross_outlet: fa.article != fb.article,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn accusations_meet_denials_and_figures_contest() {
        let docs = fixture::docs();
        let refs: Vec<&Doc> = docs.iter().collect();
        let r = claims_and_denials(&refs);
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
                "Denial a2 event:120 Russia",
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
                "8 targets by Russian defence ministry"
            ]
        );
        let links: Vec<String> = r
            .links
            .iter()
            .map(|l| {
                format!(
                    "{:?} {}->{} cross={}",
                    l.kind, l.claim, l.answer, l.cross_outlet
                )
            })
            .collect();
        assert_eq!(
            links,
            [
                "Denies 0->3 cross=true",
                "Denies 0->4 cross=true",
                "Denies 1->3 cross=true",
                "Denies 1->4 cross=true",
                "Denies 6->3 cross=false",
                "Denies 6->4 cross=false",
                "Contests 0->1 cross=true"
            ]
        );
    }
}
