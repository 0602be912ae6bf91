//! Typed models of the AI Gateway kinds (both API versions) and the Envoy Gateway Backend.

pub mod backend;
pub mod common;
pub mod v1alpha1;
pub mod v1beta1;
