//! Toponym resolution: a population and kind prior, then document context.

use std::collections::HashMap;

use crate::gazetteer::{normalize, Gazetteer, Kind, NameKind};

/// Suffix words that mark a first-level division ("Homs province").
const ADMIN_WORDS: &[&str] = &[
    "province",
    "governorate",
    "state",
    "region",
    "county",
    "oblast",
    "prefecture",
    "district",
];

/// A mention's winning entry and the rule that chose it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Resolution {
    /// Gazetteer entry id.
    pub entry: u32,
    /// `prior` (population and kind alone) or `context` (other places in the text changed it).
    pub rule: &'static str,
}

struct Cand {
    entry: u32,
    prior: f64,
}

/// A name stripped of articles, possessives and division words, plus whether a division
/// word asked for a first-level division.
fn clean(name: &str) -> (String, bool) {
    let mut key = normalize(name);
    for prefix in ["the "] {
        if let Some(rest) = key.strip_prefix(prefix) {
            key = rest.to_string();
        }
    }
    if let Some(rest) = key.strip_suffix("'s") {
        key = rest.to_string();
    }
    let mut admin = false;
    if let Some((head, last)) = key.rsplit_once(' ') {
        if ADMIN_WORDS.contains(&last) {
            admin = true;
            key = head.to_string();
        }
    }
    (key, admin)
}

fn candidates(gaz: &Gazetteer, name: &str) -> Vec<Cand> {
    let (key, admin) = clean(name);
    let mut found = gaz.lookup(&key);
    if found.is_empty() && key != normalize(name) {
        found = gaz.lookup(name);
    }
    let wants_admin = admin
        && found
            .iter()
            .any(|(e, _)| gaz.entry(*e).kind == Kind::Admin1);
    found
        .iter()
        .filter(|(e, _)| !wants_admin || gaz.entry(*e).kind == Kind::Admin1)
        .map(|&(e, how)| {
            let en = gaz.entry(e);
            // Famous places have many names: a small nudge toward Geneva, Switzerland over
            // its namesakes when nothing else in the text decides.
            let mut prior = ((en.population + 10) as f64).ln() + 0.5 * f64::from(en.names).ln_1p();
            prior += match en.kind {
                Kind::Country => 5.0,
                // Divisions sum their towns' people; discount so "Geneva" stays the city.
                Kind::Admin1 => -1.0,
                Kind::City if en.capital => 3.0,
                Kind::City => 0.0,
                // Continents are named far less often than the countries inside them.
                Kind::Region => -4.0,
            };
            if how == NameKind::Alternate {
                prior -= 1.5;
            }
            Cand { entry: e, prior }
        })
        .collect()
}

/// A toponym to resolve: its text, and the mention that qualifies it, as "Texas" does in
/// "Paris, Texas".
#[derive(Clone, Copy, Debug)]
pub struct Toponym<'a> {
    /// The toponym's text.
    pub name: &'a str,
    /// Index of the qualifying mention, when one follows after a comma.
    pub qualifier: Option<usize>,
}

impl<'a> Toponym<'a> {
    /// A toponym with no qualifier.
    pub fn new(name: &'a str) -> Toponym<'a> {
        Toponym {
            name,
            qualifier: None,
        }
    }
}

/// Words that make a name an unlisted division ("Adair County"): when the gazetteer lacks
/// it, the division most supported by the text's other places stands in.
const UNLISTED_DIVISIONS: &[&str] = &[
    "county",
    "district",
    "parish",
    "borough",
    "township",
    "municipality",
];

/// Resolves every toponym in a document together, so that places support each other:
/// "Homs" beside "Aleppo" and "Syria" is the Syrian city, not a namesake elsewhere.
pub fn resolve_all(gaz: &Gazetteer, mentions: &[Toponym]) -> Vec<Option<Resolution>> {
    let cands: Vec<Vec<Cand>> = mentions.iter().map(|m| candidates(gaz, m.name)).collect();
    let best_by = |i: usize, score: &dyn Fn(&Cand) -> f64| -> Option<u32> {
        cands[i]
            .iter()
            .max_by(|a, b| score(a).total_cmp(&score(b)).then(b.entry.cmp(&a.entry)))
            .map(|c| c.entry)
    };
    let mut top: Vec<Option<u32>> = (0..mentions.len())
        .map(|i| best_by(i, &|c| c.prior))
        .collect();
    let prior_top = top.clone();
    let mut country: HashMap<&str, f64> = HashMap::new();
    let mut admin: HashMap<(&str, &str), f64> = HashMap::new();
    for _ in 0..3 {
        // Country and division support from every mention's current choice.
        country.clear();
        admin.clear();
        for e in top.iter().flatten() {
            let en = gaz.entry(*e);
            if en.iso3.is_empty() {
                continue;
            }
            *country.entry(en.iso3.as_str()).or_default() +=
                if en.kind == Kind::Country { 2.0 } else { 1.0 };
            if en.kind != Kind::Country {
                *admin
                    .entry((en.iso3.as_str(), en.admin1.as_str()))
                    .or_default() += 1.0;
            }
        }
        let next: Vec<Option<u32>> = (0..mentions.len())
            .map(|i| {
                let own = top[i].map(|t| gaz.entry(t));
                let qual = mentions[i]
                    .qualifier
                    .and_then(|q| top[q])
                    .map(|q| gaz.entry(q));
                best_by(i, &|c| {
                    let en = gaz.entry(c.entry);
                    // A mention must not vote for itself.
                    let own_c = own.filter(|o| o.iso3 == en.iso3).map_or(0.0, |o| {
                        if o.kind == Kind::Country {
                            2.0
                        } else {
                            1.0
                        }
                    });
                    let own_a = own
                        .filter(|o| {
                            o.kind != Kind::Country && o.iso3 == en.iso3 && o.admin1 == en.admin1
                        })
                        .map_or(0.0, |_| 1.0);
                    let c_support = country.get(en.iso3.as_str()).copied().unwrap_or(0.0) - own_c;
                    let a_support = if en.kind == Kind::Country {
                        0.0
                    } else {
                        admin
                            .get(&(en.iso3.as_str(), en.admin1.as_str()))
                            .copied()
                            .unwrap_or(0.0)
                            - own_a
                    };
                    // "Paris, Texas": the qualifier all but decides.
                    let qualified = qual.is_some_and(|q| {
                        q.iso3 == en.iso3 && (q.kind == Kind::Country || q.admin1 == en.admin1)
                    });
                    c.prior
                        + 3.0 * c_support.min(3.0)
                        + 1.5 * a_support.min(2.0)
                        + if qualified { 12.0 } else { 0.0 }
                })
            })
            .collect();
        if next == top {
            break;
        }
        top = next;
    }
    let fallback = || -> Option<u32> {
        let ((iso3, a1), _) = admin
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))?;
        let (id, _) = gaz
            .lookup(a1)
            .iter()
            .find(|(e, _)| gaz.entry(*e).kind == Kind::Admin1 && gaz.entry(*e).iso3 == *iso3)?;
        Some(*id)
    };
    top.iter()
        .zip(&prior_top)
        .zip(mentions)
        .map(|((t, p), m)| match t {
            Some(entry) => Some(Resolution {
                entry: *entry,
                rule: if Some(*entry) == *p {
                    "prior"
                } else {
                    "context"
                },
            }),
            None => {
                let last = normalize(m.name);
                let last = last.rsplit(' ').next().unwrap_or("");
                if !UNLISTED_DIVISIONS.contains(&last) {
                    return None;
                }
                fallback().map(|entry| Resolution {
                    entry,
                    rule: "enclosing-division",
                })
            }
        })
        .collect()
}

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}
