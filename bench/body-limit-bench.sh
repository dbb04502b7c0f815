#!/usr/bin/env bash
# What HAProxy's body-limit Lua filter costs per request: the generated 10-route config as emitted
# (a "filter lua.ingressc_body_limit" line in every backend) against the same config with those
# lines and the lua-load line removed, under wrk on loopback: GET, a 1 KiB POST with
# Content-Length, and a 1 KiB chunked POST (the only kind the filter counts). Interleaved rounds;
# req/s and requests per CPU-second of HAProxy. Loopback only; every loop is bounded.
# Needs haproxy, nginx (the backend) and wrk.
# Usage: bench/body-limit-bench.sh [WRK_SECONDS=5] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}; rounds=${2:-3}
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }
mvn -o -q -B -pl emitters/haproxy -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
cp="emitters/haproxy/target/classes:$(cat emitters/haproxy/target/bench-classpath.txt)"
work=$(mktemp -d /tmp/ingressc-body-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
. bench/wrk-lib.sh

start_backend

# Both variants from one emitted config; only the filter differs.
java -cp "$cp" dev.ingressc.testkit.bench.ProxyBench haproxy emit 2 "$work/with" >/dev/null
mkdir -p "$work/with/run" "$work/without/run"
cp -r "$work/with/." "$work/without/"
declare -A port
for v in with without; do
  port[$v]=$(free_port)
  sed -i -e "s|bind :8080|bind 127.0.0.1:${port[$v]}|" -e "s|127.0.0.1:8080|127.0.0.1:$backend|g" \
    -e "s|$work/with/|$work/$v/|g" "$work/$v/haproxy.cfg"
done
sed -i -e '/filter lua\.ingressc_body_limit/d' -e '/lua-load-per-thread/d' -e '/against each backend.s body limit/d' \
  "$work/without/haproxy.cfg"
grep -q 'filter lua' "$work/with/haproxy.cfg" && ! grep -q 'lua' "$work/without/haproxy.cfg"
for v in with without; do
  haproxy -c -q -f "$work/$v/haproxy.cfg"
  haproxy -W -db -f "$work/$v/haproxy.cfg" >"$work/$v/run/out.log" 2>&1 & pids+=($!)
done
sleep 1

body=$(head -c 1024 /dev/zero | tr '\0' 'a')
cat > "$work/post.lua" <<EOF
wrk.method = "POST"; wrk.body = "$body"
EOF
cat > "$work/chunked.lua" <<EOF
local req = "POST /p3/x HTTP/1.1\r\nHost: h1.bench.example.com\r\nTransfer-Encoding: chunked\r\n\r\n"
  .. "400\r\n" .. string.rep("a", 1024) .. "\r\n0\r\n\r\n"
request = function() return req end
EOF

cpu() { proxy_cpu "$work/$1/run/haproxy.pid"; }

echo "# HAProxy body-limit filter: cost per request, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(haproxy -v | head -1); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t1 -c32 -d${seconds}s, Host h1.bench.example.com, /p3/x; $rounds interleaved rounds"
echo
echo "| request | config | req/s per round | requests per HAProxy CPU-second per round |"
echo "| --- | --- | --- | --- |"
for kind in get post chunked; do
  for v in with without; do echo -n > "$work/$kind-$v"; done
  for r in $(seq "$rounds"); do
    for v in with without; do
      script=(); [ "$kind" = get ] || script=(-s "$work/$kind.lua")
      before=$(cpu "$v")
      out=$(wrk -t1 -c32 -d"${seconds}s" "${script[@]}" -H "Host: h1.bench.example.com" "http://127.0.0.1:${port[$v]}/p3/x")
      after=$(cpu "$v")
      if grep -q "Non-2xx" <<<"$out"; then echo "$kind $v: non-2xx answers: $out" >&2; exit 1; fi
      rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
      n=$(awk '/requests in/ {print $1}' <<<"$out")
      echo "$rps $(awk -v n="$n" -v c=$((after - before)) -v hz="$hz" 'BEGIN {printf "%.0f", n / (c / hz)}')" >> "$work/$kind-$v"
    done
  done
  for v in with without; do
    echo "| $kind | $v filter | $(awk '{printf "%s%.0f", (NR>1?", ":""), $1}' "$work/$kind-$v") | $(awk '{printf "%s%s", (NR>1?", ":""), $2}' "$work/$kind-$v") |"
  done
done
