# deploy/lib.sh - shell helpers shared by the deploy scripts (sourced, not
# run): installing the Debian packages that are missing, and dev.sh's list
# of build packages, so that there is one list for every build.
# Needs: bash, $top (the source tree).
# shellcheck shell=bash

# say_errors : from here on, a command that fails ends the script with one
# line on standard error: the script, the step ($step, which each script's
# phase() sets), the file and line, and that line's command. errtrace makes
# it hold inside functions; a subshell that fails is named by its caller.
say_errors() {
  set -o errtrace
  trap 'said_error $? $LINENO' ERR   # one line: $LINENO is the failing line's
}
said_error() { # said_error STATUS LINE (the ERR trap's)
  local file=${BASH_SOURCE[1]}
  if [ "$BASH_SUBSHELL" -eq 0 ]; then
    echo "${me:-${0##*/}}: FAILED (exit $1) in step \"${step:-start}\" at ${file##*/}:$2: $(sed -n "$2{s/^[[:space:]]*//;p}" "$file")" >&2
  fi
  exit "$1"
}

# need_packages PACKAGE... : apt-get installs those not installed yet
# (names may carry an architecture, libsdl2-dev:arm64). Waits for another
# apt or dpkg to finish rather than failing on its lock.
need_packages() {
  local missing=() p native
  native=$(dpkg --print-architecture)
  for p in "$@"; do
    # With arm64 libraries beside the native ones (cross-build-arm64.sh),
    # a bare name has a line per architecture: ours or "all" counts.
    if [[ $p == *:* ]]; then
      [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || missing+=("$p")
    elif ! dpkg-query -W -f='${db:Status-Status} ${Architecture}\n' "$p" 2>/dev/null |
         grep -qE "^installed ($native|all)$"; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "${0##*/}: run as root, or install sudo, to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  echo "${0##*/}: installing ${missing[*]}"
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}

# remove_tree DIR : deletes DIR after unmounting everything mounted inside
# it; rm -rf would otherwise go through a mount and delete what is behind.
# (awk, not grep: grep exits 1 when nothing is mounted there, and under
# pipefail that ended the script without a word.)
mounted_under() { # mounted_under DIR : the mount points inside DIR, deepest first
  findmnt -rn -o TARGET | awk -v dir="$1/" 'index($0, dir) == 1' | sort -r
}
remove_tree() {
  local target
  mounted_under "$1" | while read -r target; do
    umount -l "$target"
  done
  if [ -n "$(mounted_under "$1")" ]; then
    echo "${me:-${0##*/}}: something is still mounted under $1; not deleting it" >&2
    exit 1
  fi
  rm -rf --one-file-system "$1"
}

# dev_packages NAME : deploy/dev.sh's package list NAME (build_packages,
# system_test_packages), one a line. dev_build_packages: build_packages.
dev_packages() {
  # shellcheck disable=SC2154 # $top is the sourcing script's
  awk -v name="$1" 'index($0, name "=(") == 1 { on = 1 } on { print } on && /\)/ { exit }' "$top/deploy/dev.sh" |
    sed -e "s/^$1=(//" -e 's/)//' | tr -s ' \t' '\n' | sed '/^$/d'
}
dev_build_packages() { dev_packages build_packages; }

# host_sources SUITE : the machine's Debian sources for SUITE, SUITE-updates
# and -security (one-line and deb822 files), as one-line entries for a root.
host_sources() {
  local suite=$1 f
  {
    cat /etc/apt/sources.list 2>/dev/null || true
    # (if, not `[ -f ] && cat`: with no *.list file, as on a machine with only
    # deb822 .sources, that made the loop, and so the pipeline, fail.)
    for f in /etc/apt/sources.list.d/*.list; do if [ -f "$f" ]; then cat "$f"; fi; done
  } | sed -E 's/\[[^]]*\] //' |
    awk -v s="$suite" '$1 == "deb" && $3 ~ "^" s "(-updates|-security|/updates)?$" { print "deb " $2 " " $3 " main" }'
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v s="$suite" 'BEGIN { RS = ""; FS = "\n" }
      { types = uris = suites = ""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^Types:/) types = substr($i, 7)
          if ($i ~ /^URIs:/) uris = substr($i, 6)
          if ($i ~ /^Suites:/) suites = substr($i, 8)
        }
        if (types !~ /(^| )deb( |$)/) next
        nu = split(uris, u, " "); ns = split(suites, x, " ")
        for (a = 1; a <= nu; a++) for (b = 1; b <= ns; b++)
          if (x[b] ~ "^" s "(-updates|-security)?$") print "deb " u[a] " " x[b] " main" }' "$f"
  done
}
