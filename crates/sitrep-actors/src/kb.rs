//! The actor knowledge base: countries, organisations, generic agents and people with
//! date-bounded roles, plus the phrase index that finds their names in text.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::ActorsError;

/// A country or territory.
#[derive(Clone, Debug, PartialEq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code.
    pub iso3: String,
    /// Canonical name.
    pub name: String,
}

/// An international or non-state organisation, or an imported PETRARCH actor.
#[derive(Clone, Debug, PartialEq)]
pub struct Org {
    /// CAMEO-style code, e.g. `IGOUNO`.
    pub code: String,
    /// Country, when the organisation belongs to one.
    pub iso3: Option<String>,
    /// Sector, e.g. `REB`, `IGO`.
    pub sector: Option<String>,
    /// Canonical name.
    pub name: String,
}

/// A generic agent noun ("ministry", "rebels").
#[derive(Clone, Debug, PartialEq)]
pub struct Agent {
    /// The sector it gives, e.g. `GOV`.
    pub sector: String,
    /// A role tag linking nominals to people ("minister", "spokesperson"), if any.
    pub role: Option<String>,
}

/// One role a person held, with its dates.
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    /// Actor code while in the role, e.g. `USAGOV`.
    pub code: String,
    /// First day.
    pub from: Option<NaiveDate>,
    /// Day it ended; `None` while it lasts.
    pub to: Option<NaiveDate>,
    /// Role tag, e.g. `fm`, `president`.
    pub role: String,
}

/// A person and their roles.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    /// Canonical name.
    pub name: String,
    /// Roles in file order.
    pub roles: Vec<Role>,
}

impl Person {
    /// The role held on `date`. Without a date, or when no role covers it, the role
    /// nearest to it; without a date, the most recent role (news is mostly about now).
    pub fn role_on(&self, date: Option<NaiveDate>) -> Option<&Role> {
        let Some(d) = date else {
            return self.roles.iter().max_by_key(|r| r.from);
        };
        let covers = |r: &&Role| r.from.is_none_or(|f| f <= d) && r.to.is_none_or(|t| d < t);
        if let Some(r) = self.roles.iter().find(covers) {
            return Some(r);
        }
        self.roles.iter().min_by_key(|r| {
            let gap_before = r.from.map_or(0, |f| (f - d).num_days().max(0));
            let gap_after = r.to.map_or(0, |t| (d - t).num_days().max(0));
            gap_before + gap_after
        })
    }
}

/// How a phrase matches text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MatchMode {
    /// Built-in entries: case-insensitive, except short all-caps acronyms.
    Auto,
    /// Case-insensitive whole words (PETRARCH entries ending in `_`).
    Word,
    /// Case-insensitive; the last word may continue (PETRARCH stems).
    Prefix,
}

/// What a phrase names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A country by name.
    Country(u32),
    /// A demonym or adjective ("Russian").
    Demonym(u32),
    /// A capital or seat of government used for the government ("the Kremlin").
    Seat(u32),
    /// An organisation.
    Org(u32),
    /// A generic agent.
    Agent(u32),
    /// A person.
    Person(u32),
}

#[derive(Clone, Debug)]
struct Phrase {
    /// Lowercased, single-spaced; or the exact spelling when `exact_case`.
    text: String,
    exact_case: bool,
    /// Words (bit i = word i) the text must capitalise as the built-in name does ("Pole",
    /// not "pole"; "Islamic State", not "an Islamic state").
    capitals: u64,
    /// The last word may be followed by more letters (PETRARCH stems).
    prefix: bool,
    target: Target,
}

/// A match of a phrase in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhraseMatch {
    /// Byte where it ends.
    pub end: usize,
    /// What it names.
    pub target: Target,
}

/// The knowledge base with its phrase index.
#[derive(Clone, Debug, Default)]
pub struct KnowledgeBase {
    /// Countries and territories.
    pub countries: Vec<Country>,
    /// Organisations and imported actors.
    pub orgs: Vec<Org>,
    /// Generic agents.
    pub agents: Vec<Agent>,
    /// People.
    pub people: Vec<Person>,
    phrases: Vec<Phrase>,
    /// First word (lowercased, up to the first non-alphanumeric char) -> phrases, longest first.
    index: HashMap<String, Vec<u32>>,
}

const COUNTRIES: &str = include_str!("../data/countries.tsv");
const ORGS: &str = include_str!("../data/orgs.tsv");
const AGENTS: &str = include_str!("../data/agents.tsv");
const PEOPLE: &str = include_str!("../data/people.tsv");

fn rows(data: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    data.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

fn names(field: &str) -> impl Iterator<Item = &str> {
    field.split(';').map(str::trim).filter(|s| !s.is_empty())
}

fn opt(field: Option<&&str>) -> Option<String> {
    field
        .map(|s| s.trim())
        .filter(|s| !s.is_empty() && *s != "-")
        .map(str::to_string)
}

/// English plural forms of an agent noun phrase (its last word changes).
pub(crate) fn plurals(phrase: &str) -> Vec<String> {
    let (head, last) = match phrase.rsplit_once(' ') {
        Some((h, l)) => (format!("{h} "), l),
        None => (String::new(), phrase),
    };
    let mut out = Vec::new();
    if let Some(stem) = last.strip_suffix("man") {
        out.push(format!("{head}{stem}men"));
    } else if last.ends_with('y') && !last.ends_with("ey") && !last.ends_with("ay") {
        out.push(format!("{head}{}ies", &last[..last.len() - 1]));
    } else if last.ends_with('s') || last.ends_with("sh") || last.ends_with("ch") {
        out.push(format!("{head}{last}es"));
    } else if last == "child" {
        out.push(format!("{head}children"));
    } else if last == "woman" {
        out.push(format!("{head}women"));
    } else {
        out.push(format!("{head}{last}s"));
    }
    out
}

fn date(s: &str, file: &str, line: usize) -> Result<Option<NaiveDate>, ActorsError> {
    if s == "-" || s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ActorsError::Format {
            file: file.to_string(),
            line,
            message: format!("bad date `{s}`"),
        })
}

impl KnowledgeBase {
    /// The built-in knowledge base, from the data files embedded in the crate.
    pub fn builtin() -> Result<KnowledgeBase, ActorsError> {
        let mut kb = KnowledgeBase::default();
        for (line, f) in rows(COUNTRIES) {
            let bad = || ActorsError::Format {
                file: "countries.tsv".into(),
                line,
                message: "expected 4 columns".into(),
            };
            let iso3 = f.first().ok_or_else(bad)?.trim().to_string();
            let all: Vec<&str> = names(f.get(1).ok_or_else(bad)?).collect();
            let id = kb.countries.len() as u32;
            kb.countries.push(Country {
                iso3,
                name: all.first().ok_or_else(bad)?.to_string(),
            });
            for n in all {
                kb.add_phrase(n, MatchMode::Auto, Target::Country(id));
            }
            for n in names(f.get(2).unwrap_or(&"")) {
                kb.add_phrase(n, MatchMode::Auto, Target::Demonym(id));
            }
            for n in names(f.get(3).unwrap_or(&"")) {
                kb.add_phrase(n, MatchMode::Auto, Target::Seat(id));
            }
        }
        for (line, f) in rows(ORGS) {
            if f.len() < 4 {
                return Err(ActorsError::Format {
                    file: "orgs.tsv".into(),
                    line,
                    message: "expected 4 columns".into(),
                });
            }
            let all: Vec<&str> = names(f[3]).collect();
            let id = kb.orgs.len() as u32;
            kb.orgs.push(Org {
                code: f[0].trim().to_string(),
                iso3: opt(f.get(1)),
                sector: opt(f.get(2)),
                name: all.first().copied().unwrap_or(f[0]).to_string(),
            });
            for n in all {
                kb.add_phrase(n, MatchMode::Auto, Target::Org(id));
            }
        }
        for (line, f) in rows(AGENTS) {
            if f.len() < 2 {
                return Err(ActorsError::Format {
                    file: "agents.tsv".into(),
                    line,
                    message: "expected 3 columns".into(),
                });
            }
            kb.add_agent(f[0].trim(), MatchMode::Auto, f[1].trim(), opt(f.get(2)));
        }
        for (line, f) in rows(PEOPLE) {
            if f.len() < 5 {
                return Err(ActorsError::Format {
                    file: "people.tsv".into(),
                    line,
                    message: "expected 5 columns".into(),
                });
            }
            let role = Role {
                code: f[1].trim().to_string(),
                from: date(f[2].trim(), "people.tsv", line)?,
                to: date(f[3].trim(), "people.tsv", line)?,
                role: f[4].trim().to_string(),
            };
            let all: Vec<&str> = names(f[0]).collect();
            let canonical = all.first().copied().unwrap_or_default();
            match kb.people.iter().position(|p| p.name == canonical) {
                Some(p) => kb.people[p].roles.push(role),
                None => {
                    let id = kb.people.len() as u32;
                    kb.people.push(Person {
                        name: canonical.to_string(),
                        roles: vec![role],
                    });
                    for n in all {
                        kb.add_phrase(n, MatchMode::Auto, Target::Person(id));
                    }
                }
            }
        }
        kb.sort_index();
        Ok(kb)
    }

    /// Adds an agent noun with its plural forms.
    pub(crate) fn add_agent(
        &mut self,
        phrase: &str,
        mode: MatchMode,
        sector: &str,
        role: Option<String>,
    ) {
        let id = self.agents.len() as u32;
        self.agents.push(Agent {
            sector: sector.to_string(),
            role,
        });
        self.add_phrase(phrase, mode, Target::Agent(id));
        for p in plurals(phrase) {
            self.add_phrase(&p, mode, Target::Agent(id));
        }
    }

    /// Adds a phrase. In [`MatchMode::Auto`], all-caps names of up to five letters ("US",
    /// "IS", "WHO") match with their case only, so the pronoun "us" or the verb "is"
    /// never name an actor.
    pub(crate) fn add_phrase(&mut self, phrase: &str, mode: MatchMode, target: Target) {
        let prefix = mode == MatchMode::Prefix;
        let words: Vec<&str> = phrase.split_whitespace().collect();
        if words.is_empty() {
            return;
        }
        let joined = words.join(" ");
        let letters: Vec<char> = joined.chars().filter(|c| c.is_alphabetic()).collect();
        let exact_case = !letters.is_empty()
            && letters.len() <= 5
            && letters.iter().all(|c| c.is_uppercase())
            && mode == MatchMode::Auto;
        let text = if exact_case {
            joined.clone()
        } else {
            joined.to_lowercase()
        };
        let key = first_key(&text);
        if key.is_empty() {
            return;
        }
        let capitals = if mode == MatchMode::Auto {
            words
                .iter()
                .take(64)
                .enumerate()
                .filter(|(_, w)| w.starts_with(char::is_uppercase))
                .fold(0u64, |m, (i, _)| m | (1 << i))
        } else {
            0
        };
        let id = self.phrases.len() as u32;
        self.phrases.push(Phrase {
            text,
            exact_case,
            capitals,
            prefix,
            target,
        });
        self.index.entry(key).or_default().push(id);
    }

    /// Sorts each index bucket longest phrase first, later additions first among equals
    /// (so imported dictionaries override built-in entries); call after adding phrases.
    pub(crate) fn sort_index(&mut self) {
        let phrases = &self.phrases;
        for ids in self.index.values_mut() {
            ids.sort_by_key(|&i| {
                (
                    std::cmp::Reverse(phrases[i as usize].text.len()),
                    std::cmp::Reverse(i),
                )
            });
        }
    }

    /// Every indexed phrase: its text (lowercased unless matched with its case), whether
    /// it is matched with its case, and what it names.
    pub(crate) fn phrase_list(&self) -> impl Iterator<Item = (&str, bool, Target)> {
        self.phrases
            .iter()
            .map(|p| (p.text.as_str(), p.exact_case, p.target))
    }

    /// The longest phrase that starts at byte `pos` of `text`, ending on a word boundary.
    pub fn match_at(&self, text: &str, pos: usize) -> Option<PhraseMatch> {
        let rest = &text[pos..];
        let key = first_key(rest);
        if key.is_empty() {
            return None;
        }
        let ids = self.index.get(&key)?;
        ids.iter().find_map(|&id| {
            let p = &self.phrases[id as usize];
            match_phrase(rest, p).map(|len| PhraseMatch {
                end: pos + len,
                target: p.target,
            })
        })
    }
}

/// Lowercased leading alphanumeric run.
fn first_key(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn eq_char(a: char, b: char, exact: bool) -> bool {
    if exact {
        return a == b;
    }
    a == b || a.to_lowercase().eq(b.to_lowercase()) || (is_apostrophe(a) && is_apostrophe(b))
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘')
}

/// Length in bytes of `text`'s prefix matching `p`, or `None`. A space in the phrase
/// matches any run of whitespace.
fn match_phrase(text: &str, p: &Phrase) -> Option<usize> {
    let mut t = text.char_indices().peekable();
    let (mut word, mut word_start) = (0u32, true);
    for pc in p.text.chars() {
        if pc == ' ' {
            word += 1;
            word_start = true;
            let mut seen = false;
            while let Some(&(_, c)) = t.peek() {
                if !c.is_whitespace() {
                    break;
                }
                seen = true;
                t.next();
            }
            if !seen {
                return None;
            }
            continue;
        }
        let (_, tc) = t.next()?;
        if !eq_char(pc, tc, p.exact_case) {
            return None;
        }
        if word_start && word < 64 && p.capitals & (1 << word) != 0 && !tc.is_uppercase() {
            return None;
        }
        word_start = false;
    }
    let mut end = t.peek().map_or(text.len(), |&(i, _)| i);
    if p.prefix {
        while let Some(&(i, c)) = t.peek() {
            if !c.is_alphabetic() {
                end = i;
                break;
            }
            t.next();
            end = t.peek().map_or(text.len(), |&(j, _)| j);
        }
    }
    let next = text[end..].chars().next();
    let last = p.text.chars().last();
    // A phrase ending in a letter must end a word; "U.S." may be followed by anything.
    if last.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads_and_matches() {
        let kb = KnowledgeBase::builtin().unwrap();
        assert!(kb.countries.len() >= 240, "{}", kb.countries.len());
        let text = "the Kremlin said US officials and us";
        let m = kb.match_at(text, 4).unwrap();
        assert_eq!(&text[4..m.end], "Kremlin");
        assert!(matches!(m.target, Target::Seat(c) if kb.countries[c as usize].iso3 == "RUS"));
        let m = kb.match_at(text, 17).unwrap();
        assert_eq!(&text[17..m.end], "US");
        let m = kb.match_at(text, 20).unwrap();
        assert_eq!(&text[20..m.end], "officials");
        assert_eq!(kb.match_at(text, 34), None);
        assert_eq!(kb.match_at("Russians", 0).map(|m| m.end), Some(8));
        assert_eq!(kb.match_at("Russiaville", 0), None);
        assert_eq!(kb.match_at("a pole", 2), None);
        assert!(kb.match_at("the Pole", 4).is_some());
    }

    #[test]
    fn roles_follow_the_date() {
        let kb = KnowledgeBase::builtin().unwrap();
        let kerry = kb.people.iter().find(|p| p.name == "John Kerry").unwrap();
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(kerry.role_on(d("2016-02-13")).unwrap().role, "fm");
        assert_eq!(kerry.role_on(d("2005-02-13")).unwrap().code, "USALEG");
        assert_eq!(kerry.role_on(d("2018-01-01")).unwrap().role, "fm");
        assert_eq!(kerry.role_on(None).unwrap().role, "envoy");
        assert_eq!(plurals("spokesman"), ["spokesmen"]);
        assert_eq!(plurals("security service"), ["security services"]);
    }
}
