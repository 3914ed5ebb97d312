//! Mention finding and resolution: dictionary pieces, chunks of adjacent pieces,
//! titles, metonymy, pronouns and nominals.

use chrono::NaiveDate;
use sitrep_doc::{ActorRef, ByteSpan, Doc, EntLabel, Mention, Upos};

use crate::kb::{KnowledgeBase, Target};
use crate::split_code;

/// A dictionary match over tokens `[start, end)`.
#[derive(Clone, Copy, Debug)]
struct Piece {
    start: usize,
    end: usize,
    span: ByteSpan,
    target: Target,
}

/// A person seen earlier in the article, for pronouns and nominals.
#[derive(Clone, Debug)]
struct Seen {
    actor: ActorRef,
    role: Option<String>,
    sent: usize,
    /// Named ("Kerry") rather than described ("Russia's ambassador").
    named: bool,
}

const PERSON_ROLES: &[&str] = &[
    "president",
    "pm",
    "fm",
    "dm",
    "minister",
    "spokesperson",
    "ambassador",
    "official",
    "leader",
    "envoy",
    "legislator",
];

/// Nouns that, after "the", refer back to an organisation.
const ORG_NOMINALS: &[&str] = &[
    "group",
    "organisation",
    "organization",
    "agency",
    "alliance",
    "movement",
];

/// Does a nominal's role tag fit a person's role tag?
fn role_fits(nominal: &str, person: &str) -> bool {
    nominal == person
        || (nominal == "minister" && matches!(person, "fm" | "dm" | "pm"))
        || (nominal == "official" && person != "legislator")
        || (nominal == "leader" && matches!(person, "president" | "pm" | "leader"))
        || (nominal == "ambassador" && person == "envoy")
}

/// Finds the actor mentions of one doc.
pub(crate) fn resolve(kb: &KnowledgeBase, doc: &Doc) -> Vec<Mention> {
    let date = doc.meta.date;
    let mut out = Vec::new();
    let mut seen: Vec<Seen> = Vec::new();
    for (si, sent) in doc.sents.iter().enumerate() {
        let pieces = find_pieces(kb, doc, sent.iter());
        let chunks = chunk(doc, &pieces);
        let mut covered: Vec<(usize, usize)> = Vec::new();
        for ch in chunks {
            let first = ch[0];
            let last = ch[ch.len() - 1];
            covered.push((first.start, last.end));
            let mut span = ByteSpan {
                start: first.span.start,
                end: last.span.end,
            };
            let Some((mut actor, role, rule)) = compose(kb, &ch, date) else {
                continue;
            };
            let mut named = ch.iter().any(|p| matches!(p.target, Target::Person(_)));
            // An unknown name right after a title: "US Deputy Secretary Jeffrey Kupfer".
            if let Some(ent) = doc.ents.iter().find(|e| {
                e.label == EntLabel::Per
                    && e.tokens.start as usize == last.end
                    && !ch.iter().any(|p| matches!(p.target, Target::Person(_)))
            }) {
                span.end = doc.range_span(ent.tokens).end;
                actor.name = Some(doc.span_text(doc.range_span(ent.tokens)).to_string());
                named = true;
            }
            actor.span = span;
            // "a Baghdad market", "Kabul airport": a capital naming where something is
            // is the country, not its government.
            let place = matches!(last.target, Target::Seat(_))
                && ch.len() == 1
                && last.end < sent.end as usize
                && doc.token(last.end).upos() == Upos::Noun;
            if place {
                if let Some(iso) = actor.iso3.clone() {
                    actor.code = iso;
                    actor.sector = None;
                }
            }
            let agent_only = ch.iter().all(|p| matches!(p.target, Target::Agent(_)));
            if agent_only {
                if let Some(m) = nominal(kb, doc, &ch, &seen, si, span) {
                    out.push(m);
                    continue;
                }
            }
            if named || role.as_deref().is_some_and(|r| PERSON_ROLES.contains(&r)) {
                seen.push(Seen {
                    actor: actor.clone(),
                    role: role.clone(),
                    sent: si,
                    named,
                });
            }
            out.push(Mention {
                sent: si as u32,
                actor,
                rule,
            });
        }
        // "the group", "the organisation": the latest organisation of the last sentences.
        for i in sent.iter().skip(1) {
            let w = doc.token(i).text().to_lowercase();
            if !ORG_NOMINALS.contains(&w.as_str())
                || !doc.token(i - 1).text().eq_ignore_ascii_case("the")
                || covered.iter().any(|&(s, e)| s <= i && i < e)
            {
                continue;
            }
            let latest = out.iter().rev().find(|m: &&Mention| {
                si - m.sent as usize <= 2
                    && m.rule.starts_with("kb:org")
                    && m.actor.span.end <= doc.token(i).span().start
            });
            if let Some(m) = latest {
                let mut actor = m.actor.clone();
                actor.span = doc.token(i).span();
                out.push(Mention {
                    sent: si as u32,
                    actor,
                    rule: format!("nominal:{w}"),
                });
            }
        }
        // Personal pronouns refer to the latest person named in the last few sentences.
        for i in sent.iter() {
            if covered.iter().any(|&(s, e)| s <= i && i < e) {
                continue;
            }
            let t = doc.token(i);
            if t.upos() != Upos::Pron {
                continue;
            }
            let w = t.text().to_lowercase();
            if !matches!(w.as_str(), "he" | "she" | "him" | "her" | "his") {
                continue;
            }
            let before = |p: &&Seen| {
                si - p.sent <= 3 && p.actor.span.end as usize <= t.span().start as usize
            };
            // Named people first: a pronoun rarely points back to a bare description.
            let named = seen.iter().rev().filter(before).find(|p| p.named);
            let Some(p) = named.or_else(|| seen.iter().rev().find(before)) else {
                continue;
            };
            let mut actor = p.actor.clone();
            actor.span = t.span();
            out.push(Mention {
                sent: si as u32,
                actor,
                rule: format!("pronoun:{w}"),
            });
        }
    }
    out.sort_by_key(|m| m.actor.span.start);
    share_agents(doc, &mut out);
    datelines(doc, &mut out);
    out
}

/// "US and British activists": a country adjective coordinated with a country-plus-agent
/// takes the agent too (`USAOPP` and `GBROPP`). Only demonyms and all-caps short names
/// qualify, so "Russia and Syrian rebels" keeps Russia itself.
fn share_agents(doc: &Doc, out: &mut [Mention]) {
    for k in 1..out.len() {
        let (a, b) = (&out[k - 1], &out[k]);
        if a.sent != b.sent || b.rule != "kb:country+agent" || b.actor.code.len() <= 3 {
            continue;
        }
        let text = doc.span_text(a.actor.span);
        let attributive = a.rule == "kb:demonym"
            || (a.rule == "kb:country"
                && text
                    .chars()
                    .all(|c| c.is_uppercase() || c == '.' || c == ' '));
        let gap = doc
            .text()
            .get(a.actor.span.end as usize..b.actor.span.start as usize)
            .unwrap_or("");
        let coordinated = matches!(gap.trim(), "and" | "or" | "," | ", and" | "and the");
        let Some(iso) = a.actor.iso3.clone() else {
            continue;
        };
        if !attributive || !coordinated {
            continue;
        }
        let (suffix, sector) = (b.actor.code[3..].to_string(), b.actor.sector.clone());
        let a = &mut out[k - 1];
        a.actor.code = format!("{iso}{suffix}");
        a.actor.sector = sector;
        a.rule.push_str("+shared-agent");
    }
}

/// A dateline ("OSLO, May 5 (Reuters) -", "GAZA CITY, Palestinian Territories:") names
/// where the story was filed, not an actor: its names are no mentions, and its country
/// goes to the countryless agents ("the government", "police") of sentences that name
/// no country of their own.
fn datelines(doc: &Doc, out: &mut Vec<Mention>) {
    let mut country: Option<String> = None;
    for (si, sent) in doc.sents.iter().enumerate().take(3) {
        let Some(end) = dateline_end(doc, sent.iter()) else {
            continue;
        };
        let limit = doc.token(end).span().start;
        let inside = |m: &Mention| m.sent as usize == si && m.actor.span.end <= limit;
        country = country.or_else(|| {
            out.iter()
                .filter(|m| inside(m))
                .find_map(|m| m.actor.iso3.clone())
        });
        out.retain(|m| !inside(m));
        break;
    }
    let Some(iso) = country else {
        return;
    };
    let named: Vec<u32> = out
        .iter()
        .filter(|m| m.actor.iso3.is_some())
        .map(|m| m.sent)
        .collect();
    for m in out.iter_mut() {
        if m.actor.code.starts_with("---") && !named.contains(&m.sent) {
            m.actor.code = format!("{iso}{}", &m.actor.code[3..]);
            m.actor.iso3 = Some(iso.clone());
            m.rule.push_str("+dateline");
        }
    }
}

/// The separator token that ends a dateline opening these tokens: an all-caps place
/// name first, then only capitalised words, numbers and punctuation up to a dash or
/// colon within the first ten tokens.
fn dateline_end(doc: &Doc, toks: std::ops::Range<usize>) -> Option<usize> {
    let first = doc.token(toks.start).text();
    let letters: Vec<char> = first.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 3 || !letters.iter().all(|c| c.is_uppercase()) {
        return None;
    }
    let end = toks.end.min(toks.start + 10);
    for i in toks.start + 1..end {
        let w = doc.token(i).text();
        if matches!(w, "-" | "--" | "—" | "–" | ":") {
            return Some(i);
        }
        let ok = w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            || w.chars().all(|c| matches!(c, ',' | '(' | ')' | '.'));
        if !ok {
            return None;
        }
    }
    None
}

/// A definite agent-only chunk naming a person's role ("the minister") refers to the
/// latest person seen with a fitting role.
fn nominal(
    kb: &KnowledgeBase,
    doc: &Doc,
    ch: &[Piece],
    seen: &[Seen],
    si: usize,
    span: ByteSpan,
) -> Option<Mention> {
    let first = ch[0].start;
    let det = first
        .checked_sub(1)
        .map(|i| doc.token(i).text().to_lowercase());
    if det.as_deref() != Some("the") {
        return None;
    }
    let Target::Agent(a) = ch[ch.len() - 1].target else {
        return None;
    };
    let role = kb.agents[a as usize].role.as_deref()?;
    if !PERSON_ROLES.contains(&role) {
        return None;
    }
    let p = seen
        .iter()
        .rev()
        .find(|p| si - p.sent <= 6 && p.role.as_deref().is_some_and(|r| role_fits(role, r)))?;
    let mut actor = p.actor.clone();
    actor.span = span;
    Some(Mention {
        sent: si as u32,
        actor,
        rule: format!("nominal:{role}"),
    })
}

fn find_pieces(kb: &KnowledgeBase, doc: &Doc, range: std::ops::Range<usize>) -> Vec<Piece> {
    let text = doc.text();
    let ends = doc.tokens.ends();
    let end_tok = range.end;
    let mut out = Vec::new();
    let mut i = range.start;
    while i < end_tok {
        let t = doc.token(i);
        let starts_word = t.text().chars().next().is_some_and(char::is_alphanumeric);
        if starts_word {
            if let Some(m) = kb.match_at(text, t.span().start as usize) {
                // The match ends at the end of the token that holds its last byte.
                let j = ends[i..end_tok].partition_point(|&e| (e as usize) < m.end) + i;
                let j = j.min(end_tok - 1);
                // A longer name starting inside this one wins: "the West Bank" is not
                // "the West" and a bank.
                let overlapped = (i + 1..=j).any(|k| {
                    kb.match_at(text, doc.token(k).span().start as usize)
                        .is_some_and(|n| n.end > m.end)
                });
                // An agent word used as an adjective names no one: "official contact",
                // "a general strike", "military exercises".
                let adjective =
                    matches!(m.target, Target::Agent(_)) && doc.token(j).upos() == Upos::Adj;
                if !overlapped && !adjective {
                    out.push(Piece {
                        start: i,
                        end: j + 1,
                        span: ByteSpan::new(t.span().start as usize, m.end),
                        target: m.target,
                    });
                    i = j + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// Groups adjacent pieces into chunks. Between two pieces may stand determiners,
/// proper nouns, adjectives, numbers, a possessive, a hyphen, "of", and nouns that
/// depend on a token inside the chunk ("Russia's UN ambassador").
fn chunk(doc: &Doc, pieces: &[Piece]) -> Vec<Vec<Piece>> {
    let mut out: Vec<Vec<Piece>> = Vec::new();
    for &p in pieces {
        let joinable = out.last().is_some_and(|c: &Vec<Piece>| {
            let prev = c[c.len() - 1];
            let lo = c[0].start;
            let gap = prev.end..p.start;
            gap.len() <= 4
                && gap.clone().all(|g| {
                    let t = doc.token(g);
                    let w = t.text();
                    let head = doc.tokens.heads()[g] as usize;
                    match t.upos() {
                        Upos::Det | Upos::Propn | Upos::Num => true,
                        Upos::Adj => true,
                        // "Algeria's leading rights activist", "the ruling party".
                        Upos::Verb => w.ends_with("ing"),
                        Upos::Part => matches!(w, "'s" | "’s" | "'"),
                        Upos::Punct => matches!(w, "-" | "'" | "’"),
                        Upos::Adp => w.eq_ignore_ascii_case("of") && gap.len() <= 2,
                        Upos::Noun => head != g && lo <= head && head < p.end,
                        _ => false,
                    }
                })
        });
        // "Kerry and Lavrov" never merge: a coordinator is not joinable.
        if joinable {
            if let Some(c) = out.last_mut() {
                c.push(p);
            }
        } else {
            out.push(vec![p]);
        }
    }
    out
}

/// Resolves a chunk to an actor: a person wins, then an organisation, then a country
/// with the sector of the head agent; an agent alone gets `---` for its country.
fn compose(
    kb: &KnowledgeBase,
    ch: &[Piece],
    date: Option<NaiveDate>,
) -> Option<(ActorRef, Option<String>, String)> {
    let person = ch.iter().rev().find_map(|p| match p.target {
        Target::Person(id) => Some(id),
        _ => None,
    });
    if let Some(id) = person {
        let person = &kb.people[id as usize];
        let role = person.role_on(date)?;
        let (mut iso3, sector) = split_code(&role.code);
        let mut code = role.code.clone();
        // "Jordan's King Abdullah" is not the Saudi king of the same name: a country
        // named in the chunk wins over the role's.
        let named = ch.iter().find_map(|p| match p.target {
            Target::Country(c) | Target::Demonym(c) => Some(kb.countries[c as usize].iso3.clone()),
            _ => None,
        });
        let mut rule = format!(
            "kb:person:{}:{}",
            person.name,
            role.from.map_or("-".into(), |d| d.to_string())
        );
        if let (Some(n), Some(own)) = (named, iso3.as_ref()) {
            if &n != own {
                code = format!("{n}{}", code.get(3..).unwrap_or(""));
                iso3 = Some(n);
                rule.push_str("+named-country");
            }
        }
        let actor = ActorRef {
            code,
            iso3,
            sector,
            name: Some(person.name.clone()),
            span: ByteSpan::default(),
        };
        return Some((actor, Some(role.role.clone()), rule));
    }
    let country = ch.iter().find_map(|p| match p.target {
        Target::Country(c) | Target::Demonym(c) | Target::Seat(c) => Some((c, p.target)),
        _ => None,
    });
    let org = ch.iter().position(|p| matches!(p.target, Target::Org(_)));
    let agent = ch
        .iter()
        .rposition(|p| matches!(p.target, Target::Agent(_)));
    let agent_sector = agent.map(|a| match ch[a].target {
        Target::Agent(id) => kb.agents[id as usize].sector.clone(),
        _ => String::new(),
    });
    let role = agent.and_then(|a| match ch[a].target {
        Target::Agent(id) => kb.agents[id as usize].role.clone(),
        _ => None,
    });
    let country_first = match (country, org) {
        (Some(_), Some(o)) => {
            let cpos = ch
                .iter()
                .position(|p| {
                    matches!(
                        p.target,
                        Target::Country(_) | Target::Demonym(_) | Target::Seat(_)
                    )
                })
                .unwrap_or(usize::MAX);
            cpos < o && agent.is_some_and(|a| a > o)
        }
        (Some(_), None) => true,
        _ => false,
    };
    let (code, name, rule) = if let (Some(o), false) = (org, country_first) {
        let Target::Org(id) = ch[o].target else {
            return None;
        };
        let org = &kb.orgs[id as usize];
        let mut code = org.code.clone();
        // A three-letter code is a country-level actor: add the agent's sector.
        // An armed group's gunmen are the group ("Taliban gunmen").
        let sector_added = match &agent_sector {
            Some(s)
                if agent.is_some_and(|a| a > o)
                    && org.sector.as_deref() != Some(s)
                    && s != "UAF" =>
            {
                code.push_str(s);
                true
            }
            _ => false,
        };
        let rule = if sector_added {
            "kb:org+agent"
        } else {
            "kb:org"
        };
        (code, Some(org.name.clone()), rule.to_string())
    } else if let Some((c, how)) = country {
        let ctry = &kb.countries[c as usize];
        let mut code = ctry.iso3.clone();
        let rule = match (&agent_sector, how) {
            (Some(s), _) => {
                code.push_str(s);
                "kb:country+agent"
            }
            (None, Target::Seat(_)) => {
                code.push_str("GOV");
                "kb:seat-metonym"
            }
            (None, Target::Demonym(_)) => "kb:demonym",
            _ => "kb:country",
        };
        (code, Some(ctry.name.clone()), rule.to_string())
    } else {
        let s = agent_sector?;
        (format!("---{s}"), None, "kb:agent".to_string())
    };
    let (iso3, sector) = split_code(&code);
    Some((
        ActorRef {
            code,
            iso3,
            sector,
            name,
            span: ByteSpan::default(),
        },
        role,
        rule,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_doc::{DocMeta, TokRange};

    /// A doc from `word/UPOS` items separated by spaces; `|` ends a sentence.
    fn doc(spec: &str, date: &str) -> Doc {
        let mut text = String::new();
        let mut toks = Vec::new();
        let mut sents = Vec::new();
        let mut start = 0;
        for item in spec.split(' ') {
            if item == "|" {
                sents.push(TokRange::new(start, toks.len()));
                start = toks.len();
                continue;
            }
            let (w, tag) = item.rsplit_once('/').unwrap();
            let w = w.replace('_', " ");
            if !text.is_empty() {
                text.push(' ');
            }
            toks.push((text.len(), text.len() + w.len(), Upos::parse(tag).unwrap()));
            text.push_str(&w);
        }
        sents.push(TokRange::new(start, toks.len()));
        let mut meta = DocMeta::new("t", "t");
        meta.date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
        let mut d = Doc::new(meta, text);
        for (i, &(s, e, u)) in toks.iter().enumerate() {
            d.tokens.push(s, e);
            d.tokens.upos_mut()[i] = u;
        }
        d.sents = sents;
        d
    }

    fn render(d: &Doc) -> String {
        let kb = KnowledgeBase::builtin().unwrap();
        resolve(&kb, d)
            .iter()
            .map(|m| format!("{}={}", d.span_text(m.actor.span), m.actor.code))
            .collect::<Vec<_>>()
            .join("; ")
    }

    #[test]
    fn titles_compounds_metonymy_pronouns() {
        let d = doc(
            "US/PROPN Secretary/PROPN of/ADP State/PROPN John/PROPN Kerry/PROPN met/VERB \
             Russia/PROPN 's/PART ambassador/NOUN to/ADP the/DET US/PROPN | \
             He/PRON said/VERB the/DET Kremlin/PROPN and/CCONJ Syrian/ADJ rebels/NOUN \
             must/AUX talk/VERB to/ADP Foreign/PROPN Ministry/PROPN spokeswoman/NOUN \
             Maria/PROPN Zakharova/PROPN | The/DET minister/NOUN left/VERB",
            "2016-02-13",
        );
        assert_eq!(
            render(&d),
            "US Secretary of State John Kerry=USAGOV; Russia 's ambassador=RUSGOV; US=USA; \
             He=USAGOV; the Kremlin=RUSGOV; Syrian rebels=SYRREB; \
             Foreign Ministry spokeswoman Maria Zakharova=RUSGOV; minister=USAGOV"
        );
    }

    #[test]
    fn datelines_and_shared_agents() {
        let d = doc(
            "OSLO/PROPN (/PUNCT Reuters/PROPN )/PUNCT -/PUNCT The/DET government/NOUN \
             said/VERB | Police/NOUN arrested/VERB US/PROPN and/CCONJ British/ADJ \
             activists/NOUN and/CCONJ official/ADJ observers/NOUN",
            "2016-02-13",
        );
        assert_eq!(
            render(&d),
            "government=NORGOV; Police=---COP; US=USAOPP; British activists=GBROPP"
        );
        let d = doc(
            "Jordan/PROPN 's/PART King/PROPN Abdullah/PROPN met/VERB an/DET Islamic/ADJ \
             state/NOUN official/NOUN",
            "2016-02-13",
        );
        assert_eq!(
            render(&d),
            "Jordan 's King Abdullah=JORGOV; official=---GOV"
        );
    }

    #[test]
    fn roles_by_article_date() {
        let d = doc("Kerry/PROPN visited/VERB Moscow/PROPN", "2010-05-01");
        assert_eq!(render(&d), "Kerry=USALEG; Moscow=RUSGOV");
        let d = doc(
            "Medvedev/PROPN and/CCONJ Lavrov/PROPN met/VERB UN/PROPN troops/NOUN",
            "2010-05-01",
        );
        assert_eq!(
            render(&d),
            "Medvedev=RUSGOV; Lavrov=RUSGOV; UN troops=IGOUNOMIL"
        );
    }
}
