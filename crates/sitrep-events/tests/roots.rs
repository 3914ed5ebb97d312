//! Coding across the CAMEO codebook with the full pipeline (sitrep's own tokenizer,
//! tagger, parser, NER, knowledge base and lexicon) on short news sentences written for
//! this test, one or more per cue category. Each names the root it must be coded in
//! and the source and target countries ("-" for any). The parser is a statistical model,
//! so the test asks for nearly all rather than all of them and prints what it missed.

use sitrep_actors::ActorResolver;
use sitrep_doc::{Doc, DocMeta};
use sitrep_events::EventCoder;
use sitrep_pipeline::{Component, Pipeline};

/// (sentence, CAMEO root, source ISO3, target ISO3).
const CASES: &[(&str, &str, &str, &str)] = &[
    ("Germany expressed concern over Turkey's arrests of journalists.", "01", "DEU", "TUR"),
    ("Egypt welcomed the decision by Sudan to reopen the border.", "01", "EGY", "SDN"),
    ("Pakistan denied involvement in the attack on India's parliament.", "01", "PAK", "IND"),
    ("The Japanese prime minister expressed condolences to China over the earthquake.", "01", "JPN", "CHN"),
    ("Kenya appealed to the United Nations for food aid.", "02", "KEN", "-"),
    ("The European Union urged Serbia to release the detained journalists.", "02", "-", "SRB"),
    ("Nigeria called on Chad to join talks on border security.", "02", "NGA", "TCD"),
    ("Brazil pledged to send humanitarian aid to Haiti.", "03", "BRA", "HTI"),
    ("India offered to mediate between Pakistan and Afghanistan.", "03", "IND", "-"),
    ("Turkey will host peace talks between Azerbaijan and Armenia.", "03", "TUR", "-"),
    ("The French president met his German counterpart in Berlin.", "04", "FRA", "DEU"),
    ("Chinese Premier Li Keqiang visited Cambodia on Monday.", "04", "CHN", "KHM"),
    ("Qatar hosted negotiations between the Taliban and the United States.", "04", "QAT", "-"),
    ("Russian and Ukrainian negotiators held talks in Istanbul.", "04", "RUS", "UKR"),
    ("Morocco praised Spain for its support.", "05", "MAR", "ESP"),
    ("The Philippines apologized to Taiwan for the shooting of a fisherman.", "05", "PHL", "TWN"),
    ("Israel and the United Arab Emirates signed an agreement to normalize relations.", "05", "ISR", "ARE"),
    ("Canada recognized the new government of Libya.", "05", "CAN", "LBY"),
    ("Colombia extradited a drug trafficker to the United States.", "06", "COL", "USA"),
    ("Indian and French navies held joint exercises in the Arabian Sea.", "06", "IND", "FRA"),
    ("Germany sent medical supplies to Italy.", "07", "DEU", "ITA"),
    ("Saudi Arabia gave Yemen two billion dollars in loans.", "07", "SAU", "YEM"),
    ("The United States supplied Ukraine with anti-tank missiles.", "07", "USA", "UKR"),
    ("Sweden granted asylum to a Russian dissident.", "07", "SWE", "RUS"),
    ("The Sudanese government lifted the curfew in Khartoum.", "08", "SDN", "-"),
    ("Myanmar released 200 political prisoners on Tuesday.", "08", "MMR", "-"),
    ("Ethiopian troops withdrew from the disputed town.", "08", "ETH", "-"),
    ("Iran allowed UN inspectors to visit the nuclear site.", "08", "IRN", "-"),
    ("Kenyan police are investigating the killing of a British tourist.", "09", "KEN", "GBR"),
    ("The United Nations will investigate alleged war crimes in Sri Lanka.", "09", "-", "LKA"),
    ("Lebanon demanded that Israel withdraw from the disputed farms.", "10", "LBN", "ISR"),
    ("The Iraqi parliament demanded the withdrawal of Turkish troops.", "10", "IRQ", "TUR"),
    ("China condemned the United States for sending warships to the Taiwan Strait.", "11", "CHN", "USA"),
    ("Ukraine accused Russia of shelling civilian areas.", "11", "UKR", "RUS"),
    ("Venezuela complained to the Organization of American States about Colombia's border policy.", "11", "VEN", "-"),
    ("Greece summoned the Turkish ambassador.", "11", "GRC", "TUR"),
    ("North Korea rejected South Korea's offer of talks.", "12", "PRK", "KOR"),
    ("Hungary vetoed the EU sanctions package against Russia.", "12", "HUN", "-"),
    ("Houthi rebels rejected the Saudi ceasefire proposal.", "12", "YEM", "SAU"),
    ("Turkey threatened to impose sanctions on the Netherlands.", "13", "TUR", "NLD"),
    ("Pakistan warned India of retaliation.", "13", "PAK", "IND"),
    ("Thousands of Iranians protested in Tehran against the government.", "14", "IRN", "-"),
    ("Nigerian workers began a general strike on Monday.", "14", "NGA", "-"),
    ("Russia deployed troops along the Ukrainian border.", "15", "RUS", "-"),
    ("North Korea put its army on high alert.", "15", "PRK", "-"),
    ("Australia suspended military cooperation with Myanmar.", "16", "AUS", "MMR"),
    ("Bahrain severed diplomatic ties with Qatar.", "16", "BHR", "QAT"),
    ("The United States imposed sanctions on Venezuelan officials.", "16", "USA", "VEN"),
    ("Burkina Faso expelled the French ambassador.", "16", "BFA", "FRA"),
    ("Egyptian police arrested dozens of opposition activists.", "17", "EGY", "-"),
    ("Chinese authorities detained a Canadian businessman.", "17", "CHN", "CAN"),
    ("Israeli forces demolished the homes of Palestinian families.", "17", "ISR", "PSE"),
    ("Gunmen kidnapped three Turkish engineers in northern Iraq.", "18", "-", "TUR"),
    ("A suicide bomber killed twelve people at a market in Kabul.", "18", "-", "AFG"),
    ("Boko Haram fighters attacked a village in northeastern Nigeria.", "19", "NGA", "NGA"),
    ("Saudi warplanes bombed Houthi positions in Yemen.", "19", "SAU", "YEM"),
    ("Israeli artillery shelled targets in southern Lebanon.", "19", "ISR", "LBN"),
    ("Turkish troops invaded northern Syria.", "19", "TUR", "SYR"),
    ("Syria used chemical weapons against rebels in Ghouta.", "20", "SYR", "-"),
    ("Iraqi Prime Minister Haider al-Abadi was criticized by Kurdish leaders on Sunday.", "11", "-", "IRQ"),
    ("Russian Foreign Minister Sergei Lavrov held talks with his Iranian counterpart in Moscow.", "04", "RUS", "IRN"),
    ("The Chinese ambassador was summoned by the Japanese foreign ministry.", "11", "JPN", "CHN"),
    ("Chinese coast guard vessels rammed a Vietnamese fishing boat near the Paracel Islands.", "19", "CHN", "VNM"),
    ("Cuban President Raul Castro welcomed the decision by the United States to lift the embargo.", "01", "CUB", "USA"),
    ("Mexico and Canada agreed to cooperate on border security.", "03", "MEX", "CAN"),
    ("Israeli soldiers shot dead a Palestinian teenager in Hebron.", "19", "ISR", "PSE"),
    ("Iranian state media reported that the Revolutionary Guards had seized a British tanker.", "17", "IRN", "GBR"),
    ("Indonesia will send 4,000 peacekeepers to Lebanon.", "03", "IDN", "LBN"),
    ("The Ukrainian parliament voted to suspend a treaty with Russia.", "16", "UKR", "RUS"),
    ("Egyptian security forces killed 10 militants in a raid in Sinai.", "18", "EGY", "-"),
    ("Thailand's military government banned political gatherings.", "17", "THA", "-"),
    ("The World Bank approved a $500 million loan to Kenya.", "07", "-", "KEN"),
    ("Japan apologized to South Korea for its wartime abuses.", "05", "JPN", "KOR"),
    ("Police in Paris used tear gas to disperse protesters.", "17", "FRA", "-"),
    ("German Chancellor Angela Merkel called for an end to the fighting in Ukraine.", "02", "DEU", "-"),
    ("The Iranian foreign minister dismissed the American accusations as lies.", "12", "IRN", "USA"),
    ("Hamas fired rockets at Israel on Friday.", "19", "PSE", "ISR"),
    ("Afghan officials said Taliban fighters had attacked a police checkpoint in Kandahar.", "11", "AFG", "AFG"),
    ("Pakistan's army chief met Chinese President Xi Jinping in Beijing on Tuesday.", "04", "PAK", "CHN"),
    ("The Indian government gave $1 million in aid to Nepal after the earthquake.", "07", "IND", "NPL"),
    ("Ankara recalled its ambassador to Vienna.", "16", "TUR", "AUT"),
    ("The Kenyan government asked the United Nations to send peacekeepers to Somalia.", "02", "KEN", "-"),
    ("North Korean leader Kim Jong Un threatened to attack the United States.", "13", "PRK", "USA"),
    ("Serbia refused to recognize Kosovo's independence.", "12", "SRB", "XKX"),
    ("The Syrian army recaptured the town of Palmyra from Islamic State militants.", "19", "SYR", "-"),
    ("Venezuelan protesters clashed with riot police in Caracas.", "19", "VEN", "VEN"),
    ("Ethiopia accused Egypt of supporting rebels.", "11", "ETH", "EGY"),
    ("The French government announced sanctions against Iranian officials.", "16", "FRA", "IRN"),
    ("US troops trained Iraqi soldiers in Anbar province.", "06", "USA", "IRQ"),
    ("The Malian junta expelled the French ambassador on Monday.", "16", "MLI", "FRA"),
    ("Hundreds of Hong Kong residents marched against the extradition bill.", "14", "HKG", "-"),
    ("The UN Security Council condemned North Korea's latest missile test.", "11", "-", "PRK"),
    ("Turkish warplanes struck Kurdish militant targets in northern Iraq.", "19", "TUR", "IRQ"),
    ("Iran denied sending weapons to the Houthi rebels in Yemen.", "01", "IRN", "-"),
    ("Saudi Arabia pledged $100 million to the reconstruction of Iraq.", "03", "SAU", "IRQ"),
    ("Britain and France urged Russia to stop bombing civilians in Aleppo.", "02", "GBR", "RUS"),
    ("The Polish president praised NATO's decision to deploy troops to the Baltic states.", "05", "POL", "-"),
    ("Vietnam lodged a formal protest with China over the deployment of an oil rig.", "11", "VNM", "CHN"),
    ("Indian police detained hundreds of farmers who were marching to New Delhi.", "17", "IND", "-"),
    ("The Bangladeshi government handed over two suspected militants to India.", "06", "BGD", "IND"),
    ("The Nigerian army said it had rescued 200 girls from Boko Haram.", "07", "NGA", "-"),
    ("Somali pirates hijacked a Greek oil tanker off the coast of Oman.", "18", "SOM", "GRC"),
    ("President Erdogan invited the Iraqi prime minister to visit Ankara.", "02", "TUR", "IRQ"),
    ("Finland offered to host a summit between the United States and Russia.", "03", "FIN", "-"),
    ("Tanzanian authorities deported three Kenyan journalists.", "17", "TZA", "KEN"),
    ("An Iranian court sentenced a French academic to six years in prison.", "17", "IRN", "FRA"),
    ("The Taliban released two American hostages in exchange for three of its commanders.", "08", "AFG", "USA"),
    ("Colombia's government and FARC rebels reached a peace agreement in Havana.", "05", "COL", "COL"),
    ("Kuwait mediated between Saudi Arabia and Qatar.", "04", "KWT", "-"),
    ("The Chinese navy conducted military exercises in the South China Sea.", "15", "CHN", "-"),
    ("Russia cut gas supplies to Ukraine on Monday.", "16", "RUS", "UKR"),
    ("The Iraqi government imposed a curfew in Baghdad after the bombings.", "17", "IRQ", "-"),
    ("Hundreds of Sudanese soldiers surrendered to the rebels.", "08", "SDN", "-"),
    ("The Turkish president accused the Netherlands of Nazism.", "11", "TUR", "NLD"),
    ("Spain refused to extradite the former Venezuelan intelligence chief to the United States.", "12", "ESP", "USA"),
    ("South Korea proposed military talks with North Korea.", "03", "KOR", "PRK"),
    ("Jordan's King Abdullah received the Palestinian president in Amman.", "04", "JOR", "PSE"),
    ("Senegal sent troops to Gambia.", "15", "SEN", "GMB"),
    ("Moscow expelled 23 British diplomats in retaliation.", "16", "RUS", "GBR"),
    ("The Philippine president threatened to cut ties with the United States.", "13", "PHL", "USA"),
    ("The Egyptian foreign minister praised Sudan's new government.", "05", "EGY", "SDN"),
    ("Israeli troops shot dead two Palestinian gunmen near Jenin, army officials said.", "19", "ISR", "PSE"),
    ("Turkish jets bombed Kurdish positions in northern Iraq, the military said.", "19", "TUR", "IRQ"),
    ("Police arrested 20 protesters in Cairo on Friday, witnesses said.", "17", "EGY", "-"),
    ("Chinese and Russian warships held joint drills in the Baltic Sea, state media reported.", "06", "CHN", "RUS"),
    ("The Pakistani army said its troops had killed 12 militants in North Waziristan.", "01", "PAK", "-"),
    ("Ukraine's president called on NATO to provide more weapons, his office said.", "02", "UKR", "-"),
    ("Indian and Chinese troops clashed along their disputed border on Monday.", "19", "IND", "CHN"),
    ("The Lebanese army fired warning shots at Israeli drones, a military source said.", "19", "LBN", "ISR"),
    ("Morocco recalled its ambassador from Algeria on Tuesday.", "16", "MAR", "DZA"),
];

fn iso(a: Option<&sitrep_doc::ActorRef>) -> Option<&str> {
    a.and_then(|a| a.iso3.as_deref())
}

fn pipeline() -> Pipeline {
    let c: Vec<Box<dyn Component>> = vec![
        Box::new(sitrep_nlp::Tokenizer),
        Box::new(sitrep_nlp::Tagger::load_default().expect("tagger model")),
        Box::new(sitrep_parser::Parser::load_default().expect("parser model")),
        Box::new(sitrep_ner::Ner::load_default().expect("NER model")),
        Box::new(ActorResolver::builtin().unwrap()),
        Box::new(EventCoder::builtin().unwrap()),
    ];
    Pipeline::build(c).unwrap()
}

#[test]
fn codes_every_cue_category() {
    let docs: Vec<Doc> = CASES
        .iter()
        .enumerate()
        .map(|(i, (text, ..))| {
            let mut meta = DocMeta::new(&i.to_string(), "roots");
            meta.date = chrono::NaiveDate::from_ymd_opt(2019, 6, 1);
            Doc::new(meta, text.to_string())
        })
        .collect();
    let docs = pipeline().run_batch(docs);
    let mut missed = Vec::new();
    for ((text, root, src, tgt), d) in CASES.iter().zip(&docs) {
        let hit = d.events.iter().any(|e| {
            !e.negated
                && e.cameo.starts_with(root)
                && (*src == "-" || iso(Some(&e.source)) == Some(*src))
                && (*tgt == "-" || iso(e.target.as_ref()) == Some(*tgt))
        });
        if !hit {
            let got: Vec<String> = d
                .events
                .iter()
                .map(|e| {
                    let t = e.target.as_ref().map_or("-", |t| t.code.as_str());
                    format!("{}->{} {}", e.source.code, t, e.cameo)
                })
                .collect();
            missed.push(format!("{text} (want {root} {src}->{tgt}, got {got:?})"));
        }
    }
    let roots: std::collections::BTreeSet<&str> = CASES.iter().map(|c| c.1).collect();
    assert_eq!(roots.len(), 20, "every cue category has a case");
    assert!(
        missed.len() * 20 <= CASES.len(),
        "{} of {} missed:\n{}",
        missed.len(),
        CASES.len(),
        missed.join("\n")
    );
}
