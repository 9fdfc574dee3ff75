# shellcheck shell=bash
# Shared helpers for jprefork's scripts. Source it; do not run it.
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if [[ -n "${_JPREFORK_COMMON_SH:-}" ]]; then
  return 0
fi
_JPREFORK_COMMON_SH=1

_JPREFORK_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"

# repo_root: absolute path of the repository (the folder holding scripts/).
repo_root() {
  printf '%s\n' "$_JPREFORK_REPO_ROOT"
}

# log MSG...: one progress line on stderr.
log() {
  printf 'jprefork: %s\n' "$*" >&2
}

# die MSG...: one error line on stderr, then exit 1.
die() {
  printf 'jprefork: error: %s\n' "$*" >&2
  exit 1
}

# jprefork_cache_dir: where provisioned tools and build trees live.
jprefork_cache_dir() {
  local home="${HOME:-}"
  if [[ -z "$home" ]]; then
    home="$(getent passwd "$(id -u)" | cut -d: -f6)"
  fi
  printf '%s\n' "${JPREFORK_CACHE_DIR:-${XDG_CACHE_HOME:-$home/.cache}/jprefork}"
}

is_root() {
  [[ "$(id -u)" -eq 0 ]]
}

# _apt_missing PKG...: prints the packages that are not installed.
_apt_missing() {
  local pkg status
  for pkg in "$@"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != "installed" ]]; then
      printf '%s\n' "$pkg"
    fi
  done
}

# ensure_apt_packages PKG...: installs the missing ones (root only).
# `apt-get update` runs at most once per script run; child scripts inherit
# that through JPREFORK_APT_UPDATED.
ensure_apt_packages() {
  (($# > 0)) || return 0
  command -v dpkg-query >/dev/null 2>&1 \
    || die "dpkg-query not found: install these packages by hand: $*"
  local missing=()
  mapfile -t missing < <(_apt_missing "$@")
  ((${#missing[@]} > 0)) || return 0

  is_root || die "missing packages (run as root, or: sudo apt-get install ${missing[*]})"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; missing packages: ${missing[*]}"

  local logf
  logf="$(mktemp "${TMPDIR:-/tmp}/jprefork-apt.XXXXXX")"
  export DEBIAN_FRONTEND=noninteractive
  if [[ -z "${JPREFORK_APT_UPDATED:-}" ]]; then
    log "apt-get update"
    if ! run_logged "apt-get update" "$logf" apt-get update -q; then
      tail -n 20 "$logf" >&2
      rm -f "$logf"
      die "apt-get update failed"
    fi
    export JPREFORK_APT_UPDATED=1
  fi
  log "installing ${missing[*]}"
  if ! run_logged "installing ${#missing[@]} packages" "$logf" \
    apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    tail -n 20 "$logf" >&2
    rm -f "$logf"
    die "apt-get install failed: ${missing[*]}"
  fi
  rm -f "$logf"
}

# run_logged LABEL LOGFILE CMD...: runs CMD with all its output to LOGFILE and
# returns its exit status. On a terminal (stderr is a tty) one line shows the
# step and its elapsed time, updated every second and erased at the end;
# otherwise nothing is printed (callers print their own quiet lines). On
# failure the caller should name LOGFILE (run_logged does not: it cannot know
# what else the caller says).
run_logged() {
  local label="$1" logfile="$2" rc=0
  shift 2
  if [[ ! -t 2 ]]; then
    "$@" >"$logfile" 2>&1 || rc=$?
    return "$rc"
  fi
  local start=$SECONDS pid
  "$@" >"$logfile" 2>&1 </dev/null &
  pid=$!
  # A script's background job ignores SIGINT: take it down with us on Ctrl-C.
  trap 'kill -TERM "$pid" 2>/dev/null; printf "\r\033[K" >&2; exit 130' INT TERM
  # The line ends with the log's last line, cut to the terminal's width, so a
  # long step shows what it is doing; \r + ESC[K rewrites it in place.
  local cols last
  cols="$(stty size </dev/tty 2>/dev/null | cut -d ' ' -f 2 || true)"
  [[ "$cols" =~ ^[0-9]+$ ]] && ((cols > 20)) || cols=80
  while kill -0 "$pid" 2>/dev/null; do
    last="$(tail -n 1 "$logfile" 2>/dev/null | sed 's/\x1b\[[0-9;]*[A-Za-z]//g' | tr -d '\r\t' \
      | tr -c '[:print:]' ' ' || true)"
    local line
    line="$(printf 'jprefork: %s... %d s  %s' "$label" $((SECONDS - start)) "$last")"
    printf '\r%s\033[K' "${line:0:$((cols - 1))}" >&2
    sleep 1
  done
  wait "$pid" || rc=$?
  trap - INT TERM
  printf '\r\033[K' >&2
  return "$rc"
}
