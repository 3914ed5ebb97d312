//! Reading PETRARCH/TABARI-format actor and agent dictionaries, with PETRARCH's rules.
//!
//! Actors: a primary line `NAME [CODE]` or `NAME`, `+NAME` synonym lines, and indented
//! code lines `[CODE]`, `[CODE <950601]`, `[CODE >130201]`, `[CODE 090121-130201]`
//! (every bound inclusive; six-digit years up to 30 are 20xx). Words are joined by `_`
//! (they must be consecutive) or by spaces (other words may come between). PETRARCH
//! matches whole words only: a trailing `_` changes nothing and stems are not expanded.
//!
//! Agents: `PHRASE {PLURALS} [~SEC]` or `[SEC~]` (the code goes after, or before, the
//! actor's code); without `{...}` the regular plural is made (`Y` → `IES`, `S` → `SES`,
//! else `S`), `{}` means none. `!X! = A, B` defines a substitution set that `!X!` in a
//! phrase expands to, without plurals.
//!
//! Comments: lines starting with `#` or `<!`, `<!-- ... -->` blocks, and text after ` #`.

use std::path::Path;

use chrono::{Days, NaiveDate};

use crate::kb::{KnowledgeBase, MatchMode, Org, Person, Role, Target};
use crate::ActorsError;

pub(crate) fn read(path: &Path) -> Result<String, ActorsError> {
    let bytes = std::fs::read(path).map_err(|source| ActorsError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The lines of a PETRARCH dictionary without its comments (lines starting with `#` or
/// `<!`, `<!-- ... -->` blocks, text after ` #`), each with its 1-based number; leading
/// whitespace is kept (it marks actor code lines).
///
/// ```
/// let text = "<!-- header\n -->\nFOO [X] # note\n#BAR\n\t[Y]\n";
/// assert_eq!(sitrep_actors::dictionary_lines(text), [(3, "FOO [X]"), (5, "\t[Y]")]);
/// ```
pub fn dictionary_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut in_comment = false;
    for (n, line) in text.lines().enumerate() {
        if in_comment {
            in_comment = !line.contains("-->");
            continue;
        }
        let t = line.trim_start();
        if t.starts_with("<!--") && !t.contains("-->") {
            in_comment = true;
            continue;
        }
        if t.starts_with('#') || t.starts_with("<!") || t.starts_with("-->") {
            continue;
        }
        let cut = [" #", "\t#"]
            .iter()
            .filter_map(|p| line.find(p))
            .min()
            .unwrap_or(line.len());
        let l = line[..cut].trim_end();
        if !l.trim().is_empty() {
            out.push((n + 1, l));
        }
    }
    out
}

/// One pattern word and whether the next word must follow it directly (`_`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PWord {
    pub(crate) word: String,
    pub(crate) joined: bool,
}

/// Splits a PETRARCH phrase (`NEW_ZEALAND`, `PRESIDENT HOSNI MURBARAK`) into uppercased
/// words and connectors.
pub(crate) fn phrase_words(raw: &str) -> Vec<PWord> {
    let mut out: Vec<PWord> = Vec::new();
    let mut word = String::new();
    let mut sep_space = false;
    let mut in_sep = false;
    let push = |out: &mut Vec<PWord>, word: &mut String| {
        if !word.is_empty() {
            out.push(PWord {
                word: word.to_uppercase(),
                joined: true,
            });
            word.clear();
        }
    };
    for c in raw.trim().chars() {
        if c == '_' || c.is_whitespace() {
            if !in_sep {
                push(&mut out, &mut word);
                in_sep = true;
                sep_space = false;
            }
            sep_space |= c != '_';
            continue;
        }
        if in_sep {
            if let Some(last) = out.last_mut() {
                last.joined = !sep_space;
            }
            in_sep = false;
        }
        word.push(c);
    }
    push(&mut out, &mut word);
    out
}

/// When an actor code applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CodeRule {
    /// Whenever no dated rule applies (the last such rule wins).
    Default(String),
    /// On or before the date.
    Until(NaiveDate, String),
    /// On or after the date.
    From(NaiveDate, String),
    /// Between the dates, both included.
    Between(NaiveDate, NaiveDate, String),
}

impl CodeRule {
    /// The code.
    pub(crate) fn code(&self) -> &str {
        match self {
            CodeRule::Default(c)
            | CodeRule::Until(_, c)
            | CodeRule::From(_, c)
            | CodeRule::Between(_, _, c) => c,
        }
    }
}

/// PETRARCH's choice among an actor's codes: the first dated rule covering `date`, else
/// the last default, else none.
pub(crate) fn resolve_rules(rules: &[CodeRule], date: Option<NaiveDate>) -> Option<&str> {
    if let Some(d) = date {
        let hit = rules.iter().find(|r| match r {
            CodeRule::Default(_) => false,
            CodeRule::Until(t, _) => d <= *t,
            CodeRule::From(f, _) => d >= *f,
            CodeRule::Between(f, t, _) => *f <= d && d <= *t,
        });
        if let Some(r) = hit {
            return Some(r.code());
        }
    }
    rules
        .iter()
        .rev()
        .find(|r| matches!(r, CodeRule::Default(_)))
        .map(CodeRule::code)
}

/// `YYYYMMDD`, or `YYMMDD` with years up to 30 read as 20xx (PETRARCH, like TABARI).
pub(crate) fn petr_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        8 => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, rest[..2].parse().ok()?, rest[2..].parse().ok()?)
}

/// Parses the inside of `[...]`: a code and an optional date restriction.
pub(crate) fn parse_rule(inside: &str) -> Option<CodeRule> {
    let inside = inside.trim();
    let (code, rest) = match inside.split_once(char::is_whitespace) {
        Some((c, r)) => (c.to_string(), r.trim()),
        None => (inside.to_string(), ""),
    };
    if code.is_empty() {
        return None;
    }
    if rest.is_empty() {
        return Some(CodeRule::Default(code));
    }
    if let Some(d) = rest.strip_prefix('<') {
        return petr_date(d).map(|d| CodeRule::Until(d, code));
    }
    if let Some(d) = rest.strip_prefix('>') {
        return petr_date(d).map(|d| CodeRule::From(d, code));
    }
    let (a, b) = rest.split_once('-')?;
    let (a, b) = (petr_date(a)?, petr_date(b)?);
    (a <= b).then_some(CodeRule::Between(a, b, code))
}

fn bracketed(line: &str) -> Option<&str> {
    let s = line.find('[')?;
    let e = line[s..].find(']')? + s;
    Some(&line[s + 1..e])
}

/// One actor entry: its phrases (primary first) and code rules in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ActorEntry {
    pub(crate) phrases: Vec<String>,
    pub(crate) rules: Vec<CodeRule>,
}

/// Reads the entries of an actor dictionary.
pub(crate) fn parse_actors(text: &str) -> Vec<ActorEntry> {
    let mut out: Vec<ActorEntry> = Vec::new();
    for (_, line) in dictionary_lines(text) {
        if line.contains("---STOP---") {
            break;
        }
        let t = line.trim();
        let indented = line.starts_with([' ', '\t']);
        if t.starts_with('[') || (indented && !t.starts_with('+') && t.contains('[')) {
            if let (Some(e), Some(r)) = (out.last_mut(), bracketed(t).and_then(parse_rule)) {
                e.rules.push(r);
            }
        } else if let Some(syn) = t.strip_prefix('+') {
            let name = syn.split(['[', ';']).next().unwrap_or("").trim();
            if let (Some(e), false) = (out.last_mut(), name.is_empty()) {
                e.phrases.push(name.to_string());
            }
        } else {
            let name = t.split(['[', ';']).next().unwrap_or("").trim();
            if name.is_empty() {
                continue;
            }
            out.push(ActorEntry {
                phrases: vec![name.to_string()],
                rules: bracketed(t).and_then(parse_rule).into_iter().collect(),
            });
        }
    }
    out
}

/// One agent phrase and its code (`~GOV` goes after the actor code, `NGO~` before).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AgentEntry {
    pub(crate) phrase: String,
    pub(crate) code: String,
    pub(crate) prefix: bool,
}

/// The regular plural PETRARCH makes for an agent phrase.
fn agent_plural(phrase: &str) -> String {
    if let Some(stem) = phrase.strip_suffix(['Y', 'y']) {
        format!("{stem}IES")
    } else if phrase.ends_with(['S', 's']) {
        format!("{phrase}ES")
    } else {
        format!("{phrase}S")
    }
}

/// Reads the entries of an agent dictionary, plurals and substitutions expanded.
pub(crate) fn parse_agents(text: &str) -> Vec<AgentEntry> {
    let mut subs: Vec<(String, Vec<String>)> = Vec::new();
    let mut out = Vec::new();
    for (_, line) in dictionary_lines(text) {
        let t = line.trim();
        if t.starts_with('!') && t.contains('=') {
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
        let Some(inside) = bracketed(t) else { continue };
        let inside = inside.trim();
        let (code, prefix) = match (inside.strip_prefix('~'), inside.strip_suffix('~')) {
            (Some(c), _) => (c, false),
            (None, Some(c)) => (c, true),
            (None, None) => (inside, false),
        };
        let code = code.trim().to_string();
        if code.is_empty() {
            continue;
        }
        let head = t.split('[').next().unwrap_or("").trim();
        let mut add = |phrase: &str| {
            out.push(AgentEntry {
                phrase: phrase.trim().to_string(),
                code: code.clone(),
                prefix,
            })
        };
        if head.contains('!') {
            for form in expand(head, &subs) {
                add(&form);
            }
        } else if let (Some(s), Some(e)) = (head.find('{'), head.find('}')) {
            add(&head[..s]);
            for p in head[s + 1..e.max(s + 1)].split_whitespace() {
                add(p);
            }
        } else if !head.is_empty() {
            add(head);
            add(&agent_plural(head));
        }
    }
    out
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

/// The text the knowledge base indexes for a PETRARCH phrase.
fn kb_phrase(raw: &str) -> String {
    phrase_words(raw)
        .into_iter()
        .map(|w| w.word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A PETRARCH rule as a knowledge-base role (whose end date is exclusive).
fn role_of(rule: &CodeRule) -> Role {
    let next = |d: &NaiveDate| d.checked_add_days(Days::new(1));
    let (from, to) = match rule {
        CodeRule::Default(_) => (None, None),
        CodeRule::Until(t, _) => (None, next(t)),
        CodeRule::From(f, _) => (Some(*f), None),
        CodeRule::Between(f, t, _) => (Some(*f), next(t)),
    };
    Role {
        code: rule.code().to_uppercase(),
        from,
        to,
        role: "actor".into(),
    }
}

/// Adds the actors of a PETRARCH actor dictionary to `kb`, as whole-word phrases.
pub(crate) fn load_actors(kb: &mut KnowledgeBase, path: &Path) -> Result<usize, ActorsError> {
    let entries = parse_actors(&read(path)?);
    let mut count = 0;
    for e in &entries {
        if e.rules.is_empty() {
            continue;
        }
        let name = kb_phrase(&e.phrases[0]);
        let target = match e.rules.as_slice() {
            [CodeRule::Default(code)] => {
                let code = code.to_uppercase();
                let (iso3, sector) = crate::split_code(&code);
                kb.orgs.push(Org {
                    code,
                    iso3,
                    sector,
                    name,
                });
                Target::Org(kb.orgs.len() as u32 - 1)
            }
            rules => {
                // Dated rules first, in file order, then the default that PETRARCH uses
                // when none covers the date.
                let mut roles: Vec<Role> = rules
                    .iter()
                    .filter(|r| !matches!(r, CodeRule::Default(_)))
                    .map(role_of)
                    .collect();
                roles.extend(
                    rules
                        .iter()
                        .rev()
                        .find(|r| matches!(r, CodeRule::Default(_)))
                        .map(role_of),
                );
                kb.people.push(Person { name, roles });
                Target::Person(kb.people.len() as u32 - 1)
            }
        };
        for p in &e.phrases {
            kb.add_phrase(&kb_phrase(p), MatchMode::Word, target);
        }
        count += 1;
    }
    kb.sort_index();
    Ok(count)
}

/// Adds the agents of a PETRARCH agent dictionary to `kb`, as whole-word phrases.
pub(crate) fn load_agents(kb: &mut KnowledgeBase, path: &Path) -> Result<usize, ActorsError> {
    let entries = parse_agents(&read(path)?);
    for e in &entries {
        let sector: String = e.code.chars().filter(|c| c.is_alphanumeric()).collect();
        kb.agents.push(crate::kb::Agent {
            sector: sector.to_uppercase(),
            role: None,
        });
        let id = kb.agents.len() as u32 - 1;
        kb.add_phrase(&kb_phrase(&e.phrase), MatchMode::Word, Target::Agent(id));
    }
    kb.sort_index();
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn rules_and_dates() {
        assert_eq!(
            parse_rule("FREGOV 040121-080201"),
            Some(CodeRule::Between(
                d("2004-01-21").unwrap(),
                d("2008-02-01").unwrap(),
                "FREGOV".into()
            ))
        );
        assert_eq!(
            parse_rule("FRECOP > 990312"),
            Some(CodeRule::From(d("1999-03-12").unwrap(), "FRECOP".into()))
        );
        assert_eq!(
            parse_rule("SYLGOV 19960102 - 19980707").map(|r| r.code().to_string()),
            Some("SYLGOV".into())
        );
        assert_eq!(petr_date("300101"), d("2030-01-01"));
        assert_eq!(petr_date("310101"), d("1931-01-01"));
        assert_eq!(parse_rule("X 20100112-20100109"), None);
    }

    #[test]
    fn first_dated_rule_then_last_default() {
        let text = "ZORRO [CAL]\n\t[CALBAN <20000101]\n\t[CALHRO 20000101-20000105]\n\
                    \t[CALGOV >20000103]\nMONASTARIO\n\t[CALELI >20000101]\n";
        let e = parse_actors(text);
        assert_eq!(e.len(), 2);
        let r = &e[0].rules;
        assert_eq!(resolve_rules(r, d("2000-01-01")), Some("CALBAN"));
        assert_eq!(resolve_rules(r, d("2000-01-04")), Some("CALHRO"));
        assert_eq!(resolve_rules(r, d("2000-01-06")), Some("CALGOV"));
        assert_eq!(resolve_rules(r, None), Some("CAL"));
        assert_eq!(resolve_rules(&e[1].rules, d("1999-01-01")), None);
    }

    #[test]
    fn comments_synonyms_and_connectors() {
        let text =
            "<!-- a\n# b -->\nFOO_BAR [FBR] # note\n+BAZ  QUX\n#+SKIPPED\n  [FBX >20200101]\n";
        let e = parse_actors(text);
        assert_eq!(e[0].phrases, ["FOO_BAR", "BAZ  QUX"]);
        assert_eq!(e[0].rules.len(), 2);
        let w = phrase_words("grand_Fenwick_");
        assert_eq!(
            w,
            [
                PWord {
                    word: "GRAND".into(),
                    joined: true
                },
                PWord {
                    word: "FENWICK".into(),
                    joined: true
                }
            ]
        );
        assert!(!phrase_words("FREEDONIA RADIO")[0].joined);
    }

    #[test]
    fn agents_plurals_substitutions_and_sides() {
        let text =
            "!P! = MAN, MEN\nFERRY!P! [~TRN]\nCONSTABULARY {} [ ~COP]\nMOUSE {MICE} [~PST]\n\
                    AGENCY [~GOV]\nCOMPASS [~NAV]\nAID_MISSION [NGO~]\n";
        let e = parse_agents(text);
        let phrases: Vec<&str> = e.iter().map(|a| a.phrase.as_str()).collect();
        assert_eq!(
            phrases,
            [
                "FERRYMAN",
                "FERRYMEN",
                "CONSTABULARY",
                "MOUSE",
                "MICE",
                "AGENCY",
                "AGENCIES",
                "COMPASS",
                "COMPASSES",
                "AID_MISSION",
                "AID_MISSIONS"
            ]
        );
        assert!(e.iter().find(|a| a.phrase == "AID_MISSION").unwrap().prefix);
        assert_eq!(e[2].code, "COP");
    }
}
