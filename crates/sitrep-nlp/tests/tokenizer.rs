//! Tokenizer and sentence-splitter cases on invented sentences: one `check` per feature,
//! rendering tokens separated by spaces and sentences by ` | `.

use expect_test::{expect, Expect};
use sitrep_doc::{Doc, DocMeta};
use sitrep_nlp::Tokenizer;
use sitrep_pipeline::Component;

fn render(text: &str) -> String {
    let mut doc = Doc::new(DocMeta::new("t", "test"), text.to_string());
    Tokenizer.process(&mut doc);
    doc.sents
        .iter()
        .map(|s| {
            s.iter()
                .map(|i| doc.token(i).text())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

#[track_caller]
fn check(text: &str, expect: Expect) {
    expect.assert_eq(&render(text));
}

#[test]
fn clitics() {
    check(
        "Russia's envoy said they don't know, and we can't, won't or cannot.",
        expect![["Russia 's envoy said they do n't know , and we ca n't , wo n't or can not ."]],
    );
    check(
        "I'm sure you’re right; they’ve said it's the pilots' fault.",
        expect![["I 'm sure you ’re right ; they ’ve said it 's the pilots ' fault ."]],
    );
}

#[test]
fn abbreviations_stay_whole() {
    check(
        "Maj Gen. Igor Konashenkov told the U.S. envoy in Washington, D.C. on Monday.",
        expect![["Maj Gen. Igor Konashenkov told the U.S. envoy in Washington , D.C. on Monday ."]],
    );
    check(
        "Mr. Smith met Dr. J. Jones at 5 p.m. in St. Louis.",
        expect![["Mr. Smith met Dr. J. Jones at 5 p.m. in St. Louis ."]],
    );
}

#[test]
fn hyphens_follow_ewt() {
    check(
        "A Russian Su-24M jet hit a well-known pro-Kremlin co-op on 5-6 May.",
        expect![["A Russian Su - 24M jet hit a well - known pro-Kremlin co-op on 5-6 May ."]],
    );
}

#[test]
fn numbers_and_money() {
    check(
        "About 250,000 people fled; aid cost $3.5 billion (about 1.2%).",
        expect![["About 250,000 people fled ; aid cost $ 3.5 billion ( about 1.2 % ) ."]],
    );
}

#[test]
fn urls_and_emails() {
    check(
        "See https://example.org/a-b?c=1, or write to press@example.com.",
        expect![["See https://example.org/a-b?c=1 , or write to press@example.com ."]],
    );
}

#[test]
fn quotes_straight_and_curly() {
    check(
        "\"We will respond,\" he said. “It is over.” ‘Fine’, she replied.",
        expect![[
            r#"" We will respond , " he said . | “ It is over . ” | ‘ Fine ’ , she replied ."#
        ]],
    );
}

#[test]
fn dashes() {
    check(
        "The raid -- the third -- failed—again–and again - sources said.",
        expect![["The raid -- the third -- failed — again – and again - sources said ."]],
    );
}

#[test]
fn datelines() {
    check(
        "WASHINGTON (AP) — Secretary of State John Kerry arrived on Sunday.",
        expect![["WASHINGTON ( AP ) — Secretary of State John Kerry arrived on Sunday ."]],
    );
}

#[test]
fn offsets_point_into_text() {
    let text = "Kerry’s “plan” — 250,000.";
    let mut doc = Doc::new(DocMeta::new("t", "test"), text.to_string());
    Tokenizer.process(&mut doc);
    let spans: Vec<(u32, u32)> = (0..doc.len())
        .map(|i| (doc.token(i).span().start, doc.token(i).span().end))
        .collect();
    assert_eq!(
        spans,
        [
            (0, 5),
            (5, 9),
            (10, 13),
            (13, 17),
            (17, 20),
            (21, 24),
            (25, 32),
            (32, 33)
        ]
    );
}

#[test]
fn sentences_end_at_punctuation_and_closing_quotes() {
    check(
        "Kerry spoke. \"Enough!\" he said. Then he left... Lavrov stayed?",
        expect![[r#"Kerry spoke . | " Enough ! " he said . | Then he left ... | Lavrov stayed ?"#]],
    );
}

#[test]
fn abbreviations_do_not_end_sentences() {
    check(
        "Lt. Gen. Smith of the U.S. Army met Maj Gen. Ivanov. The talks ended at 3 p.m. The end.",
        expect![["Lt. Gen. Smith of the U.S. Army met Maj Gen. Ivanov . | The talks ended at 3 p.m. | The end ."]],
    );
}

#[test]
fn headlines_and_captions_are_their_own_sentences() {
    check(
        "Kerry Accuses Russia of Targeting Civilians\n\nThe Secretary spoke on Monday.\nPhoto: Kerry in Munich\nHe left.",
        expect![["Kerry Accuses Russia of Targeting Civilians | The Secretary spoke on Monday . | Photo : Kerry in Munich | He left ."]],
    );
}

#[test]
fn wrapped_lines_are_not_breaks() {
    check(
        "The minister said the talks\nwould continue in Geneva next week\nafter a pause.",
        expect![["The minister said the talks would continue in Geneva next week after a pause ."]],
    );
}
