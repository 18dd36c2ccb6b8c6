#!/usr/bin/env bash
# Runs every Fuzz* test of internal/timecamp for FUZZTIME each (default 5s) and prints the
# executions of each fuzzer. The seed corpora already run as ordinary tests in `make test`;
# this looks for new inputs. A finding fails the run and leaves its input in testdata/fuzz/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PKG=./internal/timecamp
FUZZTIME=${FUZZTIME:-5s}

fuzzers=$(go test -list '^Fuzz' "$PKG" | grep '^Fuzz' || true)
if [ -z "$fuzzers" ]; then
	echo "no Fuzz tests in $PKG" >&2
	exit 1
fi

total=0
count=0
flakes=0
for f in $fuzzers; do
	log=$(mktemp)
	# -parallel 1: CI machines are small, and a fuzzer's workers would take every core.
	if ! go test -run '^$' -fuzz "^${f}\$" -fuzztime "$FUZZTIME" -parallel 1 "$PKG" >"$log" 2>&1; then
		# Go before 1.27 may end a run at its -fuzztime deadline with a bare "context deadline
		# exceeded" and no input (golang/go#75804): not a finding. A finding writes its input.
		if grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written to' "$log"; then
			echo "warning: $f stopped by Go's fuzztime deadline race (golang/go#75804); no failing input, not a finding" >&2
			flakes=$((flakes + 1))
		else
			cat "$log"
			rm -f "$log"
			echo "FAIL: $f" >&2
			exit 1
		fi
	fi
	# The last progress line: "fuzz: elapsed: 5s, execs: 123456 (24000/sec), new interesting: ..."
	execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
	rm -f "$log"
	printf '%-22s %12s executions in %s\n' "$f" "$execs" "$FUZZTIME"
	total=$((total + execs))
	count=$((count + 1))
done
printf '%d fuzzers, %d executions in all' "$count" "$total"
if [ "$flakes" -gt 0 ]; then
	printf ' (%d stopped by the deadline race)' "$flakes"
fi
printf '\n'
