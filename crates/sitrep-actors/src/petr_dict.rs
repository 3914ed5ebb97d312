//! PETRARCH noun-phrase coding: which actor and agents a noun phrase names.
//!
//! This follows PETRARCH's `check_NEphrase`: the phrase's first actor (scanning words
//! left to right, the pattern with most words first) gives the base code; then every
//! agent found outside the actor's words, in order, adds its code after (`~GOV`) or
//! before (`NGO~`) the base, until one whose code the result already holds at a
//! three-character boundary (with the Kremlin coded `RUSGOV`, "Kremlin government officials"
//! stays `RUSGOV`). An agent
//! without an actor gets `---` as its base (`---GOV`).

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::kb::{KnowledgeBase, Target};
use crate::petrarch::{self, phrase_words, resolve_rules, CodeRule, PWord};
use crate::ActorsError;

/// One pattern: its words after the first, and how they connect.
#[derive(Clone, Debug)]
struct Pattern {
    /// The first word as written (compared only when `exact_case`).
    first: String,
    /// Whether the second word must follow the first directly.
    first_joined: bool,
    rest: Vec<PWord>,
    /// Compare with the text's case (built-in short acronyms: "US", not "us").
    exact_case: bool,
    what: usize,
}

impl Pattern {
    fn len(&self) -> usize {
        self.rest.len() + 1
    }
}

#[derive(Clone, Debug)]
enum Codes {
    Rules(Vec<CodeRule>),
    /// A built-in person: the role held on the date, by the knowledge base's rule.
    Person(crate::kb::Person),
}

#[derive(Clone, Debug)]
struct AgentCode {
    code: String,
    prefix: bool,
}

/// Actor and agent patterns keyed on their first word, coded the way PETRARCH codes a
/// noun phrase.
///
/// ```
/// use sitrep_actors::PetrActors;
/// let mut d = PetrActors::default();
/// d.add_actors_text("FREEDONIA [FRE]\nSYLVANIA [SYL]\n+THE_SYLVANIAN_REPUBLIC\n");
/// d.add_agents_text("CHANCELLOR [~GOV]\nAID_MISSION [NGO~]\n");
/// let code = |s: &str| d.code_phrase(&s.split(' ').collect::<Vec<_>>(), None);
/// assert_eq!(code("THE SYLVANIAN REPUBLIC CHANCELLORS").as_deref(), Some("SYLGOV"));
/// assert_eq!(code("AID MISSION FREEDONIA").as_deref(), Some("NGOFRE"));
/// assert_eq!(code("A CHANCELLOR").as_deref(), Some("---GOV"));
/// assert_eq!(code("THE MOON"), None);
/// ```
#[derive(Clone, Debug, Default)]
pub struct PetrActors {
    actors: HashMap<String, Vec<Pattern>>,
    agents: HashMap<String, Vec<Pattern>>,
    codes: Vec<Codes>,
    agent_codes: Vec<AgentCode>,
}

impl PetrActors {
    /// Patterns for every name in the knowledge base: countries and demonyms give the
    /// ISO3 code, seats of government `ISO3GOV`, organisations their code, people the
    /// code of the role held on the date, agents their sector after the actor code.
    pub fn from_kb(kb: &KnowledgeBase) -> PetrActors {
        let mut d = PetrActors::default();
        let mut ids: HashMap<Target, usize> = HashMap::new();
        for (text, exact_case, target) in kb.phrase_list() {
            let words: Vec<PWord> = text
                .split(' ')
                .map(|w| PWord {
                    word: if exact_case {
                        w.to_string()
                    } else {
                        w.to_uppercase()
                    },
                    joined: true,
                })
                .collect();
            if let Target::Agent(a) = target {
                let sector = kb.agents[a as usize].sector.clone();
                d.add_agent(words, sector, false, exact_case);
                continue;
            }
            let id = *ids.entry(target).or_insert_with(|| {
                let codes = match target {
                    Target::Country(c) | Target::Demonym(c) => {
                        Codes::Rules(vec![CodeRule::Default(
                            kb.countries[c as usize].iso3.clone(),
                        )])
                    }
                    Target::Seat(c) => Codes::Rules(vec![CodeRule::Default(format!(
                        "{}GOV",
                        kb.countries[c as usize].iso3
                    ))]),
                    Target::Org(o) => {
                        Codes::Rules(vec![CodeRule::Default(kb.orgs[o as usize].code.clone())])
                    }
                    Target::Person(p) => Codes::Person(kb.people[p as usize].clone()),
                    Target::Agent(_) => Codes::Rules(Vec::new()),
                };
                d.codes.push(codes);
                d.codes.len() - 1
            });
            d.add_actor(words, id, exact_case);
        }
        d.sort();
        d
    }

    /// Adds a PETRARCH actor dictionary file.
    pub fn load_actors(&mut self, path: &Path) -> Result<usize, ActorsError> {
        Ok(self.add_actors_text(&petrarch::read(path)?))
    }

    /// Adds a PETRARCH agent dictionary file.
    pub fn load_agents(&mut self, path: &Path) -> Result<usize, ActorsError> {
        Ok(self.add_agents_text(&petrarch::read(path)?))
    }

    /// Adds actor entries in PETRARCH format; returns how many.
    pub fn add_actors_text(&mut self, text: &str) -> usize {
        let entries = petrarch::parse_actors(text);
        for e in &entries {
            self.codes.push(Codes::Rules(e.rules.clone()));
            let id = self.codes.len() - 1;
            for p in &e.phrases {
                self.add_actor(phrase_words(p), id, false);
            }
        }
        self.sort();
        entries.len()
    }

    /// Adds agent entries in PETRARCH format; returns how many phrases.
    pub fn add_agents_text(&mut self, text: &str) -> usize {
        let entries = petrarch::parse_agents(text);
        for e in &entries {
            self.add_agent(phrase_words(&e.phrase), e.code.clone(), e.prefix, false);
        }
        self.sort();
        entries.len()
    }

    fn add_actor(&mut self, words: Vec<PWord>, id: usize, exact_case: bool) {
        if let Some((key, p)) = pattern(words, id, exact_case) {
            self.actors.entry(key).or_default().push(p);
        }
    }

    fn add_agent(&mut self, words: Vec<PWord>, code: String, prefix: bool, exact_case: bool) {
        self.agent_codes.push(AgentCode { code, prefix });
        let id = self.agent_codes.len() - 1;
        if let Some((key, p)) = pattern(words, id, exact_case) {
            self.agents.entry(key).or_default().push(p);
        }
    }

    /// Patterns with more words first; among equals, file order (a stable sort).
    fn sort(&mut self) {
        for v in self.actors.values_mut().chain(self.agents.values_mut()) {
            v.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
    }

    /// The code of a noun phrase's words on `date`, or `None` when it names no actor and
    /// no agent. A dated actor none of whose rules applies gives `---`.
    pub fn code_phrase(&self, words: &[&str], date: Option<NaiveDate>) -> Option<String> {
        let upper: Vec<String> = words.iter().map(|w| w.to_uppercase()).collect();
        let mut actor: Option<(String, usize, usize)> = None;
        'scan: for k in 0..words.len() {
            for p in self.actors.get(&upper[k]).map_or(&[][..], Vec::as_slice) {
                if let Some(n) = matches(p, words, &upper, k) {
                    let code = self.resolve(p.what, date);
                    actor = Some((code, k, k + n));
                    break 'scan;
                }
            }
        }
        let (lo, hi) = actor.as_ref().map_or((0, 0), |a| (a.1, a.2));
        let mut agents: Vec<&AgentCode> = Vec::new();
        let mut k = 0;
        while k < words.len() {
            if (lo..hi).contains(&k) {
                k += 1;
                continue;
            }
            let hit = self
                .agents
                .get(&upper[k])
                .into_iter()
                .flatten()
                .find_map(|p| matches(p, words, &upper, k).map(|n| (p, n)));
            if let Some((p, n)) = hit {
                agents.push(&self.agent_codes[p.what]);
                k += n;
            } else {
                k += 1;
            }
        }
        if actor.is_none() && agents.is_empty() {
            return None;
        }
        let mut code = actor.map_or_else(|| "---".to_string(), |a| a.0);
        for a in agents {
            let dup = (0..=code.len().saturating_sub(a.code.len()))
                .step_by(3)
                .any(|i| code.get(i..i + a.code.len()) == Some(a.code.as_str()));
            if dup {
                break;
            }
            if a.prefix {
                code.insert_str(0, &a.code);
            } else {
                code.push_str(&a.code);
            }
        }
        Some(code)
    }

    fn resolve(&self, id: usize, date: Option<NaiveDate>) -> String {
        match &self.codes[id] {
            Codes::Rules(r) => resolve_rules(r, date).unwrap_or("---").to_string(),
            Codes::Person(p) => p.role_on(date).map_or("---".into(), |r| r.code.clone()),
        }
    }
}

fn pattern(mut words: Vec<PWord>, what: usize, exact_case: bool) -> Option<(String, Pattern)> {
    if words.is_empty() {
        return None;
    }
    let first = words.remove(0);
    Some((
        first.word.to_uppercase(),
        Pattern {
            first: first.word,
            first_joined: first.joined,
            rest: words,
            exact_case,
            what,
        },
    ))
}

/// How many words of the phrase from `k` the pattern spans, its first word matching
/// there; `_`-joined words must follow directly, space-joined ones may skip words.
fn matches(p: &Pattern, words: &[&str], upper: &[String], k: usize) -> Option<usize> {
    let eq = |i: usize, w: &str| {
        if p.exact_case {
            words[i] == w
        } else {
            upper[i] == w
        }
    };
    if p.exact_case && words[k] != p.first {
        return None;
    }
    let mut i = k + 1;
    let mut joined = p.first_joined;
    for w in &p.rest {
        loop {
            if i >= words.len() {
                return None;
            }
            if eq(i, &w.word) {
                i += 1;
                break;
            }
            if joined {
                return None;
            }
            i += 1;
        }
        joined = w.joined;
    }
    Some(i - k)
}
