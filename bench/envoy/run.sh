#!/bin/sh
# Envoy target benchmark: compile time and output size for HOSTS x 5 paths, and the time to
# build the xDS resource set from an already normalized IR.
# Usage: bench/envoy/run.sh [hosts=10000] [rounds=7] [tls=false] [all|translate-only]   (add -o to MVN_FLAGS offline)
set -eu
cd "$(dirname "$0")/../.."
mvn ${MVN_FLAGS:-} -q -B -pl emitters/envoy -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/envoy-bench.cp
exec java -Xmx8g -cp "emitters/envoy/target/test-classes:emitters/envoy/target/classes:$(cat emitters/envoy/target/envoy-bench.cp)" \
  dev.ingressc.emit.envoy.EnvoyBenchmark "${1:-10000}" "${2:-7}" "${3:-false}" "${4:-all}"
