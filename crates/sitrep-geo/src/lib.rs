//! Toponym detection and geocoding against a compact GeoNames gazetteer compiled into
//! the binary.
//!
//! # Brief overview
//! - [`Gazetteer`] holds ~272k places: countries (with demonyms), first- and second-level
//!   divisions, towns of 500+ people and regions, built by `tools/build_gazetteer.sh` from
//!   registry packages (GeoNames data, CC BY 4.0; Natural Earth points, public domain) and
//!   embedded as `data/gazetteer.tsv.gz`.
//! - [`resolve_all`] resolves every toponym of a document together: a prior from population
//!   and kind (countries and capitals first), then support from the other places in the
//!   same text, so "Homs" beside "Aleppo" lands in Syria.
//! - [`Geocoder`] is the pipeline component: it finds toponyms (NER `LOC`/`GPE`/`NORP`
//!   spans confirmed by the gazetteer, plus salient gazetteer names outside any entity) and
//!   writes `doc.places`.
//!
//! # Design choice: context over machine learning
//! Resolution is a handful of transparent scores rather than a trained ranker: news
//! toponyms are dominated by countries, capitals and big cities, and the remaining
//! ambiguity ("Damascus, Oregon") is settled by the article's other places. Every
//! record says which rule (`prior` or `context`) chose it.
//!
//! ```
//! let gaz = sitrep_geo::Gazetteer::embedded().unwrap();
//! let names = ["Homs", "Aleppo", "Syria"].map(sitrep_geo::Toponym::new);
//! let res = sitrep_geo::resolve_all(gaz, &names);
//! assert_eq!(gaz.entry(res[0].unwrap().entry).iso3, "SYR");
//! ```
#![deny(missing_docs)]

mod gazetteer;
mod resolve;

pub use gazetteer::{normalize, Entry, Gazetteer, Kind, NameKind};
pub use resolve::{haversine_km, resolve_all, Resolution, Toponym};

use sitrep_doc::{ByteSpan, Doc, EntLabel, Layer, Place};
use sitrep_pipeline::{Component, ComponentMeta};

/// Why the geocoder could not start.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    /// The embedded gazetteer is unreadable.
    #[error("gazetteer: {0}")]
    Gazetteer(String),
}

/// Capitalised words that name places only as parts of longer names ("Western Sahara",
/// "West Bank"), or that are function words at a sentence start ("On Monday").
const NOT_ALONE: &[&str] = &[
    "west",
    "western",
    "east",
    "eastern",
    "north",
    "northern",
    "south",
    "southern",
    "central",
    "union",
    "on",
    "in",
    "at",
    "of",
    "is",
    "it",
    "as",
    "by",
    "to",
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "if",
    "so",
    "no",
    "not",
    "all",
    "new",
    "old",
    "great",
    "independence",
    "liberty",
    "victoria",
    "mobile",
    "reading",
    "bath",
    "nice",
    "split",
    "hope",
    "march",
    "may",
    "june",
    "florence",
    "eugene",
    "sydney",
    "lincoln",
    "jackson",
    "franklin",
    "clinton",
    "trump",
];

/// Division words that may follow a name inside a toponym ("Latakia province").
const SUFFIXES: &[&str] = &[
    "province",
    "governorate",
    "region",
    "state",
    "county",
    "oblast",
];

/// The geocoding component: writes `doc.places`.
pub struct Geocoder {
    gaz: &'static Gazetteer,
}

impl Geocoder {
    /// A geocoder over the embedded gazetteer.
    pub fn new() -> Result<Geocoder, GeoError> {
        Ok(Geocoder {
            gaz: Gazetteer::embedded()?,
        })
    }

    /// Toponym spans in the doc: `(sentence, span)`, in text order.
    pub fn detect(&self, doc: &Doc) -> Vec<(u32, ByteSpan)> {
        let text = doc.text();
        let starts = doc.tokens.starts();
        let ends = doc.tokens.ends();
        let mut found = Vec::new();
        for (si, sent) in doc.sents.iter().enumerate() {
            let mut i = sent.start as usize;
            while i < sent.end as usize {
                let first = &text[starts[i] as usize..ends[i] as usize];
                if !first.starts_with(|c: char| c.is_uppercase()) {
                    i += 1;
                    continue;
                }
                let max_j = (sent.end as usize).min(i + self.gaz.max_tokens() + 1);
                let mut matched = None;
                for j in (i + 1..=max_j).rev() {
                    let last = &text[starts[j - 1] as usize..ends[j - 1] as usize];
                    let last_ok = last.starts_with(|c: char| c.is_uppercase())
                        || (j - 1 > i && SUFFIXES.contains(&last));
                    if !last_ok {
                        continue;
                    }
                    let span = ByteSpan {
                        start: starts[i],
                        end: ends[j - 1],
                    };
                    if self.accept(doc, span, i == sent.start as usize) {
                        matched = Some((j, span));
                        break;
                    }
                }
                match matched {
                    Some((j, span)) => {
                        found.push((si as u32, span));
                        i = j;
                    }
                    None => i += 1,
                }
            }
        }
        found
    }

    fn accept(&self, doc: &Doc, span: ByteSpan, sentence_initial: bool) -> bool {
        let name = doc.span_text(span);
        if !name.contains(' ') && NOT_ALONE.contains(&normalize(name).as_str()) {
            return false;
        }
        // Short all-capital words are acronyms ("IS", "UN") unless they name a country ("US").
        let acronym = name.len() <= 3 && name.chars().all(|c| c.is_ascii_uppercase());
        let cands = self.gaz.lookup(name);
        let (cands, division) = if cands.is_empty() {
            // "Homs province": the name without its division word.
            match name.rsplit_once(' ') {
                Some((head, last)) if SUFFIXES.contains(&last) => (self.gaz.lookup(head), true),
                _ => return false,
            }
        } else {
            (cands, false)
        };
        if cands.is_empty()
            || (acronym
                && !cands
                    .iter()
                    .any(|&(e, _)| self.gaz.entry(e).kind == Kind::Country))
        {
            return false;
        }
        // Capitals and countries tagged ORG are metonyms ("Moscow said"): still places.
        let landmark = cands.iter().any(|&(e, how)| {
            let en = self.gaz.entry(e);
            how != NameKind::Alternate && (en.kind == Kind::Country || en.capital)
        });
        let mut in_place_ent = false;
        for ent in &doc.ents {
            let es = doc.range_span(ent.tokens);
            if !es.overlaps(span) {
                continue;
            }
            match ent.label {
                EntLabel::Loc | EntLabel::Gpe | EntLabel::Norp
                    if es.contains(span) || span.contains(es) =>
                {
                    in_place_ent = true
                }
                EntLabel::Org if landmark && es == span => in_place_ent = true,
                _ => return false,
            }
        }
        if in_place_ent || division {
            return true;
        }
        // Outside any entity, only names that are hard to mistake for something else.
        cands.iter().any(|&(e, how)| {
            let en = self.gaz.entry(e);
            let salient = match en.kind {
                Kind::Country | Kind::Region => true,
                Kind::Admin1 => !sentence_initial && how == NameKind::Primary,
                // "Plymouth County", not a bare "Suffolk" outside any entity.
                Kind::Admin2 => !sentence_initial && how == NameKind::Primary && name.contains(' '),
                Kind::City => en.capital || (!sentence_initial && en.population >= 100_000),
            };
            salient && (how != NameKind::Alternate || name.contains(' '))
        })
    }
}

/// Toponyms for [`resolve_all`] from spans in text order, each qualified by the next one
/// when only a comma stands between them ("Paris, Texas").
pub fn toponyms<'a>(text: &'a str, spans: &[ByteSpan]) -> Vec<Toponym<'a>> {
    spans
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let qualifier = spans.get(i + 1).and_then(|n| {
                let between = text.get(s.end as usize..n.start as usize)?;
                (between.trim() == ",").then_some(i + 1)
            });
            let name = text.get(s.start as usize..s.end as usize).unwrap_or("");
            Toponym { name, qualifier }
        })
        .collect()
}

impl Component for Geocoder {
    fn meta(&self) -> &ComponentMeta {
        const META: ComponentMeta = ComponentMeta {
            name: "geo",
            requires: &[Layer::Tokens, Layer::Sents, Layer::Ents],
            assigns: &[Layer::Places],
        };
        &META
    }

    fn process(&self, doc: &mut Doc) {
        let found = self.detect(doc);
        let spans: Vec<ByteSpan> = found.iter().map(|(_, s)| *s).collect();
        let resolved = resolve_all(self.gaz, &toponyms(doc.text(), &spans));
        let places: Vec<Place> = found
            .iter()
            .zip(resolved)
            .filter_map(|(&(sent, span), r)| {
                let r = r?;
                let en = self.gaz.entry(r.entry);
                Some(Place {
                    sent,
                    span,
                    name: en.name.clone(),
                    lat: en.lat,
                    lon: en.lon,
                    iso3: (!en.iso3.is_empty()).then(|| en.iso3.clone()),
                    admin1: (!en.admin1.is_empty()).then(|| en.admin1.clone()),
                    geonames_id: (en.geonames_id != 0).then_some(en.geonames_id),
                    rule: if r.how == NameKind::Demonym {
                        format!("gazetteer:demonym:{}", r.rule)
                    } else {
                        format!("gazetteer:{}", r.rule)
                    },
                })
            })
            .collect();
        doc.places = places;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_doc::{DocMeta, Ent, TokRange};

    fn resolve_one(names: &[&str]) -> Vec<(String, String)> {
        let gaz = Gazetteer::embedded().unwrap();
        let names: Vec<Toponym> = names.iter().map(|n| Toponym::new(n)).collect();
        resolve_all(gaz, &names)
            .into_iter()
            .map(|r| {
                r.map_or(("-".into(), "-".into()), |r| {
                    let e = gaz.entry(r.entry);
                    (e.name.clone(), e.iso3.clone())
                })
            })
            .collect()
    }

    #[test]
    fn syrian_context_picks_syrian_cities() {
        let got = resolve_one(&[
            "Damascus",
            "Aleppo",
            "Homs",
            "Latakia province",
            "Munich",
            "Geneva",
        ]);
        let want = [
            ("Damascus", "SYR"),
            ("Aleppo", "SYR"),
            ("Homs", "SYR"),
            ("Latakia", "SYR"),
            ("Munich", "DEU"),
            ("Geneva", "CHE"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn context_moves_an_ambiguous_name() {
        // Alone, "Georgia" is the country; among US states it is the state.
        assert_eq!(resolve_one(&["Georgia"])[0].1, "GEO");
        assert_eq!(
            resolve_one(&["Georgia", "Alabama", "Atlanta"])[0],
            ("Georgia".to_string(), "USA".to_string())
        );
    }

    #[test]
    fn detects_places_but_not_people() {
        let text = "Kerry met officials in Aleppo and Homs province, Syrian sources said.";
        let mut doc = Doc::new(DocMeta::new("t", "t"), text.to_string());
        let mut pos = 0;
        for w in text.split_inclusive([' ', ',', '.']) {
            let w_trim = w.trim_end_matches([' ', ',', '.']);
            doc.tokens.push(pos, pos + w_trim.len());
            if w.len() > w_trim.len() + 1 || (w.ends_with(['.', ',']) && !w_trim.is_empty()) {
                let p = pos + w_trim.len();
                if w[w_trim.len()..].starts_with([',', '.']) {
                    doc.tokens.push(p, p + 1);
                }
            }
            pos += w.len();
        }
        doc.sents = vec![TokRange::new(0, doc.len())];
        doc.ents = vec![Ent {
            tokens: TokRange::new(0, 1),
            label: EntLabel::Per,
        }];
        let geo = Geocoder::new().unwrap();
        geo.process(&mut doc);
        let got: Vec<(&str, &str)> = doc
            .places
            .iter()
            .map(|p| (doc.span_text(p.span), p.name.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Aleppo", "Aleppo"),
                ("Homs province", "Homs"),
                ("Syrian", "Syria")
            ]
        );
    }

    #[test]
    fn a_comma_qualifier_decides() {
        let text = "Paris, Texas";
        let spans = [ByteSpan::new(0, 5), ByteSpan::new(7, 12)];
        let gaz = Gazetteer::embedded().unwrap();
        let r = resolve_all(gaz, &toponyms(text, &spans));
        let e = gaz.entry(r[0].unwrap().entry);
        assert_eq!(
            (e.name.as_str(), e.iso3.as_str(), e.admin1.as_str()),
            ("Paris", "USA", "Texas")
        );
    }

    #[test]
    fn a_county_resolves_among_its_namesakes() {
        let gaz = Gazetteer::embedded().unwrap();
        let names = ["Adair County", "Kentucky", "Glasgow", "Ky."].map(Toponym::new);
        let r = resolve_all(gaz, &names);
        let county = gaz.entry(r[0].unwrap().entry);
        assert_eq!(
            (county.kind, county.admin1.as_str(), county.iso3.as_str()),
            (Kind::Admin2, "Kentucky", "USA")
        );
        assert_eq!(gaz.entry(r[2].unwrap().entry).admin1, "Kentucky");
    }

    #[test]
    fn unlisted_county_falls_back_to_its_state() {
        let r = resolve_one(&["Nowhereville County", "Kentucky", "Glasgow", "Ky."]);
        assert_eq!(r[0], ("Kentucky".to_string(), "USA".to_string()));
    }

    #[test]
    fn an_unlisted_place_lands_at_the_text_focus() {
        let gaz = Gazetteer::embedded().unwrap();
        let names = ["Nairobi", "Kenya", "Qwertyville", "Mombasa"].map(Toponym::new);
        let r = resolve_all(gaz, &names);
        let r2 = r[2].unwrap();
        assert_eq!(
            (gaz.entry(r2.entry).iso3.as_str(), r2.rule),
            ("KEN", "document-focus")
        );
        // With no other place in the text there is no focus to fall back on.
        assert!(resolve_all(gaz, &[Toponym::new("Qwertyville")])[0].is_none());
    }

    #[test]
    fn accents_and_their_absence_meet() {
        let r = resolve_one(&["Zurich", "Sao Paulo", "İstanbul", "Maharashtra"]);
        let iso: Vec<&str> = r.iter().map(|(_, i)| i.as_str()).collect();
        assert_eq!(iso, ["CHE", "BRA", "TUR", "IND"]);
    }

    #[test]
    fn repeated_names_are_one_decision_and_do_not_outvote_the_text() {
        // Three "Edmonton"s must not vote Alberta against Queensland and Cairns.
        let r = resolve_one(&[
            "Queensland",
            "Edmonton",
            "Cairns",
            "Edmonton",
            "Queensland",
            "Edmonton",
        ]);
        assert!(r.iter().all(|(_, iso)| iso == "AUS"), "{r:?}");
        // "GLASGOW, Ky." settles every later "Glasgow".
        let text = "GLASGOW, Ky. Later in Glasgow";
        let spans = [
            ByteSpan::new(0, 7),
            ByteSpan::new(9, 12),
            ByteSpan::new(22, 29),
        ];
        let gaz = Gazetteer::embedded().unwrap();
        let r = resolve_all(gaz, &toponyms(text, &spans));
        assert_eq!(gaz.entry(r[2].unwrap().entry).admin1, "Kentucky");
    }

    #[test]
    fn haversine_is_in_km() {
        let d = haversine_km(48.1374, 11.5755, 46.2022, 6.1457); // Munich - Geneva
        assert!((d - 463.0).abs() < 5.0, "{d}");
    }
}
