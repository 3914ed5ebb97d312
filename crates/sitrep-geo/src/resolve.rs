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
    /// How the name reached the entry: a demonym ("Syrian") names people, not a location.
    pub how: NameKind,
    /// `prior` (population and kind alone) or `context` (other places in the text changed it).
    pub rule: &'static str,
}

struct Cand {
    entry: u32,
    how: NameKind,
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
    // A listed full name ("Plymouth County", "Somme") first; otherwise the name without its
    // article, possessive and division word, where a division word asks for a division.
    let (key, admin) = clean(name);
    let full = gaz.lookup(name);
    let (found, admin) = if !full.is_empty() {
        (full, false)
    } else {
        (gaz.lookup(&key), admin)
    };
    let is_division = |e: u32| matches!(gaz.entry(e).kind, Kind::Admin1 | Kind::Admin2);
    let wants_admin = admin && found.iter().any(|(e, _)| is_division(*e));
    // A town that shares its name with a country or continent ("Turkey", Texas; "Asia",
    // Philippines) is rarely the one meant.
    let names_a_country = found.iter().any(|&(e, how)| {
        how != NameKind::Alternate && matches!(gaz.entry(e).kind, Kind::Country | Kind::Region)
    });
    found
        .iter()
        .filter(|(e, _)| !wants_admin || is_division(*e))
        .map(|&(e, how)| {
            let en = gaz.entry(e);
            // Famous places have many names: a small nudge toward Geneva, Switzerland over
            // its namesakes when nothing else in the text decides.
            let mut prior = ((en.population + 10) as f64).ln() + 0.5 * f64::from(en.names).ln_1p();
            prior += match en.kind {
                Kind::Country => 5.0,
                // Divisions sum their towns' people; discount so "Geneva" stays the city.
                Kind::Admin1 => -1.0,
                Kind::Admin2 => -2.0,
                Kind::City if en.capital => 3.0,
                Kind::City => 0.0,
                // Continents are named far less often than the countries inside them.
                Kind::Region => -4.0,
            };
            if how == NameKind::Alternate {
                prior -= 1.5;
            }
            if names_a_country && en.kind == Kind::City {
                prior -= 6.0;
            }
            Cand {
                entry: e,
                how,
                prior,
            }
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

/// Support weights: how much the text's other places count for a candidate.
const COUNTRY_WEIGHT: f64 = 3.0;
const COUNTRY_CAP: f64 = 3.0;
const ADMIN_WEIGHT: f64 = 1.5;
const ADMIN_CAP: f64 = 2.0;
/// "Paris, Texas": the qualifier all but decides.
const QUALIFIED_BONUS: f64 = 12.0;

/// How much one mention of `e` counts toward its country.
fn country_vote(e: &crate::Entry) -> f64 {
    if e.kind == Kind::Country {
        2.0
    } else {
        1.0
    }
}

/// Resolves every toponym in a document together, so that places support each other:
/// "Homs" beside "Aleppo" and "Syria" is the Syrian city, not a namesake elsewhere.
///
/// Mentions of one name are one decision (one sense per discourse): they take one entry,
/// a qualifier on any of them ("GLASGOW, Ky.") settles all, and they never vote for each
/// other, so a name repeated five times cannot outvote the rest of the text.
pub fn resolve_all(gaz: &Gazetteer, mentions: &[Toponym]) -> Vec<Option<Resolution>> {
    let mut group_of = Vec::with_capacity(mentions.len());
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        let g = *by_key.entry(normalize(m.name)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
        group_of.push(g);
    }
    let cands: Vec<Vec<Cand>> = groups
        .iter()
        .map(|members| candidates(gaz, mentions[members[0]].name))
        .collect();
    let best_by = |g: usize, score: &dyn Fn(&Cand) -> f64| -> Option<u32> {
        cands[g]
            .iter()
            .max_by(|a, b| score(a).total_cmp(&score(b)).then(b.entry.cmp(&a.entry)))
            .map(|c| c.entry)
    };
    let mut top: Vec<Option<u32>> = (0..groups.len())
        .map(|g| best_by(g, &|c| c.prior))
        .collect();
    let prior_top = top.clone();
    // Greedy: each step moves the one group whose choice gains most against the others'
    // current choices. Moving all at once oscillates ("Queensland" and "Edmonton" trading
    // Alberta and Queensland readings back and forth).
    let mut country: HashMap<&str, f64> = HashMap::new();
    let mut admin: HashMap<(&str, &str), f64> = HashMap::new();
    for _ in 0..2 * groups.len() + 1 {
        country.clear();
        admin.clear();
        for (g, members) in groups.iter().enumerate() {
            let Some(en) = top[g].map(|e| gaz.entry(e)) else {
                continue;
            };
            if en.iso3.is_empty() {
                continue;
            }
            let n = members.len() as f64;
            *country.entry(en.iso3.as_str()).or_default() += n * country_vote(en);
            if en.kind != Kind::Country {
                *admin
                    .entry((en.iso3.as_str(), en.admin1.as_str()))
                    .or_default() += n;
            }
        }
        let country_total: f64 = country.values().sum();
        let score = |g: usize, c: &Cand| -> f64 {
            let n = groups[g].len() as f64;
            let en = gaz.entry(c.entry);
            let own = top[g].map(|t| gaz.entry(t));
            // The group's own mentions must not vote for it.
            let own_c = own
                .filter(|o| o.iso3 == en.iso3)
                .map_or(0.0, |o| n * country_vote(o));
            let own_a = own
                .filter(|o| o.kind != Kind::Country && o.iso3 == en.iso3 && o.admin1 == en.admin1)
                .map_or(0.0, |_| n);
            let c_votes = country.get(en.iso3.as_str()).copied().unwrap_or(0.0) - own_c;
            let own_all = own
                .filter(|o| !o.iso3.is_empty())
                .map_or(0.0, |o| n * country_vote(o));
            // A country counts by its share of the text's other places as well as by
            // mentions: "US" named often in a story about Syria talks does not make
            // "Geneva" the one in Illinois, while a local story's every place does.
            let share = c_votes / (country_total - own_all).max(1.0);
            let c_support = c_votes.min(COUNTRY_CAP) * share;
            let a_support = if en.kind == Kind::Country {
                0.0
            } else {
                admin
                    .get(&(en.iso3.as_str(), en.admin1.as_str()))
                    .copied()
                    .unwrap_or(0.0)
                    - own_a
            };
            let qual = groups[g]
                .iter()
                .filter_map(|&i| mentions[i].qualifier)
                .map(|q| group_of[q])
                .find(|&q| q != g)
                .and_then(|q| top[q])
                .map(|q| gaz.entry(q));
            let qualified = qual.is_some_and(|q| {
                q.iso3 == en.iso3 && (q.kind == Kind::Country || q.admin1 == en.admin1)
            });
            c.prior
                + COUNTRY_WEIGHT * c_support
                + ADMIN_WEIGHT * a_support.min(ADMIN_CAP)
                + if qualified { QUALIFIED_BONUS } else { 0.0 }
        };
        let mut best_move: Option<(f64, usize, u32)> = None;
        for g in 0..groups.len() {
            let Some(cur) = top[g] else { continue };
            let Some(cur_c) = cands[g].iter().find(|c| c.entry == cur) else {
                continue;
            };
            let now = score(g, cur_c);
            for c in &cands[g] {
                let gain = score(g, c) - now;
                if gain > 1e-9 && best_move.is_none_or(|(b, _, _)| gain > b) {
                    best_move = Some((gain, g, c.entry));
                }
            }
        }
        match best_move {
            Some((_, g, e)) => top[g] = Some(e),
            None => break,
        }
    }
    // The text's focus: its most-mentioned division, or with none named twice, its
    // most-mentioned country.
    let division = || -> Option<(u32, f64)> {
        let ((iso3, a1), n) = admin
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))?;
        let (id, _) = gaz
            .lookup(a1)
            .iter()
            .find(|(e, _)| gaz.entry(*e).kind == Kind::Admin1 && gaz.entry(*e).iso3 == *iso3)?;
        Some((*id, *n))
    };
    let focus = || -> Option<u32> {
        match division() {
            Some((id, n)) if n >= 2.0 => Some(id),
            _ => {
                let (iso3, _) = country
                    .iter()
                    .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))?;
                gaz.country(iso3)
            }
        }
    };
    mentions
        .iter()
        .zip(&group_of)
        .map(|(m, &g)| match top[g] {
            Some(entry) => Some(Resolution {
                entry,
                how: cands[g]
                    .iter()
                    .find(|c| c.entry == entry)
                    .map_or(NameKind::Primary, |c| c.how),
                rule: if Some(entry) == prior_top[g] {
                    "prior"
                } else {
                    "context"
                },
            }),
            // A place the gazetteer lacks ("Adair County", "Kibera") is placed at the
            // enclosing division or the text's focus rather than dropped.
            None => {
                let last = normalize(m.name);
                let last = last.rsplit(' ').next().unwrap_or("");
                if UNLISTED_DIVISIONS.contains(&last) {
                    division().map(|(entry, _)| Resolution {
                        entry,
                        how: NameKind::Primary,
                        rule: "enclosing-division",
                    })
                } else {
                    focus().map(|entry| Resolution {
                        entry,
                        how: NameKind::Primary,
                        rule: "document-focus",
                    })
                }
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
