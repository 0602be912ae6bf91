//! Typed models, validation, catalogs and plans for Envoy AI Gateway configurations, as run on
//! the National Research Platform (NRP).
//!
//! The crate reads the `models-config/` folders NRP admins keep in git, checks them the way the
//! Kubernetes API server would (and the cross-object rules it never checks), and computes the
//! ordered creates, updates and deletes between two states.
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod canonical;
pub mod catalog;
pub mod config_set;
pub mod diagnostic;
pub mod document;
pub mod fsutil;
pub mod graph;
pub mod layout;
pub mod names;
pub mod object_ref;
pub mod oracle;
pub mod path;
pub mod plan;
pub mod release;
pub mod resources;
pub mod source;
pub mod validate;

pub use canonical::canonical_document;
pub use catalog::Catalog;
pub use config_set::ConfigSet;
pub use diagnostic::{Code, Diagnostic, Diagnostics, Severity, SourceLocation};
pub use document::{Limits, Object};
pub use object_ref::ObjectRef;
pub use path::{FieldPath, Segment};
pub use release::Release;
pub use source::{Source, SourceError};
