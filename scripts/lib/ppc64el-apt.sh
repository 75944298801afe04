# Sourced by the scripts that fetch Debian ppc64el packages (fetch-busybox.sh,
# linux-guest.sh). `apt-get download` and `apt-cache` only see ppc64el packages
# while dpkg knows the architecture and apt has its package lists: with_ppc64el
# adds the architecture (and updates the lists) only when it is not configured,
# runs the given command, and then removes the architecture and its lists again,
# also when the command fails, so apt is left as it was. Nothing is installed:
# the packages are downloaded as .deb files and unpacked with dpkg-deb. When apt cannot
# build the lists at all, the callers fall back to scripts/lib/debian-pool.py.
# Usage: with_ppc64el TAG COMMAND [ARGS...]   (TAG prefixes the messages)

with_ppc64el() {
  local tag=$1; shift
  command -v apt-get >/dev/null && command -v dpkg >/dev/null || { echo "$tag: needs apt-get and dpkg (Debian)" >&2; return 1; }
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  local added=""
  if ! dpkg --print-foreign-architectures | grep -qx ppc64el; then
    echo "$tag: adding the ppc64el architecture to dpkg for the download" >&2
    $sudo dpkg --add-architecture ppc64el
    added=1
  fi
  local status=0
  # the lists may be missing or stale: one update, then the command again. An update
  # that fails for one index (a mirror in the middle of a sync, a security suite that
  # is unreachable) still refreshes the others, so the command is tried regardless.
  ( "$@" ) 2>/dev/null || {
    $sudo apt-get update -qq >&2 || echo "$tag: apt-get update reported errors; trying with the lists it got" >&2
    ( "$@" )
  } || status=$?
  if [ -n "$added" ]; then
    $sudo dpkg --remove-architecture ppc64el || echo "$tag: could not remove the ppc64el architecture" >&2
    # drop the ppc64el package lists again
    $sudo apt-get update -qq >&2 || true
  fi
  return $status
}

# apt-get download PKG:ppc64el... into DIR (apt downloads as the _apt user: DIR must be world-readable)
ppc64el_download() {
  local dir=$1; shift
  chmod 755 "$dir"
  (cd "$dir" && apt-get download -qq "${@/%/:ppc64el}" >&2)
}
