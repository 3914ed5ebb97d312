//! Quote finding on invented news text, through the real tokenizer, tagger and actors.

use std::sync::OnceLock;

use sitrep_actors::ActorResolver;
use sitrep_doc::{Doc, DocMeta};
use sitrep_nlp::{Tagger, Tokenizer};
use sitrep_pipeline::Component;
use sitrep_quotes::QuoteFinder;

fn components() -> &'static (Tagger, ActorResolver) {
    static C: OnceLock<(Tagger, ActorResolver)> = OnceLock::new();
    C.get_or_init(|| {
        (
            Tagger::load_default().expect("tagger model"),
            ActorResolver::builtin().expect("actor knowledge base"),
        )
    })
}

fn run(text: &str) -> Doc {
    let (tagger, actors) = components();
    let mut doc = Doc::new(DocMeta::new("t", "t"), text.to_string());
    Tokenizer.process(&mut doc);
    tagger.process(&mut doc);
    actors.process(&mut doc);
    QuoteFinder::new().process(&mut doc);
    doc
}

/// One line per quote: kind, content, cue, speaker mention, rule.
#[track_caller]
fn check(text: &str, expect: &[&str]) {
    let doc = run(text);
    let t = |s: Option<sitrep_doc::ByteSpan>| s.map_or("-", |s| doc.span_text(s));
    let got: Vec<String> = doc
        .quotes
        .iter()
        .map(|q| {
            format!(
                "{} [{}] cue={} spk={} {}",
                q.kind.as_str(),
                doc.span_text(q.content),
                t(q.cue),
                t(q.speaker_mention),
                q.rule
            )
        })
        .collect();
    assert_eq!(got, expect);
}

#[test]
fn cue_after_and_before() {
    check(
        "\"We will not stop,\" said Foreign Minister Ivan Petrov. Later he added: \"Talks are over.\"",
        &[
            "direct [\"We will not stop,\"] cue=said spk=Foreign Minister Ivan Petrov quote-cue-after",
            "direct [\"Talks are over.\"] cue=added spk=he quote-cue-before",
        ],
    );
}

#[test]
fn split_quote_is_one_attribution() {
    check(
        "“The ceasefire holds,” the spokesman told reporters. “Nobody wants more fighting.”",
        &[
            "direct [“The ceasefire holds,”] cue=told spk=the spokesman quote-cue-after",
            "direct [“Nobody wants more fighting.”] cue=told spk=the spokesman quote-cue-after",
        ],
    );
}

#[test]
fn quote_runs_across_paragraphs() {
    check(
        "Mayor Anna Berg said: \"The bridge will open in May.\n\n\"After that we start on the school.\"\n\n\"It is a good year,\" she said.",
        &[
            "direct [\"The bridge will open in May.\n\n\"After that we start on the school.\"] \
             cue=said spk=Mayor Anna Berg quote-cue-before",
            "direct [\"It is a good year,\"] cue=said spk=she quote-cue-after",
        ],
    );
}

#[test]
fn partial_and_indirect_speech() {
    check(
        "The ministry called the reports \"clichés and fakes\". General Omar Said told reporters that the army would withdraw from the town.",
        &[
            "partial [\"clichés and fakes\"] cue=called spk=The ministry partial",
            "indirect [that the army would withdraw from the town] cue=told spk=General Omar Said x-said-that",
        ],
    );
    check(
        "According to the United Nations, more than 300 people were killed. The rebels accused the government of shelling the market.",
        &[
            "indirect [more than 300 people were killed] cue=According to spk=the United Nations according-to",
            "indirect [the government of shelling the market] cue=accused spk=The rebels x-said-that",
        ],
    );
}

#[test]
fn doubled_apostrophes_quote() {
    check(
        "''We will not back down,'' said Senator Ann Lee on Monday.",
        &["direct ['We will not back down,'] cue=said spk=Senator Ann Lee quote-cue-after"],
    );
}

#[test]
fn attribution_at_the_end_of_a_run_on_sentence() {
    check(
        "\"It seems very unlikely\" that the plan can pass, said Steve Moss, a strategist.",
        &["direct [\"It seems very unlikely\"] cue=said spk=Steve Moss quote-cue-after"],
    );
    check(
        "\"Congress has failed to act.\" it read.",
        &["direct [\"Congress has failed to act.\"] cue=read spk=it quote-cue-after"],
    );
}

#[test]
fn clause_after_the_cue_and_participle_speech() {
    // A clause after "said" is the content, not the text before the comma.
    check(
        "After the vote on Monday, both senators said the bill was dead.",
        &["indirect [the bill was dead] cue=said spk=both senators x-said-that"],
    );
    // "…, saying …" reports the speech of the sentence's subject.
    check(
        "The army shelled the town, saying rebels had used it as a base.",
        &["indirect [rebels had used it as a base] cue=saying spk=The army comma-saying"],
    );
}

#[test]
fn speakers_link_to_actors() {
    let doc = run("\"We reject the plan,\" Russian Foreign Minister Sergei Lavrov said on Monday.");
    let q = &doc.quotes[0];
    let actor = q
        .speaker
        .as_ref()
        .map(|a| (a.code.as_str(), a.iso3.as_deref()));
    assert_eq!(actor, Some(("RUSGOV", Some("RUS"))));
}
