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
    if ! apt-get update -q >"$logf" 2>&1; then
      tail -n 20 "$logf" >&2
      rm -f "$logf"
      die "apt-get update failed"
    fi
    export JPREFORK_APT_UPDATED=1
  fi
  log "installing ${missing[*]}"
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >"$logf" 2>&1; then
    tail -n 20 "$logf" >&2
    rm -f "$logf"
    die "apt-get install failed: ${missing[*]}"
  fi
  rm -f "$logf"
}
