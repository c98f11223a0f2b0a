#!/usr/bin/env bash
# End-to-end benchmark: the TechEmpower json and plaintext tests through a
# full Jazz project and through bare net/http, each server pinned to one
# core (GOMAXPROCS=1, taskset -c 0) with wrk on the other core.
# Usage: bench/run.sh [seconds] [connections]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-64}
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
out=bench/results
mkdir -p "$out"
bin=$(mktemp -d)/benchserver
go build -o "$bin" ./bench/server

port=18080
for mode in raw jazz; do
	taskset -c 0 env GOMAXPROCS=1 "$bin" -mode "$mode" -addr "127.0.0.1:$port" >/dev/null &
	pid=$!
	for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
	for test in json plaintext; do
		# A short warm-up, then the measured run.
		taskset -c 1 wrk -t1 -c"$conns" -d2s "http://127.0.0.1:$port/$test" >/dev/null
		rps=$(taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" --latency "http://127.0.0.1:$port/$test" | tee "$out/$mode-$test.txt" | awk '/Requests\/sec/ {print $2}')
		printf '%-5s %-10s %12s req/s\n' "$mode" "$test" "$rps"
	done
	kill "$pid"; wait "$pid" 2>/dev/null || true
	port=$((port + 1))
done
