# shellcheck shell=bash
# maven ARG...
#   Runs mvn in batch mode (-B -ntp). When its output is not a terminal, without
#   colour: -Dstyle.color=never, and jansi told not to write its closing reset
#   (Maven 3.8's jansi writes ESC[0m at exit even in batch mode).
# build_project [--skip-tests] [MAVEN_ARG...]
#   Installs the missing build packages, then runs `maven install` from
#   the repository root (quiet, with -DskipTests, under --skip-tests) and makes
#   bin/jprefork executable. Returns Maven's exit status.
# Needs lib/common.sh sourced first.

# procps (kill, ps) and bsdutils (script) are used by the integration tests;
# zlib1g-dev lets the native client read jars (see restore-launcher/pom.xml).
readonly JPREFORK_BUILD_PACKAGES=(openjdk-17-jdk-headless maven gcc make zlib1g-dev util-linux procps bsdutils)

maven() {
  if [[ -t 1 && -t 2 ]]; then
    mvn -B -ntp "$@"
  else
    MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }-Djansi.noreset=true" mvn -B -ntp -Dstyle.color=never "$@"
  fi
}

build_project() {
  local skip_tests=0 args=()
  while (($# > 0)); do
    case "$1" in
      --skip-tests) skip_tests=1 ;;
      *) args+=("$1") ;;
    esac
    shift
  done

  ensure_apt_packages "${JPREFORK_BUILD_PACKAGES[@]}"

  local root mvn=(maven)
  root="$(repo_root)"
  if ((skip_tests)); then
    mvn+=(-DskipTests)
    [[ -t 2 ]] || mvn+=(-q)
    log "building (mvn install, tests skipped)"
  else
    log "building and testing (mvn install)"
  fi

  local rc=0
  if ((skip_tests)) && [[ -t 2 ]]; then
    # On a terminal the first build (minutes: it downloads Maven's plugins and
    # the dependencies) shows its progress; its output goes to a log.
    local mvnlog
    mvnlog="$(mktemp "${TMPDIR:-/tmp}/jprefork-build.XXXXXX")"
    (cd "$root" && run_logged "building" "$mvnlog" "${mvn[@]}" install "${args[@]}") || rc=$?
    if ((rc != 0)); then
      grep -E '^\[ERROR\]' "$mvnlog" | head -n 20 >&2 || true
      log "build output: $mvnlog"
    else
      rm -f "$mvnlog"
    fi
  else
    (cd "$root" && "${mvn[@]}" install "${args[@]}") || rc=$?
  fi

  if [[ -f "$root/bin/jprefork" ]]; then
    [[ -x "$root/bin/jprefork" ]] || chmod +x "$root/bin/jprefork"
  else
    log "warning: $root/bin/jprefork does not exist"
  fi
  if ((rc != 0)); then
    log "mvn install failed (exit $rc)"
  fi
  return "$rc"
}

# agent_jar: prints the path of the built checkpoint-agent jar (not the
# sources/javadoc/tests jars); fails when there is none.
agent_jar() {
  local jar
  for jar in "$(repo_root)"/checkpoint-agent/target/checkpoint-agent-*.jar; do
    case "$jar" in
      *-sources.jar | *-javadoc.jar | *-tests.jar) continue ;;
    esac
    if [[ -f "$jar" ]]; then
      printf '%s\n' "$jar"
      return 0
    fi
  done
  return 1
}

# launcher_jar: prints the path of the built launcher jar, if there is one.
launcher_jar() {
  local jar
  jar="$(repo_root)/restore-launcher/target/jprefork.jar"
  [[ -f "$jar" ]] && printf '%s\n' "$jar"
}
