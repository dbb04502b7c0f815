#!/usr/bin/env bash
# Issue 15's volume cases, whole process as a user runs them (/usr/bin/time -v: wall, CPU user+sys,
# max RSS; median of RUNS), each line with the load average before it:
#   - N Ingresses on one host and path (N-1 conflicts) against N on distinct paths: validate, and
#     compile for nginx (the output size is printed: losers must add nothing);
#   - one MB-megabyte annotation value without a blank, as YAML and as JSON: validate.
#
#   bench/volume-bench.sh [N=100000] [MB=10] [RUNS=3] [JAR]
#
# JAR defaults to cli/target/ingressc.jar (`mvn -B -q -o -pl cli -am package -DskipTests`);
# INGRESSC_JAVA_OPTS is passed to java, as bin/ingressc does (default: the serial collector). With INGRESSC_CP set, runs `java -cp $INGRESSC_CP
# dev.ingressc.cli.Main` instead (e.g. a build's old classes before the jar, for a before/after). Inputs come from bench's VolumeCorpus (java source
# launcher, no build) into $BENCH_DIR (default /tmp/ingressc-volume-bench).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-100000}"
mb="${2:-10}"
runs="${3:-3}"
jar="${4:-$root/cli/target/ingressc.jar}"
dir="${BENCH_DIR:-/tmp/ingressc-volume-bench}"
mkdir -p "$dir"
gen="$root/bench/src/main/java/dev/ingressc/bench/VolumeCorpus.java"
for k in conflict distinct; do
  [[ -f "$dir/$k-$n.yaml" ]] || java "$gen" "$k" "$n" "$dir/$k-$n.yaml"
done
[[ -f "$dir/annotation-$mb.yaml" ]] || java "$gen" annotation-yaml "$mb" "$dir/annotation-$mb.yaml"
[[ -f "$dir/annotation-$mb.json" ]] || java "$gen" annotation-json "$mb" "$dir/annotation-$mb.json"

if [[ -n "${INGRESSC_CP:-}" ]]; then launch=(-cp "$INGRESSC_CP" dev.ingressc.cli.Main); else launch=(-jar "$jar"); fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# measure LABEL ARGS...: one table row, median of $runs runs.
measure() {
  local label="$1"; shift
  local walls=() cpus=() rss=() load rc=0
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  for ((r = 0; r < runs; r++)); do
    rm -rf "$dir/out"
    set +e
    /usr/bin/time -v -o "$dir/time.txt" java ${INGRESSC_JAVA_OPTS--XX:+UseSerialGC} "${launch[@]}" "$@" >"$dir/log.txt" 2>&1
    rc=$?
    set -e
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for (i=1;i<=n;i++) s=s*60+t[i]; print s}' "$dir/time.txt")")
    cpus+=("$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$dir/time.txt")")
    rss+=("$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$dir/time.txt")")
  done
  local out="-"
  [[ -d "$dir/out" ]] && out="$(du -sk "$dir/out" | cut -f1) KB"
  echo "| $label | $(printf '%s\n' "${walls[@]}" | median) | $(printf '%s\n' "${cpus[@]}" | median) | $(printf '%s\n' "${rss[@]}" | median) | $out | $rc | $load | $(tail -n 1 "$dir/log.txt") |"
}

echo "| case | wall s (median of $runs) | CPU s user+sys | max RSS MB | output | exit | load before | summary |"
echo "|---|---:|---:|---:|---:|---:|---|---|"
for k in distinct conflict; do
  measure "validate, $n $k" validate -f "$dir/$k-$n.yaml"
  measure "compile nginx, $n $k" compile -t nginx -f "$dir/$k-$n.yaml" -o "$dir/out"
done
for f in yaml json; do
  measure "validate, $mb MB annotation, $f" validate -f "$dir/annotation-$mb.$f"
done
