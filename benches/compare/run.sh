#!/usr/bin/env bash
# Side-by-side timing of nrp-llm-config against the Python tools an admin would otherwise use.
# Usage: bash benches/compare/run.sh [MODELS] [RUNS]      (defaults: 10000 models, 5 runs)
# Environment: NRP_UPSTREAM_DIR = folder with the upstream CRDs (default: the repository's
# upstream/); NRP_BASELINE_BIN = another nrp-llm-config binary (an older build) whose validate
# and plan are measured in the same interleaved runs, as "baseline" rows.
# Results: target/compare/results.md (also printed).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
MODELS="${1:-10000}"
RUNS="${2:-5}"
OUT="target/compare"
UPSTREAM="${NRP_UPSTREAM_DIR:-$ROOT/upstream}"
[ -d "$UPSTREAM/ai-gateway" ] || { echo "upstream CRDs not found; set NRP_UPSTREAM_DIR" >&2; exit 2; }
mkdir -p "$OUT"

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time" >&2
  (apt-get update -qq && apt-get install -y -qq time) >/dev/null
fi

VENV="target/compare-venv"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q pyyaml jsonschema
fi
PY="$VENV/bin/python"
"$PY" -c 'import yaml; yaml.CSafeLoader' || { echo "PyYAML lacks libyaml (CSafeLoader)" >&2; exit 2; }

echo "==> building (release)" >&2
cargo build --release -q -p nrp-llm-config-cli -p nrp-llm-config-benches --bins --example parse_only
BIN="target/release/nrp-llm-config"
A="$OUT/models-$MODELS-a"
B="$OUT/models-$MODELS-b"
rm -rf "$A" "$B"
target/release/gen-models-config --models "$MODELS" --changes 60 --changed-out "$B" "$A" >&2

# measure NAME CMD... : appends "seconds KiB" of one run to $OUT/NAME.times
measure() {
  local name="$1"; shift
  /usr/bin/time -f "%e %M %U %S" -o "$OUT/$name.one" "$@" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr" || true
  cat "$OUT/$name.one" >>"$OUT/$name.times"
}

BASELINE="${NRP_BASELINE_BIN:-}"
if [ -n "$BASELINE" ] && [ ! -x "$BASELINE" ]; then
  echo "NRP_BASELINE_BIN=$BASELINE is not an executable" >&2; exit 2
fi
NAMES="ours_validate py_validate ours_plan py_plan parse_only base_validate base_plan"
for n in $NAMES; do rm -f "$OUT/$n.times"; done
echo "==> $RUNS interleaved runs" >&2
for i in $(seq "$RUNS"); do
  echo "    run $i" >&2
  measure ours_validate "$BIN" validate "$A"
  measure py_validate "$PY" benches/compare/validate_jsonschema.py "$UPSTREAM" "$A"
  measure parse_only target/release/examples/parse_only "$A"
  measure ours_plan "$BIN" plan "$A" "$B"
  measure py_plan "$PY" benches/compare/plan_diff.py "$A" "$B"
  if [ -n "$BASELINE" ]; then
    measure base_validate "$BASELINE" validate "$A"
    measure base_plan "$BASELINE" plan "$A" "$B"
  fi
done

"$PY" - "$OUT" "$MODELS" "$RUNS" <<'PYEOF'
import statistics, sys, os
out, models, runs = sys.argv[1], sys.argv[2], sys.argv[3]
def load(name):
    rows = [l.split() for l in open(os.path.join(out, name + ".times")) if l.strip()]
    secs = statistics.median(float(r[0]) for r in rows)
    rss = max(int(r[1]) for r in rows) / 1024
    cpu = statistics.median(float(r[2]) + float(r[3]) for r in rows)
    return secs, rss, cpu
def last(name):
    lines = open(os.path.join(out, name + ".stdout")).read().strip().splitlines()
    return lines[-1] if lines else ""
ov, pv, po = load("ours_validate"), load("py_validate"), load("parse_only")
op, pp = load("ours_plan"), load("py_plan")
objects = last("ours_validate").split(" ")[0]
rows = [
    ("validate: nrp-llm-config (schema + CEL + cross-object)", ov, ""),
    ("validate: Python jsonschema + libyaml (schema only)", pv, f"{pv[0]/ov[0]:.1f}x slower"),
    ("parse only, 1 thread (serde-saphyr → serde_json)", po, f"validate/parse = {ov[0]/po[0]:.2f}"),
    ("plan: nrp-llm-config (validates desired too)", op, ""),
    ("plan: Python semantic diff + libyaml", pp, f"{pp[0]/op[0]:.1f}x slower"),
]
if os.path.exists(os.path.join(out, "base_plan.times")):
    bv, bp = load("base_validate"), load("base_plan")
    rows += [
        ("validate: baseline binary (NRP_BASELINE_BIN)", bv, f"{bv[0]/ov[0]:.2f}x the time of ours"),
        ("plan: baseline binary (NRP_BASELINE_BIN)", bp, f"Python {pp[0]/bp[0]:.1f}x slower than it"),
    ]
text = [f"{models} models, {objects} objects, medians of {runs} interleaved runs: wall and CPU (user+sys) seconds, peak RSS (MiB)", "",
        "| what | wall s | CPU s | peak RSS MiB | note |", "| --- | ---: | ---: | ---: | --- |"]
for name, (s, r, c), note in rows:
    text.append(f"| {name} | {s:.2f} | {c:.2f} | {r:.0f} | {note} |")
with open("/proc/loadavg") as f:
    text += ["", "load average at the end (other processes share the 2 cores): " + f.read().strip()]
text += ["", f"objects/s (ours, validate): {int(objects)/ov[0]:,.0f}" if objects.isdigit() else "",
         "", "last lines:", "- ours validate: " + last("ours_validate"), "- python validate: " + last("py_validate"),
         "- parse only: " + last("parse_only"), "- ours plan: " + last("ours_plan"), "- python plan: " + last("py_plan")]
open(os.path.join(out, "results.md"), "w").write("\n".join(text) + "\n")
print("\n".join(text))
PYEOF
