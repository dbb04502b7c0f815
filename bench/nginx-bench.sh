#!/usr/bin/env bash
# nginx benchmark: compile time, bytes per route and `nginx -t` time for HOSTS hosts x 5 paths,
# then wrk on loopback through generated configs (10 routes, 10,000 routes, all routes) and a
# minimal hand-written config, interleaved in one run. Loopback only; every loop is bounded.
# Usage: bench/nginx-bench.sh [HOSTS=10000] [WRK_SECONDS=5] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
hosts=${1:-10000}; seconds=${2:-5}; rounds=${3:-3}
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }
mvn -o -q -B -pl emitters/nginx -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
cp="emitters/nginx/target/test-classes:emitters/nginx/target/classes:$(cat emitters/nginx/target/bench-classpath.txt)"
mkdir -p bench/results
out="bench/results/nginx-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# nginx benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(nginx -v 2>&1); $(java -version 2>&1 | head -1)"
  echo
  java -Xmx4g -Dingressc.repo.root="$PWD" -cp "$cp" dev.ingressc.emit.nginx.bench.NginxBench "$hosts" "$seconds" "$rounds"
} | tee "$out"
echo "written to $out" >&2
