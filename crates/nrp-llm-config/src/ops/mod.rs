//! Model commands as pure operations on the objects of a models-config folder: add, remove and
//! change a model, and move backends to the key policy of a Secret.
//!
//! Each operation takes a [`ConfigSet`] and returns the new set plus one human-readable line per
//! change (`added rule qwen4 to AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen`); it reads and
//! writes no file (the caller, such as the CLI's model commands, writes the result). Objects
//! keep their origin (the file they were read from); new objects have none and follow their
//! siblings in the set's order. Every result is validated for the release: an operation whose
//! result has any error fails with those errors and changes nothing, and so does an operation
//! that cannot be done (an unknown model, a backend that does not exist, a full route object).
//! The warnings the result has and the input did not are returned with it.
//!
//! What each operation touches:
//!
//! - [`add_model`]: the rule (in the route object named, else the first route object by name
//!   with a free slot under [`Release::effective_rule_limit`](crate::Release::effective_rule_limit),
//!   else a new route object `<prefix>models-<n>` with the parentRefs and llmRequestCosts of
//!   the first one), the AIServiceBackend and the Backend when they do not exist yet, and the
//!   API-key policy target when a key Secret is named.
//! - [`remove_model`]: the rule (or, in a rule that also serves other models, only the matches
//!   naming this one), then whatever nothing else uses any more: the AIServiceBackend, its
//!   Backend, policy targets, a route object left without rules, a policy left without
//!   targets, QuotaPolicy entries and objects only for it.
//! - [`set_model`]: the backend(s) of the model's rule, its upstream model name
//!   (`modelNameOverride`), owner (`modelsOwnedBy`) and timeout (`timeouts.request`); backends
//!   the rule no longer uses are cleaned up as by [`remove_model`].
//! - [`rotate_key`]: the named AIServiceBackends leave their API-key policies for the policy
//!   that uses the given Secret (created when needed, split at
//!   [`POLICY_TARGET_LIMIT`](crate::catalog::POLICY_TARGET_LIMIT) targets).
//!
//! Names and shapes follow the catalog compiler: the typed convenience constructors build new
//! objects, policies split in `<name>`, `<name>-2`, ..., new route objects and policies take
//! the folder's name prefix (the longest common `-`-ended prefix of the route object names).
//!
//! ```
//! use nrp_llm_config::{ConfigSet, Limits, Release};
//! use nrp_llm_config::ops::{AddModel, add_model, remove_model};
//! let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/nrp/models-config");
//! let set = ConfigSet::load(&[folder], &Limits::default());
//! let added = add_model(
//!     &set,
//!     &AddModel::new("gemma-tiny", "envoy-ai-gateway-nrp-gemma")
//!         .with_upstream_model("google/gemma-3-27b-it")
//!         .with_timeout("300s"),
//!     Release::default(),
//! )
//! .unwrap();
//! assert!(added.warnings.is_empty());
//! assert_eq!(added.changes, ["added rule gemma-tiny to AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen"]);
//! let removed = remove_model(&added.set, "gemma-tiny", Release::default()).unwrap();
//! assert_eq!(removed.changes, ["removed rule gemma-tiny from AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen"]);
//! ```

mod add;
mod key;
mod remove;
mod set;
#[cfg(test)]
mod tests;
mod work;

pub use add::{AddModel, add_model};
pub use key::rotate_key;
pub use remove::remove_model;
pub use set::{SetModel, set_model};

use crate::ConfigSet;

/// The result of an operation: the new objects and what changed, one line per change.
#[derive(Clone, Debug)]
pub struct Edited {
    /// The objects after the operation (unchanged objects are the same [`crate::Object`]s,
    /// changed ones keep their origin).
    pub set: ConfigSet,
    /// What changed, for people, in the order it was done (empty when nothing had to change).
    pub changes: Vec<String>,
    /// Warnings of the result that the objects before the operation did not have (a new rule
    /// without a timeout, a backend left unused, ...); the operation still succeeded.
    pub warnings: Vec<crate::Diagnostic>,
}
