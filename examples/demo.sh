#!/usr/bin/env bash
# `make demo`: the registry checks itself, then the linter finds the example app's
# deliberate mistakes, then a breaking schema change is caught and explained.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; }

step "The registry validates itself (schemas, examples, compatibility, lint)" "event-registry check"
$BIN/event-registry check || exit 1

step "Every event the registry knows, built-in system events included" "event-registry list"
$BIN/event-registry list || exit 1

step "Lint the example app: each finding is a deliberate mistake (see the comments in examples/app)" "cd examples && event-lint app"
(cd examples && ../$BIN/event-lint --no-cache app)
[ $? -eq 1 ] || { echo "expected the example app to have findings (exit 1)"; exit 1; }

step "The generated payload classes are up to date" "event-registry codegen --out examples/app/events.py --check"
$BIN/event-registry codegen --out examples/app/events.py --check || exit 1

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r schemas "$scratch/schemas"
rm -rf "$scratch/schemas/inngest"  # built-ins are always loaded from the package
python3 - "$scratch/schemas/order/placed/1.json" "$scratch/schemas/order/placed/2.json" <<'PY'
import json, sys
schema = json.load(open(sys.argv[1]))
# A breaking edit: a new required field. Old events (replayed to new functions) lack it.
schema["properties"]["warehouseId"] = {"type": "string", "maxLength": 64, "description": "Fulfilling warehouse."}
schema["required"] = [*schema.get("required", []), "warehouseId"]
json.dump(schema, open(sys.argv[2], "w"), indent=2)
PY
step "A breaking change is caught and explained" "event-registry --registry <copy> check   # order/placed v2 adds a required field"
$BIN/event-registry --registry "$scratch/schemas" check
[ $? -eq 1 ] || { echo "expected the breaking change to fail the check (exit 1)"; exit 1; }

catalog="$PWD/build/catalog"
step "The event catalog: every event, its producers and consumers, as a static site" "cd examples && event-registry catalog --out $catalog"
(cd examples && ../$BIN/event-registry catalog --no-cache --out "$catalog") || exit 1
printf '\nDemo finished: every finding above is planted on purpose.\n'
printf 'Open the catalog: file://%s/index.html\n' "$catalog"
