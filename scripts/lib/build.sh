# shellcheck shell=bash
# The scripts' one answer to "is the build older than its sources?" and their one way to build, sourced by every
# script that needs the project built (the launcher, submit, the cluster check, the benchmarks). A build is stale
# when any of its inputs (the poms, .mvn, conf and the sources it is made of) is newer than the file it made. Builds
# skip the tests and the formatter's check: `scripts/test` runs both.
at_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
at_jar="$at_root/job/target/attention-topology-job.jar"
at_lib="$at_root/job/target/lib"

# Prints why STAMP is stale (missing, or the first input newer than it); prints nothing when it is current.
# Inputs: the build files and the main sources, plus any EXTRA paths (test sources, for the benchmarks).
at_stale_since() {
  local stamp="$1"
  shift
  if [ ! -e "$stamp" ]; then
    echo "${stamp#"$at_root/"} is missing"
    return
  fi
  local newer
  newer="$(find "$at_root/pom.xml" "$at_root/udfs/pom.xml" "$at_root/job/tiny-models/pom.xml" "$at_root/job/pom.xml" \
    "$at_root/.mvn" "$at_root/conf" \
    "$at_root/udfs/src/main" "$at_root/job/src/main" "$@" -newer "$stamp" -type f -print -quit 2>/dev/null || true)"
  [ -z "$newer" ] || echo "${newer#"$at_root/"} changed"
}

# at_maven LOG WHAT ARGS...: runs Maven at the project root with the common flags. Its output goes to LOG, or to
# standard error (without Maven 3.8's colour codes, which it prints even in batch mode) when LOG is empty.
at_maven() {
  local log="$1" what="$2"
  shift 2
  command -v mvn >/dev/null || { echo "$what needs Maven 3.8+ (mvn), which is not on PATH" >&2; return 1; }
  echo "building $what (mvn $*)..." >&2
  if [ -n "$log" ]; then
    (cd "$at_root" && mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true "$@") >"$log" 2>&1
  else
    (cd "$at_root" && mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true "$@") 2>&1 \
      | sed -u 's/\x1b\[[0-9;]*m//g' >&2
    return "${PIPESTATUS[0]}"
  fi
}

# The local build: the job jar and job/target/lib with Spark inside (what the launcher, local mode and the tests
# run on). A lib/ written by a -Pcluster build lacks Spark and counts as stale. ARGS: extra inputs, as above.
at_ensure_local_build() {
  local log="${AT_BUILD_LOG:-}" why
  why="$(at_stale_since "$at_jar" "$@")"
  [ -n "$why" ] || compgen -G "$at_lib/spark-core_*.jar" >/dev/null || why="job/target/lib lacks Spark (a -Pcluster build)"
  [ -z "$why" ] || at_maven "$log" "the project ($why)" install
}

# The cluster build into DIR: the job's dependencies without Spark, Hadoop and DuckDB (a cluster brings them).
at_ensure_cluster_lib() {
  local dir="$1" log="${AT_BUILD_LOG:-}" why
  why="$(at_stale_since "$dir")"
  [ -n "$why" ] || [ "$(at_stale_since "$at_jar")" = "" ] || why="$at_jar is stale"
  if [ -n "$why" ]; then
    rm -rf "$dir"
    at_maven "$log" "the cluster variant into $dir ($why)" -pl job -am -Pcluster package "-Dlib.directory=$dir" \
      && touch "$dir"
  fi
}

# The mathematics alone with its test classes (the persistence, kernel and diagram benchmarks run from them).
at_ensure_udfs_build() {
  local stamp="$at_root/udfs/target/attention-topology-udfs-0.1.0-SNAPSHOT-tests.jar" why
  why="$(at_stale_since "$stamp" "$at_root/udfs/src/test")"
  [ -z "$why" ] || at_maven "${AT_BUILD_LOG:-}" "udfs ($why)" -pl udfs package
}
