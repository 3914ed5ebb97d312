//! PETRARCH semantics, one feature per test, with tiny dictionaries written here and
//! hand-written Penn Treebank parses; plus the ingest path over a dependency parse.

use chrono::NaiveDate;
use sitrep_actors::PetrActors;
use sitrep_doc::{DepRel, Doc, DocMeta, TokRange, Upos, Xpos};
use sitrep_events::petrarch::{
    CommaLimits, Discards, PetrOptions, PetrarchCoder, Skipped, Tree, VerbDict,
};
use sitrep_events::EventCoder;
use sitrep_pipeline::Component;

const ACTORS: &str = "\
FREEDONIA [FRE]
+FREEDONIAN
SYLVANIA [SYL]
+SYLVANIAN
MARSOVIA [MAR]
GRAND_FENWICK [FEN]
KLOPSTOKIA [KLO/KLE]
RUFUS_FIREFLY
\t[FRE < 19330101]
\t[FREGOV 19330101-19341231]
\t[FREELI > 19350101]
LEAGUE OF HARBOURS [IGOHRB]
";

const AGENTS: &str = "\
!P! = MAN, MEN
CABINET_SECRETARY [~GOV]
LEGISLATOR [~LEG]
CONSTABULARY {} [~COP]
FUNCTIONARY [~GOV]
REGIME [~GOV]
PALACE_GUARD [~SEC]
RELIEF_GROUP [NGO~]
BOAT!P! [~NAV]
";

const VERBS: &str = "\
&MONEY
+DOUBLOON
+GOLD COINS
&NEVER_
+WILL NEVER
+DID NEVER

--- SCOLD [111] ---
SCOLD
DENOUNCE
- LOUDLY * [1111]
- &NEVER * [---]

--- DONATE [0701] ---
DONATE
- * &MONEY [9031]
- * NEW_AID_PACKAGE [9041]

--- SAIL [0322:0332] ---
SAILED

--- LIBERATE [0661] ---
LIBERATE
- + * AWAY FROM $ [0662]

--- FEAST [0431] ---
FEAST
- * AT ^ WITH + [0432]

--- POSTPONE [1911] ---
POSTPONE
- % HAVE * [1912]

--- RESIST [1121] ---
RESIST

--- APPLAUD [0411] ---
APPLAUD

--- DECLARE [0231] ---
SAID

--- CANCEL [1611] ---
CANCEL
+CALL_OFF {+CALLED_OFF}  [1718]
PHONE_+HACK {PHONE_+HACKED}  [1712]
- * ACCORD [1631]

--- MEND [0642] ---
MEND
- * FENCES [0643:0643]
";

fn coder() -> PetrarchCoder {
    let mut verbs = VerbDict::default();
    verbs.add_text(VERBS, "test.verbs");
    let mut actors = PetrActors::default();
    actors.add_actors_text(ACTORS);
    actors.add_agents_text(AGENTS);
    let mut discards = Discards::default();
    discards.add_text("CROQUET\n+CROSSWORD_\n");
    PetrarchCoder::new(verbs, actors).with_discards(discards)
}

fn code_with(ptb: &str, date: &str, options: &PetrOptions) -> Result<Vec<String>, Skipped> {
    let tree = Tree::parse_ptb(ptb).expect("parse");
    let text = tree.words().join(" ");
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    let mut out: Vec<String> = coder()
        .code_tree_with(&tree, &text, date, options)?
        .into_iter()
        .map(|e| format!("{} {} {}", e.source.code, e.target.code, e.code))
        .collect();
    out.sort();
    Ok(out)
}

fn code(ptb: &str) -> Vec<String> {
    code_with(ptb, "2000-01-01", &PetrOptions::default()).unwrap()
}

#[test]
fn verb_forms_and_the_block_code() {
    let t = "(ROOT (S (NP (NNP Freedonia)) (VP (VBD denounced) (NP (NNP Sylvania))) (. .)))";
    assert_eq!(code(t), ["FRE SYL 111"]);
    // A form that is not generated does not code.
    let t = "(ROOT (S (NP (NNP Freedonia)) (VP (VBD denouncx) (NP (NNP Sylvania))) (. .)))";
    assert!(code(t).is_empty());
}

#[test]
fn upper_and_lower_patterns_with_synsets() {
    let t = "(ROOT (S (NP (NNP Freedonia)) (VP (MD will) (VP (VB donate) (NP (CD ten) (NNS doubloons)) (PP (TO to) (NP (NNP Sylvania))))) (. .)))";
    assert_eq!(
        code(t),
        ["FRE SYL 9031"],
        "synset member plural in the lower half"
    );
    let t = "(ROOT (S (NP (NNP Freedonia)) (VP (MD will) (VP (VB donate) (NP (CD two) (NN gold) (NNS coins)) (PP (TO to) (NP (NNP Sylvania))))) (. .)))";
    assert_eq!(code(t), ["FRE SYL 9031"], "multi-word member");
    let t = "(ROOT (S (NP (NNP Freedonia)) (VP (MD will) (VP (VB donate) (NP (NNS grain)) (PP (TO to) (NP (NNP Sylvania))))) (. .)))";
    assert_eq!(code(t), ["FRE SYL 0701"], "no pattern: the block code");
    // `_` joins: NEW_AID_PACKAGE must be consecutive.
    let t = "(ROOT (S (NP (NNP Freedonia)) (VP (VBD donated) (NP (DT a) (JJ new) (NN aid) (NN package)) (PP (TO to) (NP (NNP Sylvania)))) (. .)))";
    assert_eq!(code(t), ["FRE SYL 9041"]);
    let t = "(ROOT (S (NP (NNP Freedonia)) (VP (VBD donated) (NP (DT a) (JJ new) (JJ big) (NN aid) (NN package)) (PP (TO to) (NP (NNP Sylvania)))) (. .)))";
    assert_eq!(code(t), ["FRE SYL 0701"]);
    // Before the verb: LOUDLY *, and a synset that blocks coding ([---]).
    let t = "(ROOT (S (NP (NNP Freedonia)) (ADVP (RB loudly)) (VP (VBD denounced) (NP (NNP Sylvania))) (. .)))";
    assert_eq!(code(t), ["FRE SYL 1111"]);
    let t = "(ROOT (S (NP (NNP Freedonia)) (VP (MD will) (RB never) (VP (VB denounce) (NP (NNP Sylvania)))) (. .)))";
    assert!(code(t).is_empty(), "a null-coded pattern codes nothing");
}

#[test]
fn source_and_target_markers_and_skips() {
    // + * AWAY FROM $: the phrase before the verb is the target, the one after the source.
    let t = "(ROOT (S (NP (NNP Sylvania) (NNS sailors)) (VP (VBD were) (VP (VBN liberated) (ADVP (RB away)) (PP (IN from) (NP (NNP Freedonia))))) (. .)))";
    assert_eq!(code(t), ["FRE SYL 0662"]);
    // ^ skips a noun phrase: Sylvania is skipped, Marsovia is the target.
    let t = "(ROOT (S (NP (NNP Freedonia)) (VP (VBD feasted) (PP (IN at) (NP (NNP Sylvania))) (PP (IN with) (NP (NNP Marsovia)))) (. .)))";
    assert_eq!(code(t), ["FRE MAR 0432"]);
}

#[test]
fn compounds_code_every_member() {
    // % before the verb: the compound is source and target.
    let t = "(ROOT (S (NP (NNP Freedonia) (CC and) (NNP Sylvania)) (VP (VBP have) (VP (VBN postponed) (NP (PRP$ their) (NN regatta)))) (. .)))";
    assert_eq!(code(t), ["FRE SYL 1912", "SYL FRE 1912"]);
    // An agent before the compound carries to each member.
    let t = "(ROOT (S (NP (NP (NNS Legislators)) (PP (IN in) (NP (NNP Freedonia) (CC and) (NNP Sylvania)))) (VP (VBD applauded) (NP (NNP Marsovia))) (. .)))";
    assert_eq!(code(t), ["FRELEG MAR 0411", "SYLLEG MAR 0411"]);
    // Leading adjectives are shared by single-noun members of a compound target.
    let t = "(ROOT (S (NP (NNP Marsovia)) (VP (VBD applauded) (NP (JJ Freedonian) (NNS functionaries) (CC and) (NNS legislators))) (. .)))";
    assert_eq!(code(t), ["MAR FREGOV 0411", "MAR FRELEG 0411"]);
    // A slash code is several actors.
    let t = "(ROOT (S (NP (NNP Klopstokia)) (VP (VBD applauded) (NP (NNP Sylvania))) (. .)))";
    assert_eq!(code(t), ["KLE SYL 0411", "KLO SYL 0411"]);
}

#[test]
fn paired_codes_passive_and_multiword_verbs() {
    let t = "(ROOT (S (NP (NP (NNP Freedonia) (POS 's)) (NN cabinet) (NN secretary)) (VP (VBD sailed) (PP (IN for) (NP (NNP Sylvania)))) (. .)))";
    assert_eq!(code(t), ["FREGOV SYL 0322", "SYL FREGOV 0332"]);
    let t = "(ROOT (S (NP (NNP Sylvania)) (VP (VBD was) (VP (VBN resisted) (PP (IN by) (NP (NNP Freedonia))))) (. .)))";
    assert_eq!(code(t), ["FRE SYL 1121"], "passive swaps source and target");
    let t = "(ROOT (S (NP (NNP Freedonia)) (VP (VBD called) (PRT (RP off)) (NP (NNS talks)) (PP (IN with) (NP (NNP Sylvania)))) (. .)))";
    assert_eq!(code(t), ["FRE SYL 1718"], "multi-word verb code");
    let t = "(ROOT (S (NP (NNP Freedonia)) (VP (VBD called) (PRT (RP off)) (NP (DT an) (NN accord)) (PP (IN with) (NP (NNP Sylvania)))) (. .)))";
    assert_eq!(
        code(t),
        ["FRE SYL 1631"],
        "block patterns apply to multi-word verbs"
    );
    let t =
        "(ROOT (S (NP (NNP Freedonia) (NN phone)) (VP (VBD hacked) (NP (NNP Sylvania))) (. .)))";
    assert_eq!(code(t), ["FRE SYL 1712"], "the word before the verb");
    // A symmetric pattern code with an uncoded target pairs the source with itself.
    let t = "(ROOT (S (NP (NNP Freedonia) (CC and) (NNP Sylvania)) (VP (VBD mended) (NP (NNS fences))) (. .)))";
    assert_eq!(code(t), ["FRE SYL 0643", "SYL FRE 0643"]);
}

#[test]
fn actors_agents_and_dates_in_noun_phrases() {
    let t = |np: &str| format!("(ROOT (S {np} (VP (VBD applauded) (NP (NNP Marsovia))) (. .)))");
    assert_eq!(
        code(&t("(NP (NNP Grand) (NNP Fenwick) (NN constabulary))")),
        ["FENCOP MAR 0411"]
    );
    assert_eq!(
        code(&t("(NP (NNP Freedonia) (NN relief) (NN group))")),
        ["NGOFRE MAR 0411"],
        "prefixed agent"
    );
    assert_eq!(
        code(&t("(NP (NNP Freedonia) (NN palace) (NNS guards))")),
        ["FRESEC MAR 0411"],
        "generated plural of a two-word agent"
    );
    assert_eq!(
        code(&t("(NP (NNP Freedonia) (NN regime) (NNS functionaries))")),
        ["FREGOV MAR 0411"],
        "an agent code already in the code is not added again"
    );
    assert_eq!(
        code(&t("(NP (NNP Freedonia) (NNS boatmen))")),
        ["FRENAV MAR 0411"],
        "substitution set"
    );
    assert_eq!(
        code(&t("(NP (NNP Freedonia) (NNS constabularies))")),
        ["FRE MAR 0411"],
        "`{{}}` makes no plural"
    );
    assert_eq!(
        code(&t("(NP (NNP League) (IN of) (JJ Southern) (NNP Harbours))")),
        ["IGOHRB MAR 0411"],
        "space-joined actor words may have words between"
    );
    let firefly = t("(NP (NNP Rufus) (NNP Firefly))");
    let on = |d: &str| code_with(&firefly, d, &PetrOptions::default()).unwrap();
    assert_eq!(on("1933-01-01"), ["FRE MAR 0411"], "< includes the day");
    assert_eq!(on("1934-12-31"), ["FREGOV MAR 0411"]);
    assert_eq!(on("1935-01-01"), ["FREELI MAR 0411"]);
    // An agent alone has no country: `---GOV` is a coded actor, unlike `---`.
    let t =
        "(ROOT (S (NP (DT The) (NN functionary)) (VP (VBD denounced) (NP (NNP Sylvania))) (. .)))";
    assert_eq!(code(t), ["---GOV SYL 111"]);
}

#[test]
fn comma_clauses_require_dyad_and_new_actors() {
    let t = "(ROOT (S (S (NP (NNP Freedonia)) (VP (VBD denounced) (NP (NNP Sylvania)))) (, ,) (NP (DT a) (JJ junior) (NN functionary)) (VP (VBD said) (PP (IN on) (NP (NNP Tuesday)))) (. .)))";
    assert_eq!(code(t), ["FRE SYL 111"], "terminal clause deleted");
    let keep = PetrOptions {
        require_dyad: false,
        commas: CommaLimits {
            emax: 0,
            ..CommaLimits::default()
        },
        ..PetrOptions::default()
    };
    assert_eq!(
        code_with(t, "2000-01-01", &keep).unwrap(),
        ["---GOV --- 0231", "FRE SYL 111"]
    );
    let t = "(ROOT (S (NP (DT The) (NNP Ministry) (IN of) (NNP Fisheries)) (VP (VBD denounced) (NP (NNP Sylvania))) (. .)))";
    let fresh = PetrOptions {
        new_actor_length: 4,
        ..PetrOptions::default()
    };
    assert_eq!(
        code_with(t, "2000-01-01", &fresh).unwrap(),
        ["\"THE MINISTRY OF FISHERIES\" SYL 111"]
    );
}

#[test]
fn discards_and_irregular_parses() {
    let t = "(ROOT (S (NP (NNP Freedonia)) (VP (VBD denounced) (NP (NNP Sylvania) (NN croquet))) (. .)))";
    assert_eq!(
        code_with(t, "2000-01-01", &PetrOptions::default()),
        Err(Skipped::SentenceDiscard)
    );
    let c = coder();
    assert!(c.discards().story("The Crossword was hard."));
    assert!(
        !c.discards().story("Crosswords were hard."),
        "`_`: whole word"
    );
    assert!(c.discards().sentence("croquets everywhere"), "stems match");
    let dateline = "(ROOT (NP (NP (NNP Freedonia) (NNP City)) (: :) (NP (NP (NNP Sylvania)) (CC and) (NP (NP (NNP Marsovia) (POS 's)) (NNS envoys)))))";
    assert_eq!(
        code_with(dateline, "2000-01-01", &PetrOptions::default()),
        Err(Skipped::Dateline)
    );
    assert!(Tree::parse_ptb("(ROOT (S (NP (NNP Freedonia))").is_err());
}

/// "Freedonia denounced Sylvania and Marsovia." with a hand-made dependency parse.
fn doc() -> Doc {
    let words = [
        ("Freedonia", Upos::Propn, "NNP", 1, "nsubj"),
        ("denounced", Upos::Verb, "VBD", 1, "root"),
        ("Sylvania", Upos::Propn, "NNP", 1, "obj"),
        ("and", Upos::Cconj, "CC", 4, "cc"),
        ("Marsovia", Upos::Propn, "NNP", 2, "conj"),
        (".", Upos::Punct, ".", 1, "punct"),
    ];
    let text = "Freedonia denounced Sylvania and Marsovia .";
    let mut d = Doc::new(DocMeta::new("t", "t"), text.to_string());
    let mut at = 0;
    for (i, (w, u, x, h, r)) in words.iter().enumerate() {
        let s = text[at..].find(w).unwrap() + at;
        d.tokens.push(s, s + w.len());
        at = s + w.len();
        d.tokens.upos_mut()[i] = *u;
        d.tokens.xpos_mut()[i] = Xpos::parse(x);
        d.tokens.heads_mut()[i] = *h;
        d.tokens.deps_mut()[i] = DepRel::parse(r);
    }
    d.sents = vec![TokRange::new(0, words.len())];
    d
}

#[test]
fn trees_from_the_dependency_parse() {
    let t = Tree::from_deps(&doc(), 0);
    assert_eq!(
        t.to_string(),
        "(ROOT (S (NP (NNP Freedonia)) (VP (VBD denounced) (NP (NP (NNP Sylvania)) (CC and) (NP (NNP Marsovia))) (. .))))"
    );
}

#[test]
fn the_ingest_path_codes_the_dependency_parse() {
    let coder = EventCoder::with_petrarch(coder(), false).unwrap();
    let mut d = doc();
    coder.process(&mut d);
    let got: Vec<String> = d
        .events
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {} {}",
                e.source.code,
                e.target.as_ref().map_or("-", |t| t.code.as_str()),
                e.cameo,
                d.span_text(e.action),
                e.rule
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "FRE SYL 111 denounced petrarch:test.verbs:10:DENOUNCE",
            "FRE MAR 111 denounced petrarch:test.verbs:10:DENOUNCE"
        ]
    );
    let e = &d.events[0];
    assert_eq!(d.span_text(e.source.span), "Freedonia");
    assert_eq!(e.source.iso3.as_deref(), Some("FRE"));
    assert_eq!(
        (e.plover.as_str(), e.goldstein),
        ("ACCUSE", -2.0),
        "CAMEO 111's facts"
    );
}
