//! The `Doc` and its token columns.

use serde::{Deserialize, Serialize};

use crate::{
    ByteSpan, DepRel, Diag, DocMeta, Ent, Event, Mention, Place, Quote, TimeEx, TokRange, Upos,
    Xpos,
};

/// Token attributes as parallel columns.
///
/// Invariant: every column has the same length; offsets are byte offsets on `char`
/// boundaries of the owning doc's text. `head[i] == i` marks a root (or an unparsed token).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenCols {
    start: Vec<u32>,
    end: Vec<u32>,
    upos: Vec<Upos>,
    xpos: Vec<Xpos>,
    lemma: Vec<String>,
    head: Vec<u32>,
    dep: Vec<DepRel>,
}

impl TokenCols {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.start.len()
    }

    /// True when there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.start.is_empty()
    }

    /// Appends a token with byte offsets `[start, end)`; other columns get defaults and
    /// the token is its own head.
    pub fn push(&mut self, start: usize, end: usize) {
        let i = self.start.len() as u32;
        self.start.push(start as u32);
        self.end.push(end as u32);
        self.upos.push(Upos::X);
        self.xpos.push(Xpos::default());
        self.lemma.push(String::new());
        self.head.push(i);
        self.dep.push(DepRel::default());
    }

    /// Removes every token.
    pub fn clear(&mut self) {
        *self = TokenCols::default();
    }

    /// Start byte offsets.
    pub fn starts(&self) -> &[u32] {
        &self.start
    }
    /// End byte offsets.
    pub fn ends(&self) -> &[u32] {
        &self.end
    }
    /// UPOS column.
    pub fn upos(&self) -> &[Upos] {
        &self.upos
    }
    /// UPOS column, writable in place.
    pub fn upos_mut(&mut self) -> &mut [Upos] {
        &mut self.upos
    }
    /// XPOS column.
    pub fn xpos(&self) -> &[Xpos] {
        &self.xpos
    }
    /// XPOS column, writable in place.
    pub fn xpos_mut(&mut self) -> &mut [Xpos] {
        &mut self.xpos
    }
    /// Lemma column.
    pub fn lemmas(&self) -> &[String] {
        &self.lemma
    }
    /// Lemma column, writable in place.
    pub fn lemmas_mut(&mut self) -> &mut [String] {
        &mut self.lemma
    }
    /// Head column: absolute token indices.
    pub fn heads(&self) -> &[u32] {
        &self.head
    }
    /// Head column, writable in place.
    pub fn heads_mut(&mut self) -> &mut [u32] {
        &mut self.head
    }
    /// Relation column.
    pub fn deps(&self) -> &[DepRel] {
        &self.dep
    }
    /// Relation column, writable in place.
    pub fn deps_mut(&mut self) -> &mut [DepRel] {
        &mut self.dep
    }
}

/// One article and its annotation layers.
///
/// The text is fixed at construction, since every offset points into it. Layers are
/// public: each has one writer (see [`crate::Layer`]), and any value is valid.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    /// Article metadata.
    pub meta: DocMeta,
    text: String,
    /// The headline's place in the text, when the text starts with it.
    pub title_span: Option<ByteSpan>,
    /// Token columns (`Tokens`, `Pos`, `Lemmas`, `Deps` layers).
    pub tokens: TokenCols,
    /// Sentences as token ranges, in order (`Sents` layer).
    pub sents: Vec<TokRange>,
    /// Named entities (`Ents` layer).
    pub ents: Vec<Ent>,
    /// Actor mentions resolved to codes (`Actors` layer).
    pub mentions: Vec<Mention>,
    /// Coded events (`Events` layer).
    pub events: Vec<Event>,
    /// Quotes and reported statements (`Quotes` layer).
    pub quotes: Vec<Quote>,
    /// Time expressions (`Times` layer).
    pub times: Vec<TimeEx>,
    /// Geocoded places (`Places` layer).
    pub places: Vec<Place>,
    /// Content problems noticed on the way; never fatal.
    pub diagnostics: Vec<Diag>,
}

impl Doc {
    /// A doc with this metadata and clean text, and no layers yet.
    pub fn new(meta: DocMeta, text: String) -> Doc {
        Doc {
            meta,
            text,
            ..Doc::default()
        }
    }

    /// The clean text every offset points into.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text of a byte span.
    pub fn span_text(&self, span: ByteSpan) -> &str {
        &self.text[span.start as usize..span.end as usize]
    }

    /// A view of token `i`. Panics when `i` is out of range.
    pub fn token(&self, i: usize) -> Token<'_> {
        assert!(i < self.tokens.len(), "token index {i} out of range");
        Token { doc: self, i }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True when the doc has no tokens.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Byte span of a token range; empty at 0 for an empty range.
    pub fn range_span(&self, r: TokRange) -> ByteSpan {
        if r.is_empty() {
            return ByteSpan::default();
        }
        ByteSpan {
            start: self.tokens.start[r.start as usize],
            end: self.tokens.end[r.end as usize - 1],
        }
    }

    /// The sentence index holding token `i`, found by binary search.
    pub fn sent_of(&self, i: usize) -> Option<usize> {
        let i = i as u32;
        let k = self.sents.partition_point(|s| s.end <= i);
        (k < self.sents.len() && self.sents[k].start <= i).then_some(k)
    }

    /// The sentence index holding byte offset `b`.
    pub fn sent_at_byte(&self, b: usize) -> Option<usize> {
        let k = self.tokens.end.partition_point(|&e| (e as usize) <= b);
        if k >= self.len() {
            return self.sents.len().checked_sub(1);
        }
        self.sent_of(k)
    }

    /// Tokens covering a byte span (those that overlap it).
    pub fn tokens_in(&self, span: ByteSpan) -> TokRange {
        let s = self.tokens.end.partition_point(|&e| e <= span.start);
        let e = self.tokens.start.partition_point(|&st| st < span.end);
        TokRange::new(s, e.max(s))
    }
}

/// A token view: a doc plus an index.
#[derive(Clone, Copy, Debug)]
pub struct Token<'d> {
    doc: &'d Doc,
    i: usize,
}

impl<'d> Token<'d> {
    /// The token's index.
    pub fn i(self) -> usize {
        self.i
    }
    /// The token's text.
    pub fn text(self) -> &'d str {
        &self.doc.text[self.doc.tokens.start[self.i] as usize..self.doc.tokens.end[self.i] as usize]
    }
    /// Its byte span.
    pub fn span(self) -> ByteSpan {
        ByteSpan {
            start: self.doc.tokens.start[self.i],
            end: self.doc.tokens.end[self.i],
        }
    }
    /// Its UPOS tag.
    pub fn upos(self) -> Upos {
        self.doc.tokens.upos[self.i]
    }
    /// Its PTB tag.
    pub fn xpos(self) -> Xpos {
        self.doc.tokens.xpos[self.i]
    }
    /// Its lemma; empty before lemmatisation.
    pub fn lemma(self) -> &'d str {
        &self.doc.tokens.lemma[self.i]
    }
    /// Its head; itself for roots.
    pub fn head(self) -> Token<'d> {
        Token {
            doc: self.doc,
            i: self.doc.tokens.head[self.i] as usize,
        }
    }
    /// Its relation to its head.
    pub fn dep(self) -> DepRel {
        self.doc.tokens.dep[self.i]
    }
    /// Dependents of this token, in order.
    pub fn children(self) -> impl Iterator<Item = Token<'d>> + 'd {
        let doc = self.doc;
        let i = self.i;
        let range = doc
            .sent_of(i)
            .map(|s| doc.sents[s].iter())
            .unwrap_or(0..doc.len());
        range
            .filter(move |&j| j != i && doc.tokens.head[j] as usize == i)
            .map(move |j| Token { doc, i: j })
    }
    /// True when whitespace follows the token in the text.
    pub fn space_after(self) -> bool {
        let e = self.doc.tokens.end[self.i] as usize;
        self.doc.text[e..].starts_with(char::is_whitespace)
    }
}

/// Maps byte offsets of a text to character offsets, for outputs meant for users.
#[derive(Clone, Debug)]
pub struct CharMap {
    /// Byte offsets at which each char starts, plus the text length.
    starts: Vec<u32>,
    ascii: bool,
}

impl CharMap {
    /// Builds the map for `text`. ASCII texts need no table.
    pub fn new(text: &str) -> CharMap {
        if text.is_ascii() {
            return CharMap {
                starts: vec![text.len() as u32],
                ascii: true,
            };
        }
        let mut starts: Vec<u32> = text.char_indices().map(|(b, _)| b as u32).collect();
        starts.push(text.len() as u32);
        CharMap {
            starts,
            ascii: false,
        }
    }

    /// The character offset of byte offset `b` (which should be a char boundary).
    pub fn char_of(&self, b: u32) -> u32 {
        if self.ascii {
            return b;
        }
        self.starts.partition_point(|&s| s < b) as u32
    }

    /// The byte offset of character offset `c`.
    pub fn byte_of(&self, c: u32) -> u32 {
        if self.ascii {
            return c;
        }
        self.starts
            .get(c as usize)
            .copied()
            .unwrap_or(*self.starts.last().unwrap_or(&0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DocMeta;

    fn doc(text: &str, toks: &[(usize, usize)]) -> Doc {
        let mut d = Doc::new(DocMeta::new("x", "t"), text.to_string());
        for &(s, e) in toks {
            d.tokens.push(s, e);
        }
        d
    }

    #[test]
    fn spans_and_sentences() {
        let mut d = doc(
            "Kerry met Lavrov. He left.",
            &[
                (0, 5),
                (6, 9),
                (10, 16),
                (16, 17),
                (18, 20),
                (21, 25),
                (25, 26),
            ],
        );
        d.sents = vec![TokRange::new(0, 4), TokRange::new(4, 7)];
        assert_eq!(d.sent_of(5), Some(1));
        assert_eq!(d.sent_at_byte(7), Some(0));
        assert_eq!(
            d.span_text(d.range_span(TokRange::new(0, 3))),
            "Kerry met Lavrov"
        );
        assert_eq!(d.tokens_in(ByteSpan::new(6, 12)), TokRange::new(1, 3));
        d.tokens.heads_mut()[0] = 1;
        d.tokens.heads_mut()[2] = 1;
        let kids: Vec<&str> = d.token(1).children().map(|t| t.text()).collect();
        assert_eq!(kids, ["Kerry", "Lavrov"]);
        assert!(d.token(0).space_after());
        assert!(!d.token(2).space_after());
    }

    #[test]
    fn char_map_counts_multibyte() {
        let m = CharMap::new("a – b");
        assert_eq!(m.char_of(0), 0);
        assert_eq!(m.char_of(6), 4); // 'b' after a 3-byte dash
        assert_eq!(m.byte_of(4), 6);
    }

    #[test]
    fn json_round_trip() {
        let d = doc("Hi.", &[(0, 2), (2, 3)]);
        let s = serde_json::to_string(&d).unwrap();
        let back: Doc = serde_json::from_str(&s).unwrap();
        assert_eq!(back, d);
    }
}
