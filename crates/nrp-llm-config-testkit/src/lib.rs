//! Test support for nrp-llm-config, not published: a model cluster with server-side apply
//! semantics ([`cluster`]), the fake `kubectl` that the pipeline and `apply` tests put on `PATH`
//! (the `fake-kubectl` binary, over [`kubectl`]), and the random configurations of the property
//! tests ([`random`], the library's own generator file).

pub mod cluster;
pub mod kubectl;
#[path = "../../nrp-llm-config/src/plan/test_configs.rs"]
pub mod random;
