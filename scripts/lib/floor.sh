# shellcheck shell=bash
# The per-call floor (issue 17): what one call costs against starting a process
# at all. Sourced by scripts/bench; uses its $work, $agent, die and log.
#
#   per_call_floor RUNS   prints one table: /bin/true, a trivial C program,
#                         `java -version`, and a trivial program through
#                         jprefork with a spare ready; median and p95 over
#                         RUNS calls (at least 50), and each median's overhead
#                         over /bin/true's, in ms and as a ratio.

# _floor_times CMD...: runs CMD $_floor_runs times (output discarded, after
# $_floor_pause seconds each), prints one time a line in microseconds.
# EPOCHREALTIME is read by bash itself: no process is started to read the
# clock, so /bin/true's own cost is what its row shows.
_floor_times() {
  local i start end
  for ((i = 0; i < _floor_runs; i++)); do
    [[ "$_floor_pause" == 0 ]] || sleep "$_floor_pause"
    start="${EPOCHREALTIME/./}"
    "$@" >/dev/null 2>&1 || die "per-call floor: run $i failed: $*"
    end="${EPOCHREALTIME/./}"
    echo $((end - start))
  done
}

# _floor_row LABEL FILE BASE_MEDIAN_US: a table row from FILE's times.
_floor_row() {
  local label="$1" file="$2" base="$3" n median p95 sorted
  mapfile -t sorted < <(sort -n "$file")
  n=${#sorted[@]}
  median=${sorted[$((n / 2))]}
  p95=${sorted[$(((n * 95 + 99) / 100 - 1))]}
  awk -v l="$label" -v m="$median" -v p="$p95" -v b="$base" 'BEGIN {
    printf "| %s | %.2f | %.2f | %.2f | %.1fx |\n", l, m / 1000, p / 1000, (m - b) / 1000, m / b }'
}

# _floor_median FILE: the median of FILE's times.
_floor_median() {
  sort -n "$1" | awk '{a[NR] = $1} END {print a[int(NR / 2) + 1]}'
}

per_call_floor() {
  _floor_runs=$(($1 < 50 ? 50 : $1))
  local dir="$work/floor"
  mkdir -p "$dir"
  cat >"$dir/hi.c" <<'C'
#include <stdio.h>
int main(void) { puts("hi"); return 0; }
C
  cc -O2 -o "$dir/hi" "$dir/hi.c" || die "per-call floor: no C compiler"
  cat >"$dir/Trivial.java" <<'JAVA'
public class Trivial {
    public static void main(String[] args) {
        org.jprefork.Prefork.initialisationComplete();
        System.out.println("hi");
    }
}
JAVA
  javac -cp "$agent" -d "$dir" "$dir/Trivial.java"
  (cd "$dir" && jar cf trivial.jar Trivial.class)
  local trivial=(bin/jprefork -U java -cp "$dir/trivial.jar:$agent" Trivial)
  "${trivial[@]}" >/dev/null 2>&1 || die "per-call floor: the trivial program failed"
  await_pool "${trivial[@]:1}"

  log "per-call floor: ${_floor_runs} runs of each"
  _floor_pause=0
  _floor_times /bin/true >"$dir/true.us"
  _floor_times "$dir/hi" >"$dir/c.us"
  _floor_times java -version >"$dir/java.us"
  # Half a second between calls: a restored spare is parked before each.
  _floor_pause=0.5
  _floor_times "${trivial[@]}" >"$dir/jprefork.us"
  local base
  base="$(_floor_median "$dir/true.us")"
  echo
  echo "| ${_floor_runs} runs, per-call floor | median ms | p95 ms | median over /bin/true, ms | median / /bin/true |"
  echo "|---|---|---|---|---|"
  _floor_row "\`/bin/true\`" "$dir/true.us" "$base"
  _floor_row "a C program printing one line" "$dir/c.us" "$base"
  _floor_row "\`java -version\`" "$dir/java.us" "$base"
  _floor_row "jprefork, a Java program printing one line, spare ready" "$dir/jprefork.us" "$base"
}
