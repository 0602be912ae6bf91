//! Typed models, validation, catalogs and plans for Envoy AI Gateway configurations, as run on
//! the National Research Platform (NRP).
//!
//! The crate reads the `models-config/` folders NRP admins keep in git, checks them the way the
//! Kubernetes API server would (and the cross-object rules it never checks), and computes the
//! ordered creates, updates and deletes between two states.
//!
//! # Quick start
//!
//! Load a folder (or file, or `kubectl get -o yaml` dump), validate it for a release, and plan
//! the changes from a current state to it:
//!
//! ```
//! use nrp_llm_config::{ConfigSet, Limits, PlanOptions, Release, plan, validate};
//! let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/nrp/models-config");
//! let desired = ConfigSet::load(&[folder], &Limits::default());
//! let diagnostics = validate(&desired, Release::default());
//! assert_eq!(diagnostics.error_count(), 0);
//!
//! // From nothing to the folder: every object is created, Backends first.
//! let changes = plan(&ConfigSet::default(), &desired, &PlanOptions::default()).unwrap();
//! assert_eq!(changes.summary().create, desired.objects().len());
//! println!("{}", changes.to_text(false));
//! ```
//!
//! The main pieces:
//!
//! - [`ConfigSet`]: objects by identity, with the file, line and column each was read from.
//! - [`Resource`] and the typed kinds in [`resources`] (with builders);
//!   [`resources::view`] reads any object as JSON, even when typed decoding fails.
//! - [`validate()`] → [`Diagnostics`]: the API server's checks for a [`Release`] plus the
//!   cross-object rules it never makes.
//! - [`plan()`] → [`Plan`]: ordered creates, updates and deletes, as text, JSON or a kubectl
//!   script.
//! - [`Catalog`]: models, backends and gateway settings in an admin's terms, compiled into the
//!   objects and imported back from them.
//! - [`verify`]: compares a running gateway's `/v1/models` with the models a configuration
//!   routes, and probes them (the HTTP side is the default feature `http`).
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod canonical;
pub mod catalog;
pub mod cluster;
pub mod config_set;
pub mod diagnostic;
pub mod document;
pub mod edit;
pub mod folder;
mod fsutil;
pub mod graph;
mod layout;
mod names;
pub mod object_ref;
pub mod ops;
pub mod oracle;
pub mod path;
pub mod plan;
pub mod release;
pub mod resources;
pub mod secrets;
pub mod source;
pub mod validate;
pub mod verify;

pub use canonical::canonical_document;
pub use catalog::Catalog;
pub use config_set::{ConfigSet, WriteError, WriteReport};
pub use diagnostic::{Code, Diagnostic, Diagnostics, Severity, SourceLocation};
pub use document::{Limits, LoadError, Object};
pub use fsutil::write_atomic;
pub use object_ref::ObjectRef;
pub use path::{FieldPath, Segment};
pub use plan::{Plan, PlanError, PlanOptions, plan};
pub use release::Release;
pub use resources::Resource;
pub use source::{Source, SourceError};
pub use validate::validate;
