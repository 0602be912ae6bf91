//! Times each phase of `validate` and `plan` on folders written by `gen-models-config`, in one
//! process: load, structural schema checks, CEL rules, cross-object rules, the whole of
//! `validate`, and `plan`.
//!
//! ```text
//! cargo run --release -p nrp-llm-config-benches --example phases -- CURRENT [DESIRED]
//! ```

use nrp_llm_config::oracle::{Checks, Layers, oracle};
use nrp_llm_config::plan::{PlanOptions, plan};
use nrp_llm_config::{ConfigSet, Limits, Release, Source, validate};
use rayon::prelude::*;
use std::time::Instant;

fn time<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    println!("{label:38} {:8.1} ms", start.elapsed().as_secs_f64() * 1e3);
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(current) = args.first() else {
        eprintln!("usage: phases CURRENT [DESIRED]");
        std::process::exit(2);
    };
    let release = Release::V1_1;
    let o = oracle(release);
    let set = time("load (parallel)", || {
        ConfigSet::load(&[current], &Limits::default())
    });
    println!("{} objects", set.len());
    time("compile schemas + CEL (first object)", || {
        for obj in set.objects().iter().take(1) {
            o.validate(obj.value());
        }
        for kind in ["AIServiceBackend", "Backend", "BackendSecurityPolicy"] {
            if let Some(x) = set.objects().iter().find(|x| x.kind() == kind) {
                o.validate(x.value());
            }
        }
    });
    let layer = |label: &str, layers: Layers, parallel: bool| {
        let checks = Checks {
            layers,
            cel_fast_path: true,
        };
        time(label, || {
            if parallel {
                set.objects()
                    .par_iter()
                    .map(|x| o.validate_with(x.value(), checks).len())
                    .sum::<usize>()
            } else {
                set.objects()
                    .iter()
                    .map(|x| o.validate_with(x.value(), checks).len())
                    .sum::<usize>()
            }
        })
    };
    layer("structural, 1 thread", Layers::Structural, false);
    layer("CEL, 1 thread", Layers::Cel, false);
    layer("oracle (both), parallel", Layers::All, true);
    time("cross-object rules", || {
        validate::cross::check(&set, release).len()
    });
    let d = time("validate (all layers)", || {
        validate::validate(&set, release)
    });
    println!("{} diagnostics", d.len());
    let streamed = time("validate_paths (streaming, from disk)", || {
        validate::validate_paths(&[current], release, &Limits::default())
    });
    println!("{} diagnostics", streamed.diagnostics.len());
    if let Some(desired) = args.get(1) {
        // As the CLI's plan reads them: CURRENT first, DESIRED against it (identical files are
        // not parsed again, identical objects share CURRENT's trees).
        let loaded = |spec: &str, against: Option<&ConfigSet>| {
            Source::parse(spec)
                .and_then(|s| s.load(release, against))
                .unwrap_or_else(|e| {
                    eprintln!("{spec}: {e}");
                    std::process::exit(2)
                })
        };
        let set = time("load current (Source, remembers files)", || {
            loaded(current, None)
        });
        let want = time("load desired against current", || {
            loaded(desired, Some(&set))
        });
        let p = time("plan (includes validate of desired)", || {
            plan(&set, &want, &PlanOptions::default())
        });
        match p {
            Ok(p) => println!("{:?}", p.summary()),
            Err(e) => println!("{e}"),
        }
    }
}
