#!/usr/bin/env bash
# What the client address behind trusted proxies (SEMANTICS.md, Client address) costs per request:
# one Ingress with an allow list, compiled by the CLI twice, once trusting no proxy and once
# trusting 127.0.0.1/32 and 10.0.0.0/8 (so wrk's loopback connections are a trusted proxy and the
# walk reads two entries of "203.0.113.9, 10.1.2.3"), each served by the real proxy; wrk sends
# the same request to both, interleaved. req/s and requests per proxy CPU-second. Loopback only;
# every loop is bounded. Needs nginx (also the backend), haproxy and wrk.
# Usage: bench/client-address-bench.sh nginx|haproxy [WRK_SECONDS=5] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: bench/client-address-bench.sh nginx|haproxy [WRK_SECONDS] [ROUNDS]}
seconds=${2:-5}; rounds=${3:-3}
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }
[ -f cli/target/ingressc.jar ] || mvn -o -q -B -pl cli -am package -DskipTests >/dev/null
work=$(mktemp -d /tmp/ingressc-client-address-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for v in plain trusting; do kill "$(cat "$work/$v/out/nginx.pid" 2>/dev/null)" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
. bench/wrk-lib.sh

start_backend

# The same objects twice; only the class parameters differ.
declare -A port
for v in plain trusting; do
  mkdir -p "$work/$v"
  port[$v]=$(free_port)
  trust=""
  [ "$v" = trusting ] && trust='useForwardedHeaders: "true", proxyRealIpCidr: "127.0.0.1/32, 10.0.0.0/8"'
  cat > "$work/$v/in.yaml" <<EOF
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: bench, annotations: {ingressclass.kubernetes.io/is-default-class: "true"}}
spec:
  controller: ingressc.dev/ingress-controller
  parameters: {apiGroup: ingressc.dev, kind: IngressParameters, name: bench}
---
apiVersion: ingressc.dev/v1alpha1
kind: IngressParameters
metadata: {name: bench}
spec: {$trust}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app
  namespace: default
  annotations: {nginx.ingress.kubernetes.io/allowlist-source-range: "203.0.113.0/24, 127.0.0.0/8"}
spec:
  rules:
  - host: app.bench.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {ports: [{name: http, port: 80}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: default, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: $backend}]
endpoints: [{addresses: [127.0.0.1]}]
EOF
  java -jar cli/target/ingressc.jar compile --target "$target" -f "$work/$v/in.yaml" -o "$work/$v/out" \
    --http-port "${port[$v]}" --https-port "$(free_port)" >/dev/null 2>&1
  if [ "$target" = nginx ]; then
    nginx -t -q -p "$work/$v/out" -c "$work/$v/out/nginx.conf"
    nginx -p "$work/$v/out" -c "$work/$v/out/nginx.conf" >/dev/null 2>&1 & pids+=($!)
  else
    haproxy -c -q -f "$work/$v/out/haproxy.cfg"
    (cd "$work/$v/out" && exec haproxy -W -db -f haproxy.cfg -p "$work/$v/out/haproxy.pid") >"$work/$v/out.log" 2>&1 & pids+=($!)
  fi
done
sleep 1
# The trusting config must read the field: 203.0.113.9 is let in, 198.51.100.7 kept out.
for v in plain trusting; do
  for c in 203.0.113.9 198.51.100.7; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: app.bench.example.com" -H "X-Forwarded-For: $c, 10.1.2.3" \
      "http://127.0.0.1:${port[$v]}/")
    echo "$v $c $code" >> "$work/check"
  done
done
grep -qx "plain 203.0.113.9 200" "$work/check" && grep -qx "plain 198.51.100.7 200" "$work/check" \
  && grep -qx "trusting 203.0.113.9 200" "$work/check" && grep -qx "trusting 198.51.100.7 403" "$work/check" \
  || { echo "the configs do not answer as expected: $(cat "$work/check")" >&2; exit 1; }

cpu() { proxy_cpu "$work/$1/out/$target.pid"; }

echo "# $target: the client address behind trusted proxies, cost per request, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(nginx -v 2>&1); $(haproxy -v | head -1); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t1 -c32 -d${seconds}s, Host app.bench.example.com, X-Forwarded-For: 203.0.113.9, 10.1.2.3; $rounds interleaved rounds"
echo
echo "| config | req/s per round | requests per $target CPU-second per round |"
echo "| --- | --- | --- |"
for v in plain trusting; do echo -n > "$work/$v.rows"; done
for r in $(seq "$rounds"); do
  for v in plain trusting; do
    before=$(cpu "$v")
    out=$(wrk -t1 -c32 -d"${seconds}s" -H "Host: app.bench.example.com" -H "X-Forwarded-For: 203.0.113.9, 10.1.2.3" \
      "http://127.0.0.1:${port[$v]}/")
    after=$(cpu "$v")
    if grep -q "Non-2xx" <<<"$out"; then echo "$v: non-2xx answers: $out" >&2; exit 1; fi
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    n=$(awk '/requests in/ {print $1}' <<<"$out")
    echo "$rps $(awk -v n="$n" -v c=$((after - before)) -v hz="$hz" 'BEGIN {printf "%.0f", n / (c / hz)}')" >> "$work/$v.rows"
  done
done
for v in plain trusting; do
  label=$([ "$v" = plain ] && echo "no trusted proxy" || echo "trusting 127.0.0.1/32, 10.0.0.0/8")
  echo "| $label | $(awk '{printf "%s%.0f", (NR>1?", ":""), $1}' "$work/$v.rows") | $(awk '{printf "%s%s", (NR>1?", ":""), $2}' "$work/$v.rows") |"
done
