//! Where an event happened: a place its sentence names, else the article's dateline.
//!
//! Reads the `Places` layer when a geocoder ran before the coder (the engine's pipeline);
//! without one every event's place stays empty.

use sitrep_doc::{ByteSpan, Doc, Event, Place};

/// Prepositions that put a place in the role of location ("in Munich", "near Aleppo").
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "around",
    "across",
    "into",
    "throughout",
    "from",
    "on",
    "off",
    "over",
    "towards",
    "toward",
    "within",
];

/// A country-level place: no first-level division of its own.
fn is_country(p: &Place) -> bool {
    p.admin1.is_none()
}

/// "Syrian", "French": the geocoder marks places reached through a demonym, which name
/// people or things of a country, not where something happened.
fn is_demonym(p: &Place) -> bool {
    p.rule.contains(":demonym")
}

fn overlaps(p: &Place, span: ByteSpan) -> bool {
    p.span.start < span.end && span.start < p.span.end
}

/// The word right before `at`, lowercased.
fn word_before(text: &str, at: u32) -> String {
    let head = text.get(..at as usize).unwrap_or("").trim_end();
    let start = head.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    head[start..].to_lowercase()
}

/// The place of `e`: among its sentence's places (demonyms aside), one marked as a location ("in
/// Munich") first, then the one nearest the action. A place that names the source, or a
/// country-level target ("Russia accused Turkey"), is an actor, not a location; a town as
/// target ("shelled Aleppo") is where it happened. With no place in the sentence, the
/// dateline's ("MUNICH (Reuters) -").
pub(crate) fn event_place(doc: &Doc, e: &Event) -> Option<u32> {
    let text = doc.text();
    let candidates = doc.places.iter().enumerate().filter(|(_, p)| {
        p.sent == e.sent
            && !is_demonym(p)
            && !overlaps(p, e.source.span)
            && !e
                .target
                .as_ref()
                .is_some_and(|t| overlaps(p, t.span) && is_country(p))
    });
    let best = candidates.min_by_key(|(_, p)| {
        let marked = LOCATIVE.contains(&word_before(text, p.span.start).as_str());
        let distance = if p.span.start >= e.action.end {
            p.span.start - e.action.end
        } else {
            e.action.start.saturating_sub(p.span.end)
        };
        (!marked, distance)
    });
    best.map(|(i, _)| i as u32).or_else(|| dateline(doc))
}

/// The place that opens the text as a dateline: at its very start, then (past any
/// qualifier such as ", Ky." or a date) a dash or an agency in brackets before any
/// lowercase word, as in "GLASGOW, Ky. (WBKO) --" or "Damascus, Feb 9 (AFP) -".
fn dateline(doc: &Doc) -> Option<u32> {
    let text = doc.text();
    let (i, first) = doc.places.iter().enumerate().next()?;
    if is_demonym(first) {
        return None;
    }
    if text.get(..first.span.start as usize)?.trim().is_empty() {
        let rest = text.get(first.span.end as usize..)?;
        let window: String = rest.chars().take(60).collect();
        let mark = window.find(['-', '\u{2013}', '\u{2014}', '('])?;
        let lead = &window[..mark];
        let lowercase_word = lead
            .split(|c: char| !c.is_alphabetic())
            .any(|w| w.starts_with(|c: char| c.is_lowercase()));
        if !lowercase_word && !lead.contains('\n') {
            return Some(i as u32);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_doc::{ActorRef, DocMeta, TokRange};

    fn place(sent: u32, text: &str, name: &str, admin1: Option<&str>) -> Place {
        Place {
            sent,
            span: span_of(text, name),
            name: name.into(),
            lat: 0.0,
            lon: 0.0,
            iso3: Some("XXX".into()),
            admin1: admin1.map(str::to_string),
            geonames_id: None,
            rule: "test".into(),
        }
    }

    fn span_of(text: &str, needle: &str) -> ByteSpan {
        let at = text.find(needle).unwrap();
        ByteSpan::new(at, at + needle.len())
    }

    fn event(text: &str, sent: u32, source: &str, action: &str, target: Option<&str>) -> Event {
        let actor = |s: &str| ActorRef {
            code: "X".into(),
            span: span_of(text, s),
            ..ActorRef::default()
        };
        Event {
            sent,
            source: actor(source),
            target: target.map(actor),
            action: span_of(text, action),
            cameo: "112".into(),
            plover: "ACCUSE".into(),
            plover_mode: None,
            goldstein: -2.0,
            quad_class: 3,
            date: None,
            date_source: None,
            place: None,
            negated: false,
            hypothetical: false,
            rule: "test".into(),
        }
    }

    fn doc(text: &str, places: Vec<Place>) -> Doc {
        let mut d = Doc::new(DocMeta::new("t", "t"), text.to_string());
        d.sents = vec![TokRange::new(0, 0), TokRange::new(0, 0)];
        d.places = places;
        d
    }

    #[test]
    fn the_sentence_location_not_the_actors() {
        let text = "Russia accused Turkey of lying at talks in Munich on Saturday.";
        let d = doc(
            text,
            vec![
                place(0, text, "Russia", None),
                place(0, text, "Turkey", None),
                place(0, text, "Munich", Some("Bavaria")),
            ],
        );
        let e = event(text, 0, "Russia", "accused", Some("Turkey"));
        assert_eq!(event_place(&d, &e), Some(2));
    }

    #[test]
    fn demonyms_are_no_location() {
        let text = "Russian jets bombed rebels, Syrian sources said.";
        let mut syrian = place(0, text, "Syrian", None);
        syrian.rule = "gazetteer:demonym:prior".into();
        let d = doc(text, vec![syrian]);
        assert_eq!(
            event_place(&d, &event(text, 0, "jets", "bombed", Some("rebels"))),
            None
        );
    }

    #[test]
    fn a_town_as_target_is_where_it_happened() {
        let text = "Jets shelled Aleppo.";
        let d = doc(text, vec![place(0, text, "Aleppo", Some("Aleppo"))]);
        assert_eq!(
            event_place(&d, &event(text, 0, "Jets", "shelled", Some("Aleppo"))),
            Some(0)
        );
    }

    #[test]
    fn the_dateline_stands_in_for_a_sentence_without_a_place() {
        let text = "GLASGOW, Ky. (WBKO) -- Police said a man was hurt.";
        let d = doc(
            text,
            vec![
                place(0, text, "GLASGOW", Some("Kentucky")),
                place(0, text, "Ky.", Some("Kentucky")),
            ],
        );
        let e = event(text, 1, "Police", "said", None);
        assert_eq!(event_place(&d, &e), Some(0));
        // An opening place in running text is no dateline.
        let text = "Aleppo, the largest city, was shelled - again.";
        let d = doc(text, vec![place(0, text, "Aleppo", Some("Aleppo"))]);
        assert_eq!(
            event_place(&d, &event(text, 1, "the", "shelled", None)),
            None
        );
    }
}
