#!/usr/bin/env bash
# Issue 19: whole-process runs of the CLI as a user or CI runs it, a cold JVM each time, on
# ScaleCorpus inputs (N Ingresses of five paths, a Service and an EndpointSlice per path):
# validate, then compile for each target, median of RUNS (wall, CPU user+sys, max RSS), with the
# ratio to validate, and a plain Jackson YAML parse of the same file (PlainParse: the floor for
# validate). Then `nginx -t` of the native output at the Service counts of the inputs.
#
#   bench/scale-bench.sh [SIZES="1000 10000"] [RUNS=3] [JAR]
#
# JAR defaults to cli/target/ingressc.jar (`mvn -B -q -o -pl cli -am package -DskipTests`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="${1:-1000 10000}"
runs="${2:-3}"
jar="${3:-$root/cli/target/ingressc.jar}"
dir="${BENCH_DIR:-/tmp/ingressc-scale-bench}"
mkdir -p "$dir"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { if [[ $1 =~ ^[0-9.]+$ ]]; then echo "scale=2; $1 / $2" | bc; else echo "-"; fi; }

# measure ARGS...: prints "wall cpu rss" medians of $runs runs of the CLI with ARGS (or, with
# ARGS "plain-parse FILE", of PlainParse: a Jackson YAML parse of FILE, the floor for validate).
measure() {
  local walls=() cpus=() rss=() cmd
  if [[ "$1" == plain-parse ]]; then
    cmd=(java -XX:+UseSerialGC -cp "$jar" "$root/bench/src/main/java/dev/ingressc/bench/PlainParse.java" "$2")
  else
    cmd=(java -XX:+UseSerialGC -jar "$jar" "$@")
  fi
  for ((r = 0; r < runs; r++)); do
    rm -rf "$dir/out"
    if ! /usr/bin/time -f "%e %U %S %M" -o "$dir/time" "${cmd[@]}" >/dev/null 2>"$dir/err"; then
      # A run that fails (an OutOfMemoryError, say) is reported, not timed.
      echo "failed($(grep -m1 -oE '[A-Za-z]*(Error|Exception)' "$dir/err" || echo "exit")) - -"
      return
    fi
    read -r w u s m < <(tail -1 "$dir/time")
    walls+=("$w"); cpus+=("$(echo "$u + $s" | bc)"); rss+=("$m")
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median) $(( $(printf '%s\n' "${rss[@]}" | median) / 1024 ))"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "| Ingresses | command | wall s | CPU s | max RSS MB | wall / validate |"
echo "|---:|---|---:|---:|---:|---:|"
for n in $sizes; do
  input="$dir/scale-$n.yaml"
  [[ -f "$input" ]] || java "$root/bench/src/main/java/dev/ingressc/bench/ScaleCorpus.java" "$n" "$input"
  read -r pw pc pm < <(measure plain-parse "$input")
  read -r vw vc vm < <(measure validate -f "$input")
  echo "| $n | plain YAML parse (PlainParse) | $pw | $pc | $pm | $(ratio "$pw" "$vw") |"
  echo "| $n | validate | $vw | $vc | $vm | 1.00 (plain parse × $(ratio "$vw" "$pw")) |"
  for t in haproxy nginx envoy; do
    read -r w c m < <(measure compile --target "$t" -f "$input" -o "$dir/out")
    echo "| $n | compile --target $t | $w | $c | $m | $(ratio "$w" "$vw") |"
  done
done

if command -v nginx >/dev/null; then
  echo
  echo "| Services | nginx -t of the native output, s |"
  echo "|---:|---:|"
  for n in $sizes; do
    # Past 50,000 Services native nginx takes many minutes (it grows with the square).
    (( n * 5 <= ${NGINX_T_MAX:-50000} )) || { echo "| $((n * 5)) | skipped (NGINX_T_MAX) |"; continue; }
    rm -rf "$dir/nginx" && java -XX:+UseSerialGC -jar "$jar" compile --target nginx -f "$dir/scale-$n.yaml" -o "$dir/nginx" >/dev/null 2>&1 || true
    start=$(date +%s.%N)
    nginx -t -q -p "$dir/nginx" -c "$dir/nginx/nginx.conf" 2>"$dir/nginx-t.err" || { echo "nginx -t failed:"; head -3 "$dir/nginx-t.err"; }
    echo "| $((n * 5)) | $(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.2f') |"
  done
fi
