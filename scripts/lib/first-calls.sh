# First calls (issue 14): what a call costs when no pool answers, for scripts/bench.
# first_call_table uses the caller's $runs, $work, $agent, $cp (SlowInit's jar and the agent)
# and measure (lib/measure.sh).

# Each run gets an empty run dir (JPREFORK_RUN_DIR); after it, untimed, the pool it had built in
# the background is awaited and stopped, so that no build runs beside the next measurement.
first_call_dir() {
  export JPREFORK_RUN_DIR="$work/first/$(date +%s%N)"
}
first_call_settle() {
  local deadline=$((SECONDS + 180))
  # A program that cannot call the API leaves no lock (no pool is ever built for it).
  while ((SECONDS < deadline)) && compgen -G "$JPREFORK_RUN_DIR/*.lock" >/dev/null; do
    if grep -Eqs '^state=(image|plain|unaccelerated|warm)$' "$JPREFORK_RUN_DIR"/*.status; then
      break
    fi
    sleep 0.2
  done
  bin/jprefork kill --all >/dev/null 2>&1 || true
  export JPREFORK_RUN_DIR="$work/run"
}
# ... and an empty cache (JPREFORK_CACHE_DIR: //DEPS lists and script builds).
first_call_dir_and_cache() {
  first_call_dir
  export JPREFORK_CACHE_DIR="$JPREFORK_RUN_DIR-cache"
}
first_call_settle_cache() {
  first_call_settle
  unset JPREFORK_CACHE_DIR
}
# The first call, untimed, before a timed second call made at once (its pool is being built).
first_call_then() {
  first_call_dir
  "$@" >/dev/null 2>&1 || true
}

first_call_table() {
  local nop="$work/first-nop" deps_cache="$work/first-deps-cache" deps copy
  mkdir -p "$nop" "$work/first"
  printf 'public class NoP { public static void main(String[] a) { System.out.println("hi " + String.join(" ", a)); } }
'     >"$nop/NoP.java"
  javac -d "$nop" "$nop/NoP.java"
  printf 'Main-Class: NoP
' >"$nop/manifest.txt"
  (cd "$nop" && jar cfm nop.jar manifest.txt NoP.class)
  # examples/deps resolved once (from ~/.m2 if there), for plain java's class path and the warm cache.
  JPREFORK_CACHE_DIR="$deps_cache" JPREFORK_RUN_DIR="$work/first/deps-warm"     bin/jprefork -U java examples/deps/Nearest.java warm-up >/dev/null 2>&1 || die "examples/deps does not run"
  JPREFORK_RUN_DIR="$work/first/deps-warm" bin/jprefork kill --all >/dev/null 2>&1 || true
  deps="$(cat "$deps_cache"/deps/*.txt | paste -sd:)"
  copy="$work/first-Nearest.java"
  tail -n +2 examples/deps/Nearest.java >"$copy" # java refuses a #! line in a .java file

  echo
  echo "| ${runs} runs, first calls (an empty run dir each) | median ms | p95 ms | min ms | max ms |"
  echo "|---|---|---|---|---|"
  measure "SlowInit (jar): java 17, cold" 0 java -cp "$cp" SlowInit bench
  measure_before=first_call_dir measure_after=first_call_settle \
    measure "SlowInit (jar): jprefork, first call" 0 bin/jprefork -U java -cp "$cp" SlowInit bench
  measure_before="first_call_then bin/jprefork -U java -cp $cp SlowInit first" measure_after=first_call_settle \
    measure "SlowInit (jar): jprefork, second call at once (pool being built)" 0 bin/jprefork -U java -cp "$cp" SlowInit bench
  measure "SlowInit.java: java 17, cold" 0 java -cp "$agent" examples/slow-init/SlowInit.java bench
  measure_before=first_call_dir measure_after=first_call_settle \
    measure "SlowInit.java: jprefork, first call" 0 bin/jprefork -U java examples/slow-init/SlowInit.java bench
  measure "NoP.java (never calls): java 17" 0 java "$nop/NoP.java" x
  measure_before=first_call_dir measure_after=first_call_settle \
    measure "NoP.java: jprefork, first call" 0 bin/jprefork -U java "$nop/NoP.java" x
  bin/jprefork -U java "$nop/NoP.java" x >/dev/null 2>&1
  measure "NoP.java: jprefork, later calls" 0 bin/jprefork -U java "$nop/NoP.java" x
  measure "nop.jar (never calls): java 17" 0 java -jar "$nop/nop.jar" x
  bin/jprefork -U java -jar "$nop/nop.jar" x >/dev/null 2>&1
  measure "nop.jar: jprefork, later calls" 0 bin/jprefork -U java -jar "$nop/nop.jar" x
  # Tools run unmodified (--checkpoint-at=main), with and without a warm-up: a tiny one and
  # Apache Groovy's command line (the jar examples/groovy-eval resolved).
  local groovy expr='println((1..3).sum())'
  groovy="$(find examples/groovy-eval/target/lib -name 'groovy-*.jar' | head -1)"
  [[ -n "$groovy" ]] || die "examples/groovy-eval is not built (no groovy jar in its target/lib)"
  measure_before=first_call_dir measure_after=first_call_settle \
    measure "nop.jar: jprefork --checkpoint-at=main, first call" 0 bin/jprefork -U --checkpoint-at=main java -jar "$nop/nop.jar" x
  measure "GroovyMain -e (a tool): java 17, cold" 0 java -cp "$groovy" groovy.ui.GroovyMain -e "$expr"
  measure_before=first_call_dir measure_after=first_call_settle \
    measure "GroovyMain: jprefork --checkpoint-at=main, first call" 0 \
    bin/jprefork -U --checkpoint-at=main java -cp "$groovy" groovy.ui.GroovyMain -e "$expr"
  measure_before=first_call_dir measure_after=first_call_settle \
    measure "GroovyMain: jprefork --checkpoint-at=main --warmup, first call" 0 \
    bin/jprefork -U --checkpoint-at=main "--warmup=-e 1" java -cp "$groovy" groovy.ui.GroovyMain -e "$expr"
  measure "Nearest.java (//DEPS): java 17, cold, dependencies on -cp" 0 java -cp "$deps:$agent" "$copy" x
  JPREFORK_CACHE_DIR="$deps_cache" measure_before=first_call_dir measure_after=first_call_settle \
    measure "Nearest.java: jprefork, first call, build cached" 0 bin/jprefork -U java examples/deps/Nearest.java x
  measure_before=first_call_dir_and_cache measure_after=first_call_settle_cache \
    measure "Nearest.java: jprefork, first call, empty build cache" 0 bin/jprefork -U java examples/deps/Nearest.java x
}
