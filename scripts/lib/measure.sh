# Timing helpers for scripts/bench and scripts/bench-tools.
# measure uses the caller's $runs and die (lib/common.sh).

now_ns() { date +%s%N; }
ms() { printf '%d.%d' $(($1 / 10)) $(($1 % 10)); }

# measure LABEL PAUSE CMD...: runs CMD $runs times (output discarded, pausing
# PAUSE seconds before each run so that a spare can be restored), prints a row.
# When set, the commands in $measure_before and $measure_after run around each
# run, untimed.
measure() {
  local label="$1" pause="$2" i start end
  shift 2
  local times=()
  for ((i = 0; i < runs; i++)); do
    [[ "$pause" == 0 ]] || sleep "$pause"
    [[ -z "${measure_before:-}" ]] || $measure_before
    start="$(now_ns)"
    "$@" >/dev/null 2>&1 || die "$label: run $i failed: $*"
    end="$(now_ns)"
    [[ -z "${measure_after:-}" ]] || $measure_after
    times+=($(((end - start) / 100000))) # tenths of a millisecond
  done
  local sorted
  mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
  local n=${#sorted[@]}
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$(ms "${sorted[$((n / 2))]}")" \
    "$(ms "${sorted[$(((n * 95 + 99) / 100 - 1))]}")" "$(ms "${sorted[0]}")" "$(ms "${sorted[$((n - 1))]}")"
}

# await_pool WORDS...: waits (at most 180 s) until the pool of `bin/jprefork WORDS` has its
# generation: a pool's first call returns before the pool's checkpoint is built (in the
# background), and a call made meanwhile runs the program itself, which is not what a "spare
# ready" row measures.
await_pool() {
  local status deadline=$((SECONDS + 180))
  status="$(bin/jprefork --print-ident "$@" | sed -n 's/\.s$/.status/p')"
  [[ -n "$status" ]] || die "no ident for: $*"
  while ((SECONDS < deadline)); do
    grep -Eqs '^state=(image|plain|unaccelerated|warm)$' "$status" && return 0
    sleep 0.2
  done
  die "the pool of $* was not built in 180 s"
}
