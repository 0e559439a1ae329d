#!/usr/bin/env bash
# Scripts/queue-vs-peers.sh [REPETITIONS] — Factwire's queue beside pgmq, on the same PostgreSQL cluster, in one run.
#
# Burns down JOBS no-op jobs (default 100000) with `factwire bench queue`, as it runs by default (completed jobs move
# to history) and with --no-history (completed jobs are deleted, as pgmq's consumers delete their messages), then the
# same number of messages with pgmq (2 consumers, reads of 32 and of 128), repetition after repetition, so every side
# shares the machine's state. Prints one JSON line per repetition and a last line with the medians and the ratios
# (Factwire over pgmq).
#
# Needs a release build (`swift build -c release --product factwire`) and the peer harness, set up and started:
#   (cd ../shared/bench-peers && ./setup.sh && ./pg-up.sh)
# PEERS_DIR (default ../shared/bench-peers), FACTWIRE_BIN (default .build/release/factwire), JOBS.
set -euo pipefail
repetitions=${1:-3}
jobs=${JOBS:-100000}
peers=${PEERS_DIR:-../shared/bench-peers}
bin=${FACTWIRE_BIN:-.build/release/factwire}
url="postgres://postgres@127.0.0.1:55433/factwire_bench?sslmode=disable"

[[ -x $bin ]] || { echo "queue-vs-peers: no $bin; run: swift build -c release --product factwire" >&2; exit 2; }
[[ -x $peers/run.sh ]] || { echo "queue-vs-peers: no peer harness in $peers (set PEERS_DIR)" >&2; exit 2; }
if ! psql -h 127.0.0.1 -p 55433 -U postgres -Atqc "select 1" > /dev/null 2>&1; then
  echo "queue-vs-peers: the peers' cluster is not up on 127.0.0.1:55433; run: (cd $peers && ./pg-up.sh)" >&2
  exit 3
fi
if ! psql -h 127.0.0.1 -p 55433 -U postgres -Atqc "select 1 from pg_database where datname = 'factwire_bench'" | grep -q 1; then
  psql -h 127.0.0.1 -p 55433 -U postgres -qc "CREATE DATABASE factwire_bench"
fi

rate() { python3 -c 'import json, sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1].removeprefix("RESULT "))[sys.argv[1]])' "$1"; }
results=()
for repetition in $(seq 1 "$repetitions"); do
  factwire=$(DATABASE_URL=$url "$bin" bench queue --jobs "$jobs" 2> /dev/null | rate process_jobs_per_s)
  deleting=$(DATABASE_URL=$url "$bin" bench queue --jobs "$jobs" --no-history 2> /dev/null | rate process_jobs_per_s)
  pgmq32=$("$peers/run.sh" pgmq process --n "$jobs" --consumers 2 --qty 32 | grep '^RESULT' | rate jobs_per_s)
  pgmq128=$("$peers/run.sh" pgmq process --n "$jobs" --consumers 2 --qty 128 | grep '^RESULT' | rate jobs_per_s)
  line="{\"repetition\": $repetition, \"jobs\": $jobs, \"factwire\": $factwire, \"factwire_no_history\": $deleting, \"pgmq_qty32\": $pgmq32, \"pgmq_qty128\": $pgmq128}"
  echo "$line"
  results+=("$line")
done
printf '%s\n' "${results[@]}" | python3 -c '
import json, statistics, sys
rows = [json.loads(line) for line in sys.stdin]
sides = ("factwire", "factwire_no_history", "pgmq_qty32", "pgmq_qty128")
median = {k: statistics.median(r[k] for r in rows) for k in sides}
ratios = {f"{f}_vs_{p}": round(median[f] / median[p], 2) for f in sides[:2] for p in sides[2:]}
print(json.dumps({"medians": median, "ratios": ratios}))'
