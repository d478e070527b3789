#!/usr/bin/env bash
# The README's main job, after scripts/setup.sh: the built-in dataset (generated and loaded once),
# then a real comparison on it (experiments/main.json): PostgreSQL's own optimizer against MSCN at
# two training lengths and Lero, the comparison table and the best configuration printed, and an
# HTML report written. Models and collected data are cached in results/, so a second run only
# times the queries again.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf 'main: %s\n' "$*"; }

say "step 1/3: the built-in dataset (default scale, seed 42; generated and loaded on the first run only)"
node bin/pilot.js dataset generate
say "step 2/3: experiments/main.json (baseline vs MSCN epochs 15/40 vs Lero on the fast workload; about 15 minutes the first time on 2 cores, mostly training; later runs reuse the models)"
node bin/pilot.js run experiments/main.json
say "step 3/3: the HTML report of that run"
node bin/pilot.js report latest
