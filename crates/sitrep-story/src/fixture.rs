//! Hand-written annotated docs for unit tests: a tiny invented story told by two outlets.

use chrono::NaiveDate;
use sitrep_doc::{ActorRef, ByteSpan, Doc, DocMeta, Event, Mention, Quote, QuoteKind};

fn span(text: &str, needle: &str) -> ByteSpan {
    let s = text.find(needle).expect("fixture needle present");
    ByteSpan::new(s, s + needle.len())
}

pub(crate) fn actor(text: &str, needle: &str, code: &str, iso3: &str, name: &str) -> ActorRef {
    ActorRef {
        code: code.into(),
        iso3: Some(iso3.into()),
        sector: None,
        name: Some(name.into()),
        span: span(text, needle),
    }
}

pub(crate) fn event(
    text: &str,
    sent: u32,
    src: ActorRef,
    tgt: Option<ActorRef>,
    verb: &str,
    cameo: &str,
    date: &str,
) -> Event {
    Event {
        sent,
        source: src,
        target: tgt,
        action: span(text, verb),
        cameo: cameo.into(),
        quad_class: if cameo.starts_with('1') && cameo.len() > 1 && cameo.as_bytes()[1] >= b'8' {
            4
        } else {
            3
        },
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
        rule: "fixture".into(),
        ..Event::default()
    }
}

pub(crate) fn quote(text: &str, sent: u32, content: &str, speaker: ActorRef) -> Quote {
    Quote {
        sent,
        kind: QuoteKind::Direct,
        content: span(text, content),
        cue: None,
        speaker_mention: Some(speaker.span),
        speaker: Some(speaker),
        rule: "fixture".into(),
    }
}

/// Sentences are one per paragraph so `sents` need no tokens: the helpers fall back to
/// the plain splitter.
pub(crate) fn docs() -> Vec<Doc> {
    let t1 = "US says Russian jets hit rebels\n\n\
        US officials accused Russia of bombing rebel groups near Homs.\n\n\
        \"Russian strikes hit the opposition, not militants,\" said the US envoy.\n\n\
        Activists said 36 civilians were killed in the raids by Russian jets near Homs.";
    let mut d1 = Doc::new(DocMeta::new("a1", "fixture"), t1.to_string());
    d1.meta.outlet = Some("Daily Wire".into());
    d1.meta.title = Some("US says Russian jets hit rebels".into());
    d1.meta.date = NaiveDate::from_ymd_opt(2015, 10, 1);
    d1.title_span = t1.find("\n\n").map(|e| ByteSpan::new(0, e));
    let us = actor(t1, "US officials", "USAGOV", "USA", "United States");
    let rus = actor(t1, "Russia", "RUS", "RUS", "Russia");
    let envoy = actor(t1, "the US envoy", "USAGOV", "USA", "US envoy");
    let activists = actor(t1, "Activists", "SYRREB", "SYR", "Syrian activists");
    d1.events.push(event(
        t1,
        1,
        us.clone(),
        Some(rus.clone()),
        "accused",
        "112",
        "2015-10-01",
    ));
    d1.events.push(event(
        t1,
        1,
        rus.clone(),
        None,
        "bombing",
        "195",
        "2015-09-30",
    ));
    d1.quotes.push(quote(
        t1,
        2,
        "Russian strikes hit the opposition, not militants,",
        envoy,
    ));
    d1.quotes.push(Quote {
        kind: QuoteKind::Indirect,
        ..quote(
            t1,
            3,
            "36 civilians were killed in the raids by Russian jets near Homs",
            activists.clone(),
        )
    });
    let russian = actor(t1, "Russian strikes", "RUS", "RUS", "Russia");
    d1.mentions.push(Mention {
        sent: 2,
        actor: russian,
        rule: "fixture".into(),
    });
    d1.mentions.push(Mention {
        sent: 1,
        actor: us,
        rule: "fixture".into(),
    });
    d1.mentions.push(Mention {
        sent: 1,
        actor: rus,
        rule: "fixture".into(),
    });

    let t2 = "Moscow rejects claims on Syria raids\n\n\
        Russia's foreign minister Lavrov called reports that Russian strikes hit the opposition rumours, unfounded.\n\n\
        \"Our jets flew 20 sorties and hit eight militant targets near Homs,\" the defence ministry said.\n\n\
        Washington accused Moscow of bombing rebels near Homs.";
    let mut d2 = Doc::new(DocMeta::new("a2", "fixture"), t2.to_string());
    d2.meta.outlet = Some("Moscow Times".into());
    d2.meta.title = Some("Moscow rejects claims on Syria raids".into());
    d2.meta.date = NaiveDate::from_ymd_opt(2015, 10, 2);
    d2.title_span = t2.find("\n\n").map(|e| ByteSpan::new(0, e));
    let lavrov = actor(t2, "Lavrov", "RUSGOV", "RUS", "Sergei Lavrov");
    let mod_ = actor(
        t2,
        "the defence ministry",
        "RUSMIL",
        "RUS",
        "Russian defence ministry",
    );
    let moscow = actor(t2, "Moscow rejects", "RUSGOV", "RUS", "Russia");
    let wash = actor(t2, "Washington", "USAGOV", "USA", "United States");
    let moscow2 = actor(t2, "Moscow of", "RUSGOV", "RUS", "Russia");
    d2.events
        .push(event(t2, 0, moscow, None, "rejects", "120", "2015-10-02"));
    d2.events.push(event(
        t2,
        3,
        wash,
        Some(moscow2.clone()),
        "accused",
        "112",
        "2015-10-02",
    ));
    d2.events
        .push(event(t2, 3, moscow2, None, "bombing", "195", "2015-10-01"));
    d2.quotes.push(Quote {
        kind: QuoteKind::Indirect,
        ..quote(
            t2,
            1,
            "reports that Russian strikes hit the opposition rumours, unfounded",
            lavrov,
        )
    });
    d2.quotes.push(quote(
        t2,
        2,
        "Our jets flew 20 sorties and hit eight militant targets near Homs,",
        mod_,
    ));
    vec![d1, d2]
}
