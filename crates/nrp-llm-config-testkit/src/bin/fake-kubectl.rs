//! `fake-kubectl`: a stand-in for `kubectl` in tests (see `nrp_llm_config_testkit::kubectl`).
//! Tests put it on `PATH` as `kubectl`.

use std::io::{Read as _, Write as _};

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut stdin = String::new();
    let reads_stdin = argv
        .windows(2)
        .any(|w| (w[0] == "-f" || w[0] == "--filename") && w[1] == "-")
        || argv.iter().any(|a| a == "-f=-" || a == "--filename=-");
    if reads_stdin {
        let _ = std::io::stdin().read_to_string(&mut stdin);
    }
    let env = std::env::vars().collect();
    let out = nrp_llm_config_testkit::kubectl::run(&argv, &stdin, &env);
    let _ = std::io::stdout().write_all(out.stdout.as_bytes());
    let _ = std::io::stderr().write_all(out.stderr.as_bytes());
    std::process::exit(out.code);
}
