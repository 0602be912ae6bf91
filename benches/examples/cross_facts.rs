//! Times the cross-object rules on a folder written by `gen-models-config`: the reference
//! implementation (reads the JSON trees), the two-phase one (facts of every object, then the
//! rules over the facts) and each phase alone, and reports how much memory the facts take.
//!
//! ```text
//! RAYON_NUM_THREADS=1 cargo run --release -p nrp-llm-config-benches --example cross_facts -- DIR
//! ```

use nrp_llm_config::validate::cross::{Facts, check, check_facts, check_reference};
use nrp_llm_config::{ConfigSet, Limits, Release};
use std::collections::BTreeMap;
use std::time::Instant;

fn best<T>(label: &str, runs: usize, mut f: impl FnMut() -> T) -> T {
    let mut best = f64::MAX;
    let mut out = None;
    for _ in 0..runs {
        let start = Instant::now();
        let r = f();
        best = best.min(start.elapsed().as_secs_f64() * 1e3);
        out = Some(r);
    }
    println!("{label:42} {best:8.1} ms (best of {runs})");
    out.expect("runs > 0")
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: cross_facts DIR");
        std::process::exit(2);
    };
    let release = Release::V1_1;
    let set = ConfigSet::load(&[dir], &Limits::default());
    println!("{} objects", set.len());
    let reference = best("cross::check_reference", 5, || {
        check_reference(&set, release)
    });
    let fast = best("cross::check (facts + check_facts)", 5, || {
        check(&set, release)
    });
    assert_eq!(fast, reference, "the two implementations differ");
    println!("{} diagnostics, identical", fast.len());
    let facts = best("Facts::of, every object, 1 thread", 5, || {
        set.objects()
            .iter()
            .map(|o| Facts::of(o, release))
            .collect::<Vec<_>>()
    });
    best("check_facts", 5, || check_facts(&facts, release).len());
    best("Facts::of (rayon) + check_facts + drop", 5, || {
        use rayon::prelude::*;
        let facts: Vec<Facts> = set
            .objects()
            .par_iter()
            .map(|o| Facts::of(o, release))
            .collect();
        check_facts(&facts, release).len()
    });
    best("Facts::of (1 thread) + drop", 5, || {
        set.objects()
            .iter()
            .map(|o| Facts::of(o, release))
            .collect::<Vec<_>>()
            .len()
    });

    let size = std::mem::size_of::<Facts>();
    println!("size_of::<Facts>() = {size} bytes");
    let mut by_kind: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for (o, f) in set.objects().iter().zip(&facts) {
        let e = by_kind.entry(o.kind()).or_default();
        let bytes = size + f.heap_bytes();
        e.0 += 1;
        e.1 += bytes;
        e.2 = e.2.max(bytes);
    }
    let mut total = 0;
    for (kind, (n, bytes, max)) in &by_kind {
        total += bytes;
        println!(
            "{kind:24} {n:6} objects, {:6} bytes each on average (max {max}), {:8.1} KiB",
            bytes / n,
            *bytes as f64 / 1024.0
        );
    }
    println!(
        "facts of the whole set: {:.2} MiB (inline + heap estimate, allocator rounding not counted)",
        total as f64 / 1024.0 / 1024.0
    );
}
