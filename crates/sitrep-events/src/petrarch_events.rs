//! PETRARCH-coded events as sitrep events: trees from the dependency parse, spans from
//! tokens, CAMEO facts from the tables.

use sitrep_doc::{ActorRef, ByteSpan, Doc, Event};

use crate::cameo;
use crate::coder;
use crate::lexicon::Lexicon;
use crate::petrarch::{PetrActor, PetrarchCoder, Skipped, Tree};

fn span(doc: &Doc, (a, b): (usize, usize)) -> ByteSpan {
    ByteSpan {
        start: doc.token(a).span().start,
        end: doc.token(b - 1).span().end,
    }
}

fn actor(doc: &Doc, a: &PetrActor) -> ActorRef {
    let (iso3, sector) = sitrep_actors::split_code(&a.code);
    ActorRef {
        code: a.code.clone(),
        iso3,
        sector,
        name: None,
        span: a.tokens.map_or_else(ByteSpan::default, |t| span(doc, t)),
    }
}

/// Codes a document with PETRARCH's rules; with `builtin`, sitrep's own coder codes the
/// sentences PETRARCH left without events (discarded ones stay uncoded).
pub(crate) fn code_doc(p: &PetrarchCoder, builtin: Option<&Lexicon>, doc: &Doc) -> Vec<Event> {
    let sent_text = |si: usize| doc.span_text(doc.range_span(doc.sents[si]));
    if (0..doc.sents.len()).any(|si| p.discards().story(sent_text(si))) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut uncoded = Vec::new();
    for si in 0..doc.sents.len() {
        let tree = Tree::from_deps(doc, si);
        match p.code_tree(&tree, sent_text(si), doc.meta.date) {
            Ok(evs) if !evs.is_empty() => {
                let (date, date_source) = coder::event_date(doc, si);
                for e in evs {
                    let info = cameo::info(&e.code).filter(|i| e.code.starts_with(&i.code));
                    out.push(Event {
                        sent: si as u32,
                        source: actor(doc, &e.source),
                        target: (e.target.code != "---").then(|| actor(doc, &e.target)),
                        action: e
                            .verb_token
                            .map_or_else(|| doc.range_span(doc.sents[si]), |t| doc.token(t).span()),
                        cameo: e.code.clone(),
                        plover: info.map_or_else(String::new, |i| i.plover.clone()),
                        plover_mode: info.and_then(|i| i.mode.clone()),
                        goldstein: info.map_or(0.0, |i| i.goldstein),
                        quad_class: cameo::quad_class(&e.code),
                        date,
                        date_source: date_source.clone(),
                        place: None,
                        negated: false,
                        hypothetical: false,
                        rule: format!("petrarch:{}", e.rule),
                    });
                }
            }
            Err(Skipped::SentenceDiscard | Skipped::StoryDiscard) => {}
            _ => uncoded.push(si as u32),
        }
    }
    if let Some(lex) = builtin {
        out.extend(
            coder::code_doc(lex, doc)
                .into_iter()
                .filter(|e| uncoded.contains(&e.sent)),
        );
        out.sort_by_key(|e| (e.sent, e.action.start));
    }
    out
}
