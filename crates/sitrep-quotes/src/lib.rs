//! Quotes and reported speech with their speakers.
//!
//! # Brief overview
//! - [`QuoteFinder`] is the pipeline component (name `quotes`): it requires `Tokens`,
//!   `Sents`, `Pos` and `Actors`, and fills `doc.quotes` with [`sitrep_doc::Quote`]
//!   records (kind, content, cue, speaker mention, speaker actor, rule).
//! - **Direct** quotes come from paired quotation marks, with news conventions: a
//!   paragraph that opens a quote without closing it continues into the next paragraph
//!   that opens with a mark; `"A," he said, "B."` is one quote; a bare quote paragraph
//!   right after an attributed one keeps that speaker. The cue is a speech verb next to
//!   the quote (`"…," said X`, `"…," X said`, `X said: "…"`, `according to X, "…"`).
//! - **Partial** quotes are short quoted phrases inside a sentence that reports speech
//!   (`called it "clichés and fakes"`).
//! - **Indirect** speech: `X said (that) …`, `…, X said`, `according to X, …`,
//!   `X told reporters …`, `X accused Y of …`, `X denied that …`.
//! - Speakers are noun phrases next to the cue; each is linked to the actor of an
//!   overlapping `doc.mentions` entry (which covers names, titles, pronouns and role
//!   nominals), else to the nearest person entity.
//!
//! # Design choice: rules on marks and speech verbs, no trained model
//! Attribution in news follows a few fixed shapes around a small set of speech verbs, and
//! quotation marks delimit direct speech exactly. Rules keep each record explainable
//! (its `rule` says which shape fired) and need no training data.
#![deny(missing_docs)]

mod extract;
mod marks;

use sitrep_doc::{Doc, Layer};
use sitrep_pipeline::{Component, ComponentMeta};

/// The `quotes` component: fills `doc.quotes`.
#[derive(Clone, Copy, Debug, Default)]
pub struct QuoteFinder;

impl QuoteFinder {
    /// A finder; it holds no model.
    pub fn new() -> QuoteFinder {
        QuoteFinder
    }
}

const META: ComponentMeta = ComponentMeta {
    name: "quotes",
    requires: &[Layer::Tokens, Layer::Sents, Layer::Pos, Layer::Actors],
    assigns: &[Layer::Quotes],
};

impl Component for QuoteFinder {
    fn meta(&self) -> &ComponentMeta {
        &META
    }

    fn process(&self, doc: &mut Doc) {
        doc.quotes = extract::quotes(doc);
    }
}
