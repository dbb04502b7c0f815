#!/usr/bin/env bash
# Proxy benchmark, the same for every target: compile time, bytes per route and config-check time
# for HOSTS hosts x 5 paths, then wrk on loopback through generated configs (10 routes, 10,000
# routes, all routes) and a minimal hand-written config (bench/TARGET/hand-written.template),
# interleaved in one run. Loopback only; every loop is bounded. Needs nginx (the backend), wrk
# and the target's proxy.
# Usage: bench/proxy-bench.sh nginx|haproxy [HOSTS=10000] [WRK_SECONDS=5] [ROUNDS=3]
#        bench/proxy-bench.sh nginx|haproxy request-targets [WRK_SECONDS=5] [ROUNDS=5]
#        (the request-target policy's cost: the 10-route config with and without its lines)
# BENCH_ROUTES=distinct gives every host routes of its own (default: every tenth host repeats).
# BENCH_FORMAT=lua runs nginx's --format lua.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: bench/proxy-bench.sh nginx|haproxy [HOSTS] [WRK_SECONDS] [ROUNDS]}
hosts=${2:-10000}; seconds=${3:-5}; rounds=${4:-3}
if [ "$hosts" = request-targets ]; then seconds=${3:-5}; rounds=${4:-5}; fi
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }
# The proxy kinds are in the rooms' test classes (nginx also runs as the load generator's front).
mvn -o -q -B -pl "emitters/$target,emitters/nginx" -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
cp="emitters/$target/target/classes:emitters/$target/target/test-classes:emitters/nginx/target/test-classes"
cp="$cp:$(cat "emitters/$target/target/bench-classpath.txt")"
mkdir -p bench/results
out="bench/results/$target-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# $target benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(nginx -v 2>&1); $(haproxy -v 2>/dev/null | head -1); $(java -version 2>&1 | head -1); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "Routes: ${BENCH_ROUTES:-repeating} (BENCH_ROUTES); format: ${BENCH_FORMAT:-default} (BENCH_FORMAT)"
  echo
  java -Xmx4g -Dingressc.bench.routes="${BENCH_ROUTES:-repeating}" ${BENCH_FORMAT:+-Dingressc.bench.format=$BENCH_FORMAT} -Dingressc.repo.root="$PWD" -cp "$cp" dev.ingressc.testkit.bench.ProxyBench "$target" "$hosts" "$seconds" "$rounds"
} | tee "$out"
echo "written to $out" >&2
