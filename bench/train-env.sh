# Sourced by the tagger, parser and NER training scripts, from the repository root. Sets S (the
# data folder under $SITREP_SHARED, default ../shared), X (its ner_extra folder), E (UD
# English-EWT), RUN (the sitrep command: $SITREP_BIN, an already built binary, or else
# `cargo run --release`), and U: the comma-separated unlabelled text the word classes are
# learned from (only the words are read): WikiGold (CC BY 4.0), CrossNER (text CC BY-SA),
# re3d open subset, Re-DocRED dev/test (text CC BY-SA), SEC filings (CC BY 3.0), LitBank
# (CC BY 4.0). EWT holds the treebank and word-class flags of the tagger and the parser,
# which must learn the same classes.
S=${SITREP_SHARED:-../shared}/data
X=$S/ner_extra
E=$S/ud_english_ewt
if [ -n "${SITREP_BIN:-}" ]; then RUN=("$SITREP_BIN"); else RUN=(cargo run --release -p sitrep-cli --); fi
U=$X/wikigold/wikigold.iob2.tsv
for f in "$X"/crossner/*.iob2.tsv; do U="$U,$f"; done
U="$U,$X/re3d_open/re3d_open.iob2.tsv,$X/redocred_ner/redocred.dev.iob2.tsv,$X/redocred_ner/redocred.test.iob2.tsv"
U="$U,$X/sec_filings/sec.train.iob2.tsv,$X/litbank_prop/litbank_prop.iob2.tsv"
EWT=(--train "$E/en_ewt-ud-train.rebuilt.conllu" --dev "$E/en_ewt-ud-dev.conllu" --unlabeled "$U" --classes 256)
