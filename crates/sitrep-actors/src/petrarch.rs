//! Import of PETRARCH/TABARI-format actor and agent dictionaries at run time.
//!
//! Actors: a primary line `NAME [CODE]` or `NAME` followed by indented code lines
//! `[CODE]`, `[CODE 090121-130201]`, `[CODE < 950601]`, `[CODE >130201]`; `+NAME` lines
//! add synonyms. Words are joined by `_` or spaces; a trailing `_` asks for a whole word,
//! otherwise the last word may continue ("ITALIAN" matches "Italians").
//! Agents: `PHRASE {PLURALS} [~SEC]`, with `!X! = A, B` substitution sets.

use std::path::Path;

use chrono::NaiveDate;

use crate::kb::{KnowledgeBase, MatchMode, Org, Person, Role, Target};
use crate::ActorsError;

fn read(path: &Path) -> Result<String, ActorsError> {
    let bytes = std::fs::read(path).map_err(|source| ActorsError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Drops `#` comments and `<!-- -->` lines.
fn strip(line: &str) -> &str {
    let l = line.split('#').next().unwrap_or("");
    if l.trim_start().starts_with("<!--") || l.trim_start().starts_with("-->") {
        return "";
    }
    l.trim_end()
}

fn phrase_mode(raw: &str) -> (String, MatchMode) {
    let raw = raw.trim();
    let mode = if raw.ends_with('_') {
        MatchMode::Word
    } else {
        MatchMode::Prefix
    };
    let words: Vec<&str> = raw.split(['_', ' ']).filter(|w| !w.is_empty()).collect();
    (words.join(" "), mode)
}

/// `YYMMDD` (19xx from 50 on) or `YYYYMMDD`.
fn petr_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    match s.len() {
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            let year = if yy >= 50 { 1900 + yy } else { 2000 + yy };
            NaiveDate::from_ymd_opt(year, s[2..4].parse().ok()?, s[4..6].parse().ok()?)
        }
        8 => NaiveDate::parse_from_str(s, "%Y%m%d").ok(),
        _ => None,
    }
}

/// Parses the inside of `[...]`: a code and an optional date restriction.
fn parse_code(inside: &str) -> Option<Role> {
    let inside = inside.trim();
    let (code, rest) = match inside.split_once(char::is_whitespace) {
        Some((c, r)) => (c, r.trim()),
        None => (inside, ""),
    };
    if code.is_empty() {
        return None;
    }
    let (mut from, mut to) = (None, None);
    if let Some(d) = rest.strip_prefix('<') {
        to = petr_date(d);
    } else if let Some(d) = rest.strip_prefix('>') {
        from = petr_date(d);
    } else if let Some((a, b)) = rest.split_once('-') {
        from = petr_date(a);
        to = petr_date(b);
    }
    Some(Role {
        code: code.to_uppercase(),
        from,
        to,
        role: "actor".into(),
    })
}

fn bracketed(line: &str) -> Option<&str> {
    let s = line.find('[')?;
    let e = line[s..].find(']')? + s;
    Some(&line[s + 1..e])
}

/// Adds the actors of a PETRARCH actor dictionary to `kb`.
pub(crate) fn load_actors(kb: &mut KnowledgeBase, path: &Path) -> Result<usize, ActorsError> {
    let text = read(path)?;
    let mut count = 0;
    // The entry being read: its phrases and its codes.
    let mut names: Vec<(String, MatchMode)> = Vec::new();
    let mut roles: Vec<Role> = Vec::new();
    let mut flush =
        |kb: &mut KnowledgeBase, names: &mut Vec<(String, MatchMode)>, roles: &mut Vec<Role>| {
            if names.is_empty() || roles.is_empty() {
                names.clear();
                roles.clear();
                return;
            }
            let name = names[0].0.clone();
            let target = if roles.len() == 1 && roles[0].from.is_none() && roles[0].to.is_none() {
                let (iso3, sector) = crate::split_code(&roles[0].code);
                let id = kb.orgs.len() as u32;
                kb.orgs.push(Org {
                    code: roles[0].code.clone(),
                    iso3,
                    sector,
                    name,
                });
                Target::Org(id)
            } else {
                let id = kb.people.len() as u32;
                kb.people.push(Person {
                    name,
                    roles: std::mem::take(roles),
                });
                Target::Person(id)
            };
            for (n, mode) in names.drain(..) {
                kb.add_phrase(&n, mode, target);
            }
            roles.clear();
            count += 1;
        };
    for raw in text.lines() {
        let line = strip(raw);
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let t = line.trim();
        if let Some(syn) = t.strip_prefix('+') {
            let name_part = syn.split('[').next().unwrap_or("");
            names.push(phrase_mode(name_part));
            if let Some(role) = bracketed(t).and_then(parse_code) {
                roles.push(role);
            }
        } else if t.starts_with('[') {
            if let Some(role) = bracketed(t).and_then(parse_code) {
                roles.push(role);
            }
        } else if !indented || !names.is_empty() {
            flush(kb, &mut names, &mut roles);
            let name_part = t.split('[').next().unwrap_or("");
            if name_part.trim().is_empty() {
                continue;
            }
            names.push(phrase_mode(name_part));
            if let Some(role) = bracketed(t).and_then(parse_code) {
                roles.push(role);
            }
        }
    }
    flush(kb, &mut names, &mut roles);
    kb.sort_index();
    Ok(count)
}

/// Adds the agents of a PETRARCH agent dictionary to `kb`.
pub(crate) fn load_agents(kb: &mut KnowledgeBase, path: &Path) -> Result<usize, ActorsError> {
    let text = read(path)?;
    let mut subs: Vec<(String, Vec<String>)> = Vec::new();
    let mut count = 0;
    for raw in text.lines() {
        let t = strip(raw).trim();
        if t.is_empty() {
            continue;
        }
        if t.starts_with('!') {
            if let Some((name, alts)) = t.split_once('=') {
                let alts = alts
                    .split(',')
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty())
                    .collect();
                subs.push((name.trim().to_string(), alts));
            }
            continue;
        }
        let Some(code) = bracketed(t) else { continue };
        let sector: String = code.chars().filter(|c| c.is_alphanumeric()).collect();
        if sector.is_empty() {
            continue;
        }
        let head = t.split(['[', '{']).next().unwrap_or("").trim();
        let plurals: Vec<String> = match (t.find('{'), t.find('}')) {
            (Some(s), Some(e)) if s < e => {
                t[s + 1..e].split_whitespace().map(str::to_string).collect()
            }
            _ => Vec::new(),
        };
        let explicit = t.contains('{');
        for form in expand(head, &subs) {
            let (phrase, mode) = phrase_mode(&form);
            let id = kb.agents.len() as u32;
            kb.agents.push(crate::kb::Agent {
                sector: sector.clone(),
                role: None,
            });
            kb.add_phrase(&phrase, mode, Target::Agent(id));
            if !explicit {
                for p in crate::kb::plurals(&phrase.to_lowercase()) {
                    kb.add_phrase(&p, mode, Target::Agent(id));
                }
            }
            count += 1;
        }
        for p in &plurals {
            let (phrase, mode) = phrase_mode(p);
            let id = kb.agents.len() as u32;
            kb.agents.push(crate::kb::Agent {
                sector: sector.clone(),
                role: None,
            });
            kb.add_phrase(&phrase, mode, Target::Agent(id));
        }
    }
    kb.sort_index();
    Ok(count)
}

/// Expands `!X!` substitution markers into every alternative.
fn expand(phrase: &str, subs: &[(String, Vec<String>)]) -> Vec<String> {
    for (name, alts) in subs {
        if let Some(pos) = phrase.find(name.as_str()) {
            let (a, b) = (&phrase[..pos], &phrase[pos + name.len()..]);
            return alts
                .iter()
                .flat_map(|alt| expand(&format!("{a}{alt}{b}"), subs))
                .collect();
        }
    }
    vec![phrase.to_string()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_dates() {
        let r = parse_code("USAGOV 090121-130201").unwrap();
        assert_eq!(r.code, "USAGOV");
        assert_eq!(r.from, NaiveDate::from_ymd_opt(2009, 1, 21));
        assert_eq!(r.to, NaiveDate::from_ymd_opt(2013, 2, 1));
        let r = parse_code("HOBREB > 990816").unwrap();
        assert_eq!(r.from, NaiveDate::from_ymd_opt(1999, 8, 16));
        assert_eq!(r.to, None);
        let r = parse_code("HOBGOV 19950601 - 19990815").unwrap();
        assert_eq!(r.to, NaiveDate::from_ymd_opt(1999, 8, 15));
        assert_eq!(
            phrase_mode("JOHN_KERRY_"),
            ("JOHN KERRY".into(), MatchMode::Word)
        );
        let subs = vec![("!P!".to_string(), vec!["MAN".into(), "MEN".into()])];
        assert_eq!(expand("CATTLE!P!", &subs), ["CATTLEMAN", "CATTLEMEN"]);
    }
}
