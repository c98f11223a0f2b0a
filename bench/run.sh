#!/usr/bin/env bash
# End-to-end benchmark: the TechEmpower json and plaintext tests through a
# full Jazz project and through bare net/http. Each server is pinned to one
# core (GOMAXPROCS=1, taskset -c 0) and wrk runs on the other core. Runs
# alternate between the two servers, round after round, and the median of
# each is reported, so that a noisy neighbour moment hurts both alike.
# Usage: bench/run.sh [rounds] [seconds] [connections]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-9}
secs=${2:-5}
conns=${3:-64}
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
out=bench/results
mkdir -p "$out"
tmp=$(mktemp -d)
go build -o "$tmp/benchserver" ./bench/server

declare -A port=([raw]=18080 [jazz]=18081)
pids=()
for mode in raw jazz; do
	taskset -c 0 env GOMAXPROCS=1 "$tmp/benchserver" -mode "$mode" -addr "127.0.0.1:${port[$mode]}" >/dev/null &
	pids+=($!)
done
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for mode in raw jazz; do
	for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/${port[$mode]}) 2>/dev/null && break; sleep 0.1; done
	for test in json plaintext; do # warm-up
		taskset -c 1 wrk -t1 -c"$conns" -d2s "http://127.0.0.1:${port[$mode]}/$test" >/dev/null
	done
done

for r in $(seq "$rounds"); do
	for test in json plaintext; do
		for mode in raw jazz; do
			taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" --latency "http://127.0.0.1:${port[$mode]}/$test" >"$out/$mode-$test-$r.txt"
			awk '/Requests\/sec/ {print $2}' "$out/$mode-$test-$r.txt" >>"$tmp/$mode-$test"
		done
	done
done

median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '%-10s %14s %14s %8s\n' test "raw req/s" "jazz req/s" "jazz/raw"
for test in json plaintext; do
	raw=$(median "$tmp/raw-$test")
	jz=$(median "$tmp/jazz-$test")
	printf '%-10s %14.0f %14.0f %7.1f%%\n' "$test" "$raw" "$jz" "$(awk -v a="$jz" -v b="$raw" 'BEGIN {print 100*a/b}')"
done
