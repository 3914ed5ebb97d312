//! Tokenizer, sentence splitter, POS tagger and lemmatizer; assembles the NLP pipeline.
#![deny(missing_docs)]
