//! The story tables on both backends.

use sitrep_doc::DateSource;

use crate::tests::{date, each_backend, story, PgSchema};
use crate::{
    ActorFilter, ArticleQuery, DuplicateRow, EventQuery, MembershipUpdate, QuoteQuery, SourceRef,
    Store, StoreError, StoryActor, StoryEvent, StoryEventMention, StoryHeader, StoryQuery,
    StoryReportRecord, StoryStatement, StoryStore, SummaryRow, TextSpan, TimelineRow,
};

fn header(id: &str, title: &str, first: &str, last: &str) -> StoryHeader {
    StoryHeader {
        id: id.into(),
        title: title.into(),
        first_date: Some(date(first)),
        last_date: Some(date(last)),
    }
}

/// Three stored articles: a and b in story `s1aa`, c in `s1ab`, b a wire copy of a.
fn three_in_two(store: &mut dyn Store) -> i64 {
    let mut c = story("c", "2015-03-01");
    c.meta.outlet = Some("Zenda Times".into());
    store
        .put_batch(&[story("a", "2015-01-01"), story("b", "2015-01-02"), c])
        .unwrap();
    assert_eq!(store.unassigned().unwrap(), ["a", "b", "c"]);
    let update = MembershipUpdate {
        members: vec![
            ("s1aa".into(), "a".into()),
            ("s1aa".into(), "b".into()),
            ("s1ab".into(), "c".into()),
        ],
        headers: vec![
            header("s1aa", "Row deepens", "2015-01-01", "2015-01-02"),
            header("s1ab", "Row deepens again", "2015-03-01", "2015-03-01"),
        ],
        duplicates: vec![DuplicateRow {
            article: "b".into(),
            other: "a".into(),
            kind: "exact".into(),
            jaccard: 1.0,
            article_in_other: 1.0,
            other_in_article: 1.0,
            shared_sentences: 2,
        }],
    };
    let seq = store
        .put_memberships(0, &update)
        .unwrap()
        .expect("first writer");
    assert_eq!(seq, 3);
    seq
}

fn report(id: &str) -> StoryReportRecord {
    let statement = |idx: u32, kind: &str, article: &str, text: &str| StoryStatement {
        idx,
        kind: kind.into(),
        article: article.into(),
        outlet: Some("The Strelsau Courier".into()),
        sentence_index: 1,
        speaker: Some(StoryActor {
            code: "RURGOV".into(),
            iso3: Some("RUR".into()),
            name: None,
        }),
        target_side: Some("FRE".into()),
        value: None,
        unit: None,
        via: "quote".into(),
        date: Some(date("2015-01-01")),
        date_how: "published".into(),
        span: TextSpan {
            text: text.into(),
            start: 3,
            end: 9,
        },
    };
    StoryReportRecord {
        id: id.into(),
        title: "Ruritania accuses Freedonia".into(),
        first_date: Some(date("2014-12-20")),
        last_date: Some(date("2015-01-02")),
        dates: vec![
            (
                "a".into(),
                Some(date("2014-12-20")),
                "references".into(),
                "a fortnight after 'December 6'".into(),
            ),
            (
                "b".into(),
                Some(date("2015-01-02")),
                "published".into(),
                "json_ld".into(),
            ),
        ],
        summary: vec![SummaryRow {
            text: "Ruritania’s foreign minister accused Freedonia on Monday.".into(),
            source: SourceRef {
                article: "a".into(),
                outlet: None,
                start: 35,
                end: 92,
            },
        }],
        timeline: vec![TimelineRow {
            date: Some(date("2015-01-01")),
            date_how: "timex".into(),
            kind: "event".into(),
            who: Some("Ruritania".into()),
            what: "RUR>FRE 112".into(),
            event: Some("ea-0".into()),
            sources: vec![],
        }],
        events: vec![StoryEvent {
            id: "ea-0".into(),
            source: "RUR".into(),
            target: Some("FRE".into()),
            cameo: "112".into(),
            quad_class: 3,
            date: Some(date("2015-01-01")),
            date_how: "timex".into(),
            place: Some("Strelsau".into()),
            negated: false,
            num_sources: 1,
            num_articles: 2,
            mentions: ["a", "b"]
                .iter()
                .map(|a| StoryEventMention {
                    article: a.to_string(),
                    outlet: None,
                    event_index: 0,
                    sentence_index: 1,
                    cameo: "112".into(),
                    rule: "accuse+obj".into(),
                    date: Some(date("2015-01-01")),
                    date_how: "timex".into(),
                    action: TextSpan {
                        text: "accused".into(),
                        start: 64,
                        end: 71,
                    },
                })
                .collect(),
        }],
        statements: vec![
            statement(0, "claim", "a", "accused"),
            statement(1, "denial", "b", "silenced"),
        ],
        links: vec![("denies".into(), 0, 1, 2, true)],
        coverage: vec![],
    }
}

#[test]
fn memberships_are_written_once_and_reports_follow_versions() {
    each_backend(memberships_are_written_once_and_reports_follow_versions_on);
}

fn memberships_are_written_once_and_reports_follow_versions_on(store: &mut dyn Store) {
    let seq = three_in_two(store);
    // A second writer that has not seen these memberships is turned away.
    let late = MembershipUpdate {
        members: vec![("s2".into(), "a".into())],
        headers: vec![header("s2", "x", "2015-01-01", "2015-01-01")],
        duplicates: vec![],
    };
    assert_eq!(store.put_memberships(0, &late).unwrap(), None);
    assert!(store.unassigned().unwrap().is_empty());
    let since: Vec<(String, String)> = store
        .memberships_since(1)
        .unwrap()
        .into_iter()
        .map(|m| (m.story, m.article))
        .collect();
    assert_eq!(
        since,
        [("s1aa".into(), "b".into()), ("s1ab".into(), "c".into())]
    );

    let listed = store.stories(&StoryQuery::default()).unwrap();
    let ids: Vec<&str> = listed.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["s1aa", "s1ab"], "largest first");
    assert_eq!(listed[0].articles, ["a", "b"]);
    assert_eq!(listed[0].outlets, ["The Strelsau Courier"]);
    assert!(listed.iter().all(|s| s.stale));
    let stale = store.stale_stories().unwrap();
    assert_eq!(stale.len(), 2);
    assert_eq!((stale[0].id.as_str(), stale[0].version), ("s1aa", 1));
    assert_eq!(stale[0].articles, ["a", "b"]);

    // A report for an older membership version is refused.
    assert!(!store.put_story_report(0, &report("s1aa")).unwrap());
    assert!(store.put_story_report(1, &report("s1aa")).unwrap());
    // Rewriting replaces, never appends.
    assert!(store.put_story_report(1, &report("s1aa")).unwrap());
    assert_eq!(store.stale_stories().unwrap().len(), 1);

    let s = store.story("s1aa").unwrap().expect("stored");
    assert!(!s.story.stale);
    assert_eq!(s.story.title, "Ruritania accuses Freedonia");
    assert_eq!(s.story.first_date, Some(date("2014-12-20")));
    assert_eq!((s.story.num_events, s.story.num_claim_links), (1, 1));
    assert_eq!(s.events.len(), 1);
    assert_eq!(s.events[0].mentions.len(), 2);
    assert_eq!(s.events[0].mentions[1].action.text, "accused");
    assert_eq!(s.events[0].num_articles, 2);
    assert_eq!(s.claims.len(), 1);
    assert_eq!(s.claims[0].claim.span.text, "accused");
    assert_eq!(s.claims[0].answer.kind, "denial");
    assert!(s.claims[0].cross_outlet);
    assert_eq!(s.summary[0].source.start, 35);
    assert_eq!(s.timeline[0].what, "RUR>FRE 112");
    let dates: Vec<(&str, &str)> = s
        .dates
        .iter()
        .map(|a| (a.id.as_str(), a.date_method.as_str()))
        .collect();
    assert_eq!(dates, [("a", "references"), ("b", "published")]);
    assert_eq!(s.duplicates.len(), 1);
    assert_eq!(
        (
            s.duplicates[0].article.as_str(),
            s.duplicates[0].kind.as_str()
        ),
        ("b", "exact")
    );

    // One more member makes the story stale again, and the next writer starts from seq.
    store.put_batch(&[story("d", "2015-01-03")]).unwrap();
    let more = MembershipUpdate {
        members: vec![("s1aa".into(), "d".into())],
        headers: vec![header("s1aa", "Row deepens", "2015-01-01", "2015-01-03")],
        duplicates: vec![],
    };
    assert_eq!(store.put_memberships(seq, &more).unwrap(), Some(4));
    let s = store.story("s1a").map(|_| ()).unwrap_err();
    assert!(
        matches!(s, StoreError::AmbiguousStory { count: 2, .. }),
        "{s}"
    );
    let s = store.story("s1aa").unwrap().unwrap();
    assert!(s.story.stale);
    assert_eq!(s.story.articles, ["a", "b", "d"]);
    assert!(store.story("nope").unwrap().is_none());
}

#[test]
fn story_filters_on_lists_and_stories() {
    each_backend(story_filters_on_lists_and_stories_on);
}

fn story_filters_on_lists_and_stories_on(store: &mut dyn Store) {
    three_in_two(store);
    let in_story = |s: &str| Some(s.to_string());
    let events = store
        .events(&EventQuery {
            story: in_story("s1aa"),
            ..EventQuery::default()
        })
        .unwrap();
    let mut arts: Vec<&str> = events.iter().map(|e| e.article_id.as_str()).collect();
    arts.sort_unstable();
    assert_eq!(arts, ["a", "b"]);
    let quotes = store
        .quotes(&QuoteQuery {
            story: in_story("s1ab"),
            ..QuoteQuery::default()
        })
        .unwrap();
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].article_id, "c");
    for search in [None, Some("Freedonia".to_string())] {
        let arts = store
            .articles(&ArticleQuery {
                story: in_story("s1aa"),
                search,
                ..ArticleQuery::default()
            })
            .unwrap();
        let mut ids: Vec<&str> = arts.iter().map(|a| a.id.as_str()).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["a", "b"]);
    }
    assert_eq!(store.articles(&ArticleQuery::default()).unwrap().len(), 3);

    let ids = |q: StoryQuery| -> Vec<String> {
        store
            .stories(&q)
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect()
    };
    assert_eq!(
        ids(StoryQuery {
            outlet: Some("zenda times".into()),
            ..StoryQuery::default()
        }),
        ["s1ab"]
    );
    assert_eq!(
        ids(StoryQuery {
            actor: Some(ActorFilter::new("rur")),
            ..StoryQuery::default()
        }),
        ["s1aa", "s1ab"]
    );
    assert_eq!(
        ids(StoryQuery {
            since: Some(date("2015-02-01")),
            ..StoryQuery::default()
        }),
        ["s1ab"]
    );
    assert_eq!(
        ids(StoryQuery {
            until: Some(date("2015-01-01")),
            ..StoryQuery::default()
        }),
        ["s1aa"]
    );
    assert_eq!(
        ids(StoryQuery {
            article_id: Some("c".into()),
            ..StoryQuery::default()
        }),
        ["s1ab"]
    );
    assert_eq!(
        ids(StoryQuery {
            min_articles: Some(2),
            ..StoryQuery::default()
        }),
        ["s1aa"]
    );
    assert_eq!(
        ids(StoryQuery {
            search: Some("silenced".into()),
            limit: Some(1),
            offset: 1,
            ..StoryQuery::default()
        }),
        ["s1ab"]
    );
}

#[test]
fn story_inputs_carry_terms_actors_dyads_and_reliable_dates() {
    each_backend(story_inputs_on);
}

fn story_inputs_on(store: &mut dyn Store) {
    let mut saved = story("h", "2018-02-19");
    saved.meta.date_source = Some(DateSource::Header);
    saved.meta.title = None;
    store.put_batch(&[story("a", "2015-01-01"), saved]).unwrap();
    let got = store
        .story_inputs(&["h".into(), "missing".into(), "a".into()])
        .unwrap();
    let ids: Vec<&str> = got.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["h", "a"]);
    // Without a metadata title, the headline at the top of the text.
    assert_eq!(
        got[0].title.as_deref(),
        Some("Ruritania – Freedonia row deepens")
    );
    assert_eq!(got[0].date, None, "a header date is not a publication date");
    assert_eq!(got[1].date, Some(date("2015-01-01")));
    assert_eq!(got[1].actors, ["RURGOV"]);
    assert_eq!(got[1].dyads, ["RUR>FRE"]);
    assert!(got[1].text.contains("silenced"));
    assert_eq!(
        got[1].title.as_deref(),
        Some("Ruritania – Freedonia row deepens")
    );
}

#[test]
fn concurrent_pg_story_writers_are_serialised() {
    let Some(schema) = PgSchema::create() else {
        return;
    };
    let mut first = schema.store();
    first
        .put_batch(&[story("a", "2015-01-01"), story("b", "2015-01-02")])
        .unwrap();
    let mut writers: Vec<_> = (0..4).map(|_| schema.store()).collect();
    let handles: Vec<_> = writers
        .drain(..)
        .enumerate()
        .map(|(k, mut store)| {
            std::thread::spawn(move || {
                let update = MembershipUpdate {
                    members: vec![(format!("s{k}"), "a".into()), (format!("s{k}"), "b".into())],
                    headers: vec![header(&format!("s{k}"), "t", "2015-01-01", "2015-01-02")],
                    duplicates: vec![],
                };
                store.put_memberships(0, &update).unwrap()
            })
        })
        .collect();
    let won: Vec<Option<i64>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(won.iter().filter(|w| w.is_some()).count(), 1, "{won:?}");
    assert_eq!(first.memberships_since(0).unwrap().len(), 2);
    assert_eq!(first.stories(&StoryQuery::default()).unwrap().len(), 1);
}
