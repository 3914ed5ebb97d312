//! A hand-written mini news story, the shared sample for CLI tests. Invented text.

/// A plain-text page dump: navigation, headline, date line, caption, body, footer.
pub const STORY: &str = "\
Skip to main content

Freedonia recalls envoy after border incident

3 min read

Freedonia on Tuesday recalled its ambassador from Sylvania after soldiers from both sides \
exchanged fire at a border post, the foreign ministry said.

\"We will not accept provocations,\" the Freedonian foreign minister told reporters in the capital.

Sylvania's government rejected the accusation and called for talks.

Subscribe to our newsletter
";

/// A second, different story.
pub const STORY_2: &str = "\
Harbour reopens after storm

Fishing boats returned to the harbour on Wednesday after a storm closed it for three days.

Local officials said repairs to the pier would take a month.
";
