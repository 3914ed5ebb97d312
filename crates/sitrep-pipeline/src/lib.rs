//! Components and the pipeline that runs them over [`Doc`]s.
//!
//! # Brief overview
//! - [`Component`] changes a `Doc` in place and declares, in [`ComponentMeta`], which
//!   [`Layer`]s it requires and which it assigns.
//! - [`Pipeline::build`] checks those declarations before any text is read: every
//!   requirement is assigned by an earlier component, and no layer has two writers.
//! - [`Pipeline::run_batch`] spreads a batch over rayon workers and keeps input order.
//!
//! # Design choice: content problems are not errors
//! `process` returns nothing. A component that meets an odd sentence annotates what it
//! can and records a [`sitrep_doc::Diag`]; one bad article never stops a batch.
//!
//! ```
//! use sitrep_doc::{Doc, DocMeta, Layer};
//! use sitrep_pipeline::{Component, ComponentMeta, Pipeline};
//!
//! struct Whitespace;
//! impl Component for Whitespace {
//!     fn meta(&self) -> &ComponentMeta {
//!         const M: ComponentMeta = ComponentMeta { name: "ws", requires: &[], assigns: &[Layer::Tokens] };
//!         &M
//!     }
//!     fn process(&self, doc: &mut Doc) {
//!         let spans: Vec<(usize, usize)> = doc.text().split(' ').scan(0, |pos, w| {
//!             let s = *pos; *pos += w.len() + 1; Some((s, s + w.len()))
//!         }).collect();
//!         for (s, e) in spans { doc.tokens.push(s, e); }
//!     }
//! }
//! let p = Pipeline::build(vec![Box::new(Whitespace)]).unwrap();
//! let docs = p.run_batch(vec![Doc::new(DocMeta::new("a", "x"), "a b c".into())]);
//! assert_eq!(docs[0].len(), 3);
//! ```
#![deny(missing_docs)]

use rayon::prelude::*;
use sitrep_doc::{Doc, Layer};

/// What a component is called, what it needs and what it writes.
#[derive(Clone, Copy, Debug)]
pub struct ComponentMeta {
    /// Short name, used in diagnostics and provenance.
    pub name: &'static str,
    /// Layers that must be assigned before it runs.
    pub requires: &'static [Layer],
    /// Layers it writes.
    pub assigns: &'static [Layer],
}

/// One pipeline stage. Implementations hold their models and do no IO in `process`.
pub trait Component: Send + Sync {
    /// Name, requirements and assignments.
    fn meta(&self) -> &ComponentMeta;
    /// Annotates one doc in place; content problems become `doc.diagnostics`.
    fn process(&self, doc: &mut Doc);
}

/// Why a pipeline could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// A component needs a layer that no earlier component assigns.
    #[error(
        "component `{component}` requires layer {layer:?}, which no earlier component assigns"
    )]
    Unmet {
        /// The component.
        component: &'static str,
        /// The missing layer.
        layer: Layer,
    },
    /// Two components assign the same layer.
    #[error("layer {layer:?} is assigned by both `{first}` and `{second}`")]
    TwoWriters {
        /// The layer.
        layer: Layer,
        /// The earlier writer.
        first: &'static str,
        /// The later writer.
        second: &'static str,
    },
}

/// An ordered, checked list of components.
pub struct Pipeline {
    components: Vec<Box<dyn Component>>,
}

impl Pipeline {
    /// Checks the components' declarations and builds the pipeline.
    pub fn build(components: Vec<Box<dyn Component>>) -> Result<Pipeline, PipelineError> {
        let mut assigned: Vec<(Layer, &'static str)> = Vec::new();
        for c in &components {
            let m = c.meta();
            for &layer in m.requires {
                if !assigned.iter().any(|(l, _)| *l == layer) {
                    return Err(PipelineError::Unmet {
                        component: m.name,
                        layer,
                    });
                }
            }
            for &layer in m.assigns {
                if let Some((_, first)) = assigned.iter().find(|(l, _)| *l == layer) {
                    return Err(PipelineError::TwoWriters {
                        layer,
                        first,
                        second: m.name,
                    });
                }
                assigned.push((layer, m.name));
            }
        }
        Ok(Pipeline { components })
    }

    /// The layers this pipeline assigns.
    pub fn assigns(&self) -> Vec<Layer> {
        self.components
            .iter()
            .flat_map(|c| c.meta().assigns.iter().copied())
            .collect()
    }

    /// Runs every component over one doc.
    pub fn run(&self, doc: &mut Doc) {
        for c in &self.components {
            c.process(doc);
        }
    }

    /// Runs the pipeline over a batch in parallel, keeping input order.
    pub fn run_batch(&self, mut docs: Vec<Doc>) -> Vec<Doc> {
        docs.par_iter_mut().for_each(|d| self.run(d));
        docs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake(ComponentMeta);
    impl Component for Fake {
        fn meta(&self) -> &ComponentMeta {
            &self.0
        }
        fn process(&self, _: &mut Doc) {}
    }

    fn fake(
        name: &'static str,
        requires: &'static [Layer],
        assigns: &'static [Layer],
    ) -> Box<dyn Component> {
        Box::new(Fake(ComponentMeta {
            name,
            requires,
            assigns,
        }))
    }

    #[test]
    fn unmet_requirement_is_reported() {
        let err = Pipeline::build(vec![fake("tagger", &[Layer::Tokens], &[Layer::Pos])])
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "component `tagger` requires layer Tokens, which no earlier component assigns"
        );
    }

    #[test]
    fn two_writers_are_reported() {
        let err = Pipeline::build(vec![
            fake("a", &[], &[Layer::Tokens]),
            fake("b", &[], &[Layer::Tokens]),
        ])
        .err()
        .unwrap();
        assert_eq!(
            err.to_string(),
            "layer Tokens is assigned by both `a` and `b`"
        );
    }

    #[test]
    fn ordered_pipeline_builds() {
        let p = Pipeline::build(vec![
            fake("tok", &[], &[Layer::Tokens]),
            fake("tag", &[Layer::Tokens], &[Layer::Pos]),
        ])
        .unwrap();
        assert_eq!(p.assigns(), vec![Layer::Tokens, Layer::Pos]);
    }
}
