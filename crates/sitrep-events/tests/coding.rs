//! Event coding on hand-parsed sentences (tokens, tags, lemmas and UD relations written
//! out below), with the real actor resolver.

use chrono::NaiveDate;
use sitrep_actors::ActorResolver;
use sitrep_doc::{DepRel, Doc, DocMeta, TokRange, Upos};
use sitrep_events::EventCoder;
use sitrep_pipeline::Component;

/// One token per line: `form lemma UPOS head deprel` (head 1-based, 0 = root).
/// Sentences are separated by blank lines.
fn doc(spec: &str) -> Doc {
    let mut text = String::new();
    let mut rows = Vec::new();
    let mut sents = Vec::new();
    let mut start = 0;
    let mut base = 0;
    for line in spec.lines().map(str::trim) {
        if line.is_empty() {
            if rows.len() > start {
                sents.push(TokRange::new(start, rows.len()));
                start = rows.len();
                base = rows.len();
            }
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        let form = f[0].replace('_', " ");
        if !text.is_empty() {
            text.push(' ');
        }
        let head: usize = f[3].parse().unwrap();
        let abs_head = if head == 0 {
            rows.len()
        } else {
            base + head - 1
        };
        rows.push((
            text.len(),
            text.len() + form.len(),
            f[1].to_string(),
            f[2],
            abs_head,
            f[4],
        ));
        text.push_str(&form);
    }
    if rows.len() > start {
        sents.push(TokRange::new(start, rows.len()));
    }
    let mut meta = DocMeta::new("t", "t");
    meta.date = NaiveDate::from_ymd_opt(2016, 2, 13);
    let mut d = Doc::new(meta, text);
    for (i, (s, e, lemma, upos, head, rel)) in rows.into_iter().enumerate() {
        d.tokens.push(s, e);
        d.tokens.upos_mut()[i] = Upos::parse(upos).unwrap();
        d.tokens.lemmas_mut()[i] = lemma;
        d.tokens.heads_mut()[i] = head as u32;
        d.tokens.deps_mut()[i] = DepRel::parse(rel);
    }
    d.sents = sents;
    d
}

fn check(spec: &str) -> String {
    let mut d = doc(spec);
    ActorResolver::builtin().unwrap().process(&mut d);
    EventCoder::builtin().unwrap().process(&mut d);
    d.events
        .iter()
        .map(|e| {
            format!(
                "{}->{} {} {} {}{}{}",
                e.source.code,
                e.target.as_ref().map_or("-", |t| t.code.as_str()),
                e.cameo,
                e.plover,
                d.span_text(e.action),
                if e.negated { " NEG" } else { "" },
                if e.hypothetical { " HYP" } else { "" },
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn accusation_and_appeal() {
    let got = check(
        "US US PROPN 6 compound
         Secretary secretary PROPN 6 compound
         of of ADP 4 case
         State state PROPN 2 nmod
         John John PROPN 6 compound
         Kerry Kerry PROPN 7 nsubj
         accused accuse VERB 0 root
         Russia Russia PROPN 7 obj
         of of SCONJ 10 mark
         attacking attack VERB 7 advcl
         civilians civilian NOUN 10 obj
         and and CCONJ 13 cc
         called call VERB 7 conj
         on on ADP 15 case
         Moscow Moscow PROPN 13 obl
         to to PART 17 mark
         change change VERB 13 xcomp
         its its PRON 19 nmod:poss
         strategy strategy NOUN 17 obj",
    );
    assert_eq!(
        got,
        "USAGOV->RUS 112 ACCUSE accused\nUSAGOV->RUSGOV 100 REQUEST called"
    );
}

#[test]
fn passive_compound_and_reported_demand() {
    let got = check(
        "Russia Russia PROPN 4 nsubj:pass
         was be AUX 4 aux:pass
         also also ADV 4 advmod
         criticised criticise VERB 0 root
         by by ADP 8 case
         French French ADJ 8 amod
         Prime prime PROPN 8 compound
         Valls Valls PROPN 4 obl:agent

         Valls Valls PROPN 2 nsubj
         said say VERB 0 root
         Moscow Moscow PROPN 5 nsubj
         must must AUX 5 aux
         stop stop VERB 2 ccomp
         bombing bomb VERB 5 xcomp
         civilians civilian NOUN 6 obj

         Kerry Kerry PROPN 4 nsubj
         and and CCONJ 3 cc
         Lavrov Lavrov PROPN 1 conj
         met meet VERB 0 root
         Assad Assad PROPN 4 obj",
    );
    assert_eq!(
        got,
        "FRAGOV->RUS 111 ACCUSE criticised\n\
         FRAGOV->RUSGOV 100 REQUEST said\n\
         RUSGOV->---CVL 195 ASSAULT bombing\n\
         USAGOV->SYRGOV 040 CONSULT met\n\
         RUSGOV->SYRGOV 040 CONSULT met"
    );
}

#[test]
fn threats_nouns_and_negation() {
    let got = check(
        "Russia Russia PROPN 2 nsubj
         threatened threaten VERB 0 root
         to to PART 4 mark
         cut cut VERB 2 xcomp
         cooperation cooperation NOUN 4 obj
         with with ADP 7 case
         Washington Washington PROPN 5 nmod

         Russian Russian ADJ 3 amod
         air air NOUN 3 compound
         strikes strike NOUN 0 root
         on on ADP 6 case
         opposition opposition NOUN 6 compound
         areas area NOUN 3 nmod

         Turkey Turkey PROPN 4 nsubj
         did do AUX 4 aux
         not not PART 4 advmod
         attack attack VERB 0 root
         Syria Syria PROPN 4 obj",
    );
    assert_eq!(
        got,
        "RUS->USAGOV 1313 THREATEN threatened\n\
         RUS->---OPP 195 ASSAULT strikes\n\
         TUR->SYR 190 ASSAULT attack NEG"
    );
}

#[test]
fn a_phrase_after_the_object_counts_wherever_it_hangs() {
    // "in Sri Lanka" on the object or on the verb: the parser may give either.
    let on_noun = "The the DET 2 det
         UN UN PROPN 3 nsubj
         investigated investigate VERB 0 root
         crimes crime NOUN 3 obj
         in in ADP 6 case
         Syria Syria PROPN 4 nmod";
    let on_verb = on_noun.replace("Syria PROPN 4 nmod", "Syria PROPN 3 obl");
    assert_eq!(check(on_noun), check(&on_verb));
    assert!(
        check(&on_verb).starts_with("IGOUNO->SYR 09"),
        "{}",
        check(&on_verb)
    );
}
