#!/usr/bin/env bash
# tests/sync/run.sh - many kiosks, one hub: two Syncthing instances on
# loopback, a HUB and a KIOSK, and the kiosk between them. The hub's
# send-only `content` folder is the kiosk's receive-only inbox; the
# kiosk's send-only outbox is the hub's receive-only `counts/NAME`.
#
# usage: tests/sync/run.sh [--build DIR] [--syncthing-only] [--keep] [--no-install]
#   --build DIR       the kiosk's build folder (default build/; built if it has no kiosk)
#   --syncthing-only  stop after the two instances passed a file each way
#   --keep            keep the run's folder (homes, logs, folders) when it passes
#   --no-install      install nothing: exit 77 (skipped, for ctest) if a program is missing
#
# Checks, in order: both instances take their settings (loopback only; no
# discovery, relays, NAT, usage or crash reports, upgrades); they connect;
# a file goes hub -> kiosk inbox and kiosk outbox -> hub; then the kiosk
# (SDL_VIDEODRIVER=dummy, --inbox/--outbox) installs a bundle signed on the
# hub by a test key and its status file comes back saying so; an unsigned
# bundle after it, then an older signed one, are refused and the status
# that comes back says why; the
# kiosk, stopped, writes its day's CSV of counts, which comes back, and
# `kiosk stats merge` reads the hub's folder. Prints figures (not
# asserted): signing to installed, CSV to the hub,
# bundle size. Every wait is bounded (120 s at most, the whole run 10
# minutes); every process started here is ended when the script ends,
# however it ends. Needs no root (it installs missing packages with sudo).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
me=sync/run.sh
build=$top/build syncthing_only='' keep='' no_install=''
while [ $# -gt 0 ]; do
  case "$1" in
    --build) [ $# -ge 2 ] || { echo "$me: --build needs a folder" >&2; exit 2; }; build=$2; shift ;;
    --syncthing-only) syncthing_only=1 ;;
    --keep) keep=1 ;;
    --no-install) no_install=1 ;;
    *) sed -n '7,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
  shift
done
build=$(cd "$build" 2>/dev/null && pwd || echo "$build")

# shellcheck source=../../deploy/lib.sh
source "$top/deploy/lib.sh"
say_errors
step="packages"
if [ -n "$no_install" ]; then
  for program in syncthing curl jq ss pgrep setsid; do
    command -v "$program" >/dev/null ||
      { echo "$me: skipped: no $program (deploy/dev.sh's sync_test_packages install it)"; exit 77; }
  done
else
  mapfile -t packages < <(dev_packages sync_test_packages)
  need_packages "${packages[@]}"
fi

started=$SECONDS
deadline=$((SECONDS + 600))          # the whole run: 10 minutes at most
phase() { step=$*; echo "== $* ($((SECONDS - started)) s)"; }
die() { echo "$me: FAILED in step \"$step\": $*" >&2; exit 1; }
figures=()
figure() { figures+=("$(printf '  %-56s %s' "$1" "$2")"); echo "   figure: $1: $2"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

run=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-sync.XXXXXX")
hub=$run/hub kiosk=$run/kiosk
name=sync-test
groups=()        # every process group started here (setsid), ended by finish
# stop_group PGID : TERM to the whole group (Syncthing's monitor and its
# child, or the kiosk), 10 s to go, then KILL.
stop_group() {
  local g=$1 _
  kill -TERM -- "-$g" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 -- "-$g" 2>/dev/null || return 0; sleep 0.2; done
  echo "$me: process group $g did not end in 10 s; killing it" >&2
  kill -KILL -- "-$g" 2>/dev/null || true
}
finish() {
  local status=$? pid
  trap - ERR
  set +e
  for pid in "${groups[@]}"; do stop_group "$pid"; done
  if [ "${#figures[@]}" -gt 0 ]; then
    echo
    echo "$me: figures (loopback, not asserted)"
    printf '%s\n' "${figures[@]}"
  fi
  if [ "$status" -ne 0 ] || [ -n "$keep" ]; then
    echo "$me: the run's folder (homes, logs: */syncthing.log, kiosk/kiosk.log) is kept: $run" >&2
  else
    rm -rf "$run"
  fi
  echo "$me: $([ "$status" -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - started)) s"
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

# wait_for WHAT SECONDS COMMAND... : runs COMMAND every 0.2 s until it
# succeeds; at most SECONDS (and never past the run's deadline).
wait_for() {
  local what=$1 limit=$2 t0=$SECONDS; shift 2
  [ $((deadline - SECONDS)) -ge "$limit" ] || limit=$((deadline - SECONDS))
  echo "   waiting (at most $limit s) for $what"
  until "$@"; do
    [ $((SECONDS - t0)) -lt "$limit" ] || die "gave up after $limit s waiting for $what"
    sleep 0.2
  done
}

# ---- Syncthing: two homes, each with its own keys and a written config ----
ports=()
free_port() { # free_port VAR : VAR = a TCP port nothing uses, not handed out before
  local p _
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 40000))
    [[ " ${ports[*]} " == *" $p "* ]] && continue
    [ -z "$(ss -Htan "sport = :$p")" ] || continue
    ports+=("$p"); printf -v "$1" '%s' "$p"; return 0
  done
  die "no free TCP port found"
}
api_key() { od -An -tx1 -N16 /dev/urandom | tr -d ' \n'; }

phase "Syncthing: two homes (hub, kiosk), keys and device IDs"
syncthing --version
for side in hub kiosk; do
  mkdir -p "$run/$side"
  STNODEFAULTFOLDER=1 syncthing generate --home="$run/$side/home" --no-default-folder \
    > "$run/$side/generate.log" 2>&1 || { cat "$run/$side/generate.log" >&2; die "syncthing generate"; }
done
hub_id=$(syncthing serve --home="$hub/home" --device-id)
kiosk_id=$(syncthing serve --home="$kiosk/home" --device-id)
hub_gui='' hub_sync='' kiosk_gui='' kiosk_sync=''
free_port hub_gui; free_port hub_sync; free_port kiosk_gui; free_port kiosk_sync
hub_key=$(api_key) kiosk_key=$(api_key)
echo "   hub   $hub_id  GUI 127.0.0.1:$hub_gui  sync tcp://127.0.0.1:$hub_sync"
echo "   kiosk $kiosk_id  GUI 127.0.0.1:$kiosk_gui  sync tcp://127.0.0.1:$kiosk_sync"

# The folders. The hub's content holds kiosk-content/ (a bundle); the
# kiosk's inbox is the same folder received. The kiosk's outbox is the
# hub's counts/NAME.
mkdir -p "$hub/content" "$hub/counts/$name" "$kiosk/inbox" "$kiosk/outbox" "$kiosk/data" "$run/work/media"
# The kiosk's temporary files in the outbox (".kiosk-stats-....csv.XXXXXX",
# renamed when whole) are not Syncthing's business: .stignore, made with
# the folder (README, "Many kiosks"; Syncthing does not send it).
printf '.kiosk-*\n' > "$kiosk/outbox/.stignore"

# folder_xml ID PATH TYPE [IGNORE_PERMS] : one folder shared by both devices.
# A short rescan and the watcher at 1 s: a change is seen within a second
# or two. The kiosk's inbox ignores permissions, as README says to: files
# arrive 0644 and folders 0755 whatever modes they had on the hub, so the
# kiosk's user can read them.
folder_xml() {
  cat <<EOF
    <folder id="$1" label="$1" path="$2" type="$3" rescanIntervalS="10" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="${4:-false}" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="$hub_id" introducedBy=""></device>
        <device id="$kiosk_id" introducedBy=""></device>
        <minDiskFree unit="%">1</minDiskFree>
        <versioning></versioning>
        <order>random</order>
        <ignoreDelete>false</ignoreDelete>
        <maxConflicts>10</maxConflicts>
        <paused>false</paused>
        <markerName>.stfolder</markerName>
        <maxConcurrentWrites>2</maxConcurrentWrites>
        <disableFsync>false</disableFsync>
    </folder>
EOF
}
# device_xml ID NAME ADDRESS
device_xml() {
  cat <<EOF
    <device id="$1" name="$2" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
        <address>$3</address>
        <paused>false</paused>
        <autoAcceptFolders>false</autoAcceptFolders>
    </device>
EOF
}
# write_config HOME GUIPORT APIKEY SYNCPORT FOLDERS_XML: every device and
# folder, GUI/REST and sync on 127.0.0.1 only, and nothing that reaches out:
# no global or local discovery, relays, NAT traversal, usage reports (-1 is
# "declined"), crash reports or upgrades. What is not written takes
# Syncthing's default, and phase "settings taken" reads it all back.
write_config() {
  cat > "$1/config.xml" <<EOF
<configuration version="36">
$5
$(device_xml "$hub_id" hub "tcp://127.0.0.1:$hub_sync")
$(device_xml "$kiosk_id" "kiosk-$name" "tcp://127.0.0.1:$kiosk_sync")
    <gui enabled="true" tls="false" debugging="false">
        <address>127.0.0.1:$2</address>
        <apikey>$3</apikey>
        <theme>default</theme>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:$4</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <crashReportingEnabled>false</crashReportingEnabled>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <startBrowser>false</startBrowser>
        <reconnectionIntervalS>2</reconnectionIntervalS>
        <announceLANAddresses>false</announceLANAddresses>
        <stunServer></stunServer>
        <restartOnWakeup>false</restartOnWakeup>
    </options>
</configuration>
EOF
}
write_config "$hub/home" "$hub_gui" "$hub_key" "$hub_sync" \
  "$(folder_xml content "$hub/content" sendonly; folder_xml "counts-$name" "$hub/counts/$name" receiveonly)"
write_config "$kiosk/home" "$kiosk_gui" "$kiosk_key" "$kiosk_sync" \
  "$(folder_xml content "$kiosk/inbox" receiveonly true; folder_xml "counts-$name" "$kiosk/outbox" sendonly)"

phase "Syncthing: start both (serve --no-browser --no-restart --no-upgrade)"
for side in hub kiosk; do
  # setsid: a process group of its own (no job control here, so setsid
  # does not fork and $! is its leader): syncthing serve runs a monitor
  # process and the real one as its child, even with --no-restart.
  STNODEFAULTFOLDER=1 STNOUPGRADE=1 setsid syncthing serve --home="$run/$side/home" --no-browser \
    --no-restart --no-upgrade --logflags=3 --logfile=- > "$run/$side/syncthing.log" 2>&1 &
  groups+=("$!")
  eval "${side}_pid=$!"
done
# rest SIDE PATH : GET from that side's REST API (5 s at most)
rest() {
  local port key
  if [ "$1" = hub ]; then port=$hub_gui key=$hub_key; else port=$kiosk_gui key=$kiosk_key; fi
  curl -fsS --max-time 5 -H "X-API-Key: $key" "http://127.0.0.1:$port$2"
}
alive() { kill -0 "$1" 2>/dev/null || { tail -20 "$2" >&2; die "syncthing ended: see $2"; }; }
api_up() { # api_up SIDE : its REST API answers (or the process ended: alive says so)
  local pid_var=${1}_pid
  kill -0 "${!pid_var}" 2>/dev/null || return 0
  rest "$1" /rest/system/ping >/dev/null 2>&1
}
for side in hub kiosk; do
  pid_var=${side}_pid
  wait_for "the $side's REST API (/rest/system/ping)" 120 api_up "$side"
  alive "${!pid_var}" "$run/$side/syncthing.log"
done

phase "Syncthing: settings taken (read back through /rest/config, sockets)"
# process_tree PGID : the group's processes and all their descendants.
# Syncthing 1.19's monitor starts its child in a process group of its
# own, so the group alone holds only the monitor, which has no sockets.
process_tree() {
  local todo p kids seen=''
  todo=$(pgrep -g "$1" | paste -sd' ' -)
  while [ -n "$todo" ]; do
    kids=''
    for p in $todo; do
      case " $seen " in *" $p "*) continue ;; esac
      seen="$seen $p"
      echo "$p"
      kids="$kids $(pgrep -P "$p" | paste -sd' ' -)"
    done
    todo=$(echo "$kids" | xargs)
  done
}
# process_sockets PGID : "tcp ADDR:PORT" for each listening TCP socket and
# "udp ADDR:PORT" for each UDP socket of the process (IPv4 addresses as
# dotted quads; IPv6 ones as /proc/net shows them, which fails the check).
process_sockets() {
  local inodes
  local p
  inodes=$(for p in $(process_tree "$1"); do find "/proc/$p/fd" -lname 'socket:*' -printf '%l\n' 2>/dev/null; done | sed 's/[^0-9]//g' | sort -u | paste -sd' ' -)
  [ -n "$inodes" ] || return 0
  for proto in tcp tcp6 udp udp6; do
    [ -r "/proc/net/$proto" ] || continue
    awk -v proto="${proto%6}" -v inodes=" $inodes " '
      function h(s,  i, n) { n = 0; for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789ABCDEF", substr(toupper(s), i, 1)) - 1; return n }
      NR > 1 && index(inodes, " " $10 " ") && (proto == "udp" || $4 == "0A") {
        split($2, a, ":"); addr = a[1]; port = h(a[2])
        if (length(addr) == 8)
          addr = h(substr(addr, 7, 2)) "." h(substr(addr, 5, 2)) "." \
                 h(substr(addr, 3, 2)) "." h(substr(addr, 1, 2))
        print proto " " addr ":" port }' "/proc/net/$proto"
  done
}
check_config() { # check_config SIDE SYNCPORT CONTENT_TYPE COUNTS_TYPE CONTENT_IGNORE_PERMS
  local cfg
  cfg=$(rest "$1" /rest/config)
  jq -e --arg sync "tcp://127.0.0.1:$2" --arg ct "$3" --arg nt "$4" --argjson cip "$5" --arg counts "counts-$name" '
      .options.globalAnnounceEnabled == false and .options.localAnnounceEnabled == false
      and .options.relaysEnabled == false and .options.natEnabled == false
      and .options.urAccepted == -1 and .options.crashReportingEnabled == false
      and .options.autoUpgradeIntervalH == 0
      and .options.listenAddresses == [$sync]
      and (.gui.address | startswith("127.0.0.1:"))
      and ([.folders[] | {id, type, fsWatcherEnabled, rescanIntervalS, ignorePerms}] | sort_by(.id)) ==
          ([{id: "content", type: $ct, fsWatcherEnabled: true, rescanIntervalS: 10, ignorePerms: $cip},
            {id: $counts, type: $nt, fsWatcherEnabled: true, rescanIntervalS: 10, ignorePerms: false}] | sort_by(.id))
      and (.devices | length) == 2' <<<"$cfg" >/dev/null ||
    { jq '{options, folders: [.folders[] | {id, path, type}], devices: [.devices[] | {deviceID, addresses}]}' <<<"$cfg" >&2
      die "the $1's Syncthing did not take the settings written (above: what it has)"; }
  # Listening on 127.0.0.1 only, and no UDP at all (no discovery, no QUIC):
  # the process's sockets (/proc/PID/fd) found in /proc/net/{tcp,udp}{,6}.
  local pid_var=${1}_pid socks
  # Its sync listener may come up a moment after the REST API answers (and
  # under load it once had none yet): look for a while.
  for _ in $(seq 30); do
    socks=$(process_sockets "${!pid_var}")
    grep -q "^tcp 127.0.0.1:$2\$" <<<"$socks" && break
    sleep 1
  done
  [ -n "$socks" ] || die "no listening sockets found for the $1's Syncthing (pid ${!pid_var}) in 30 s"
  if grep -vE '^tcp 127\.0\.0\.1:[0-9]+$' <<<"$socks" | grep -q .; then
    echo "$socks" >&2; die "the $1's Syncthing listens beyond 127.0.0.1 over TCP, or has a UDP socket"
  fi
  grep -qx "tcp 127.0.0.1:$2" <<<"$socks" || { echo "$socks" >&2; die "the $1's Syncthing does not listen on 127.0.0.1:$2"; }
  echo "ok: $1: listens on $(cut -d' ' -f2 <<<"$socks" | paste -sd' ' -) only, no discovery, relays, NAT, reports or upgrades; content $3, counts-$name $4"
}
check_config hub "$hub_sync" sendonly receiveonly false
check_config kiosk "$kiosk_sync" receiveonly sendonly true

phase "Syncthing: the two devices connect"
connected() { # connected SIDE PEER_ID
  [ "$(rest "$1" /rest/system/connections 2>/dev/null | jq -r --arg id "$2" '.connections[$id].connected')" = true ]
}
t_connect=$(now)
wait_for "the hub to see the kiosk connected" 120 connected hub "$kiosk_id"
wait_for "the kiosk to see the hub connected" 120 connected kiosk "$hub_id"
echo "ok: connected ($(since "$t_connect") s after both APIs answered)"

phase "Syncthing: a file each way (hub content -> kiosk inbox, kiosk outbox -> hub counts)"
echo "hello from the hub $(date -u +%FT%TZ)" > "$hub/content/sync-check.txt"
echo "hello from the kiosk $(date -u +%FT%TZ)" > "$kiosk/outbox/sync-check.txt"
t0=$(now)
wait_for "sync-check.txt in the kiosk's inbox" 120 cmp -s "$hub/content/sync-check.txt" "$kiosk/inbox/sync-check.txt"
figure "a small file, hub to kiosk inbox (s)" "$(since "$t0")"
wait_for "sync-check.txt in the hub's counts/$name" 120 cmp -s "$kiosk/outbox/sync-check.txt" "$hub/counts/$name/sync-check.txt"
figure "a small file, kiosk outbox to hub (s)" "$(since "$t0")"
rm -f "$hub/content/sync-check.txt" "$kiosk/outbox/sync-check.txt"
both_gone() { [ ! -e "$kiosk/inbox/sync-check.txt" ] && [ ! -e "$hub/counts/$name/sync-check.txt" ]; }
wait_for "sync-check.txt gone from both far ends" 120 both_gone
echo "ok: a file went each way and its removal followed"

if [ -n "$syncthing_only" ]; then
  echo "$me: --syncthing-only: the kiosk steps are left out"
  exit 0
fi

# ---- the kiosk between them ----
phase "kiosk: the build (build/kiosk) and its --inbox/--outbox settings"
if [ ! -x "$build/kiosk" ]; then
  mapfile -t build_packages < <(dev_build_packages)
  need_packages "${build_packages[@]}"
  cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j"$(nproc)" --target kiosk
fi
k=$build/kiosk
help=$("$k" --help 2>&1 || true)   # (not piped into grep -q: under pipefail its SIGPIPE fails)
for setting in inbox outbox; do
  grep -q -- "--$setting " <<<"$help" ||
    die "$k has no --$setting setting (kiosk --help does not list it): this build predates the inbox/outbox settings; the Syncthing side passed"
done

phase "kiosk: a test key, a bundle signed by it on the hub"
(cd "$run/work" && timeout 60 "$k" keygen sync-test >/dev/null)
cat "$run/work/sync-test.public" > "$run/work/trusted-keys"
chmod 644 "$run/work/trusted-keys"
# An older bundle first (versions are the second of signing), sent last.
mkdir -p "$run/work/older"
cp -r "$top/content" "$run/work/older/kiosk-content"
timeout 60 "$k" sign "$run/work/older/kiosk-content" --key "$run/work/sync-test.secret" | tee "$run/work/sign-older.txt"
sleep 1.1
# The bundle: the repository's content with the first page's title changed,
# so that what is installed tells it apart.
mkdir -p "$run/work/signed"
cp -r "$top/content" "$run/work/signed/kiosk-content"
title="Sync test $(date -u +%H%M%S)"
first_page=$(find "$run/work/signed/kiosk-content/pages" -name '*.md' ! -name '*.*.md' | sort | head -1)
sed -i "0,/^title: .*/s//title: $title/" "$first_page"
grep -q "^title: $title\$" "$first_page" || die "could not change the title in $first_page"
timeout 60 "$k" sign "$run/work/signed/kiosk-content" --key "$run/work/sync-test.secret" | tee "$run/work/sign.txt"
# "signed DIR (kiosk-manifest.txt, version 20261203045016: 3 Dec 2026 at 04:50 UTC)":
# the kiosk's log and status file name the version in words.
signed_on=$(sed -n 's/.*version [0-9]\{14\}: \(.*\))$/\1/p' "$run/work/sign.txt")
[ -n "$signed_on" ] || die "kiosk sign printed no version"
figure "signed bundle (du -sb; files)" \
  "$(du -sb "$run/work/signed/kiosk-content" | cut -f1) bytes; $(find "$run/work/signed/kiosk-content" -type f | wc -l) files"
figure "signed bundle on disk (du -sk, KiB)" "$(du -sk "$run/work/signed/kiosk-content" | cut -f1)"

phase "kiosk: start it headless (SDL_VIDEODRIVER=dummy) on the inbox and outbox"
# Pages turn every 3 s (the shortest allowed): attract mode counts a page
# shown every 3 s.
printf '[attract]\nseconds_per_page = 3\n' > "$run/work/kiosk.ini"
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy XDG_DATA_HOME=$run/work/xdg \
  setsid "$k" --config "$run/work/kiosk.ini" --data "$kiosk/data" --name "$name" \
  --trusted-keys "$run/work/trusted-keys" --inbox "$kiosk/inbox" --outbox "$kiosk/outbox" \
  --media "$run/work/media" --window 800x480 > "$kiosk/kiosk.log" 2>&1 &
kiosk_pid=$!
groups+=("$kiosk_pid")
t_kiosk=$(now)
status_file=kiosk-status-$name.txt
kiosk_alive() { kill -0 "$kiosk_pid" 2>/dev/null || { tail -20 "$kiosk/kiosk.log" >&2; die "the kiosk ended: see $kiosk/kiosk.log"; }; }
wait_for "the kiosk's $status_file in its outbox" 60 test -s "$kiosk/outbox/$status_file"
kiosk_alive
wait_for "$status_file to reach the hub" 120 test -s "$hub/counts/$name/$status_file"
echo "ok: the kiosk runs (pid $kiosk_pid); its status reached the hub"

phase "kiosk: the signed bundle, put in the hub's content, installs on the kiosk"
# Copied beside the folder, then renamed into it: the hub never shows a
# half-copied bundle (the kiosk would wait for it to verify anyway).
mkdir -p "$run/work/stage"
cp -r "$run/work/signed/kiosk-content" "$run/work/stage/"
t_put=$(now)
mv "$run/work/stage/kiosk-content" "$hub/content/kiosk-content"
installed_line="installed the content signed on $signed_on"
in_log() { grep -qF "$1" "$kiosk/kiosk.log"; }
wait_for "the kiosk's log to say \"$installed_line\"" 120 in_log "$installed_line"
figure "signed bundle in the hub's folder to installed (s)" "$(since "$t_put")"
grep -F "$installed_line" "$kiosk/kiosk.log" | tail -1 | sed 's/^/   log: /'
kiosk_alive
current=$(readlink "$kiosk/data/content/current" || true)
[ -n "$current" ] || die "DATA/content/current is not a link after the install"
grep -rqx "title: $title" "$kiosk/data/content/current/pages/" ||
  die "the installed content does not have the changed title \"$title\""
echo "ok: installed: DATA/content/current -> $current, with \"$title\""
wait_for "the kiosk's $status_file to say so" 60 grep -qF "$installed_line" "$kiosk/outbox/$status_file"
wait_for "$status_file to come back to the hub saying so" 120 grep -qF "$installed_line" "$hub/counts/$name/$status_file"
figure "signed bundle in the hub's folder to the hub told (s)" "$(since "$t_put")"
echo "ok: the hub's counts/$name/$status_file:"
sed 's/^/   | /' "$hub/counts/$name/$status_file"

phase "kiosk: an unsigned bundle after it is refused, and the hub hears why"
mkdir -p "$run/work/unsigned"
cp -r "$top/content" "$run/work/unsigned/kiosk-content"
sed -i "0,/^title: .*/s//title: Unsigned $(date -u +%H%M%S)/" \
  "$(find "$run/work/unsigned/kiosk-content/pages" -name '*.md' ! -name '*.*.md' | sort | head -1)"
mv "$hub/content/kiosk-content" "$run/work/stage/old-kiosk-content"
mv "$run/work/unsigned/kiosk-content" "$hub/content/kiosk-content"
refused_on_hub() { grep -q 'refused.*not signed' "$hub/counts/$name/$status_file"; }
wait_for "the hub's $status_file to say the unsigned bundle was refused" 120 refused_on_hub
echo "ok: the hub's counts/$name/$status_file:"
sed 's/^/   | /' "$hub/counts/$name/$status_file"
kiosk_alive
[ "$(readlink "$kiosk/data/content/current")" = "$current" ] ||
  die "the unsigned bundle changed what is installed: current -> $(readlink "$kiosk/data/content/current")"
echo "ok: still installed: $current"

phase "kiosk: an older signed bundle is refused, and the hub hears why"
mv "$hub/content/kiosk-content" "$run/work/stage/unsigned-kiosk-content"
mv "$run/work/older/kiosk-content" "$hub/content/kiosk-content"
older_on_hub() { grep -q 'refused.*before the signed content installed here' "$hub/counts/$name/$status_file"; }
wait_for "the hub's $status_file to say the older bundle was refused" 120 older_on_hub
grep '^inbox:' "$hub/counts/$name/$status_file" | sed 's/^/   | /'
kiosk_alive
[ "$(readlink "$kiosk/data/content/current")" = "$current" ] ||
  die "the older bundle changed what is installed: current -> $(readlink "$kiosk/data/content/current")"
echo "ok: still installed: $current"

phase "kiosk: today's counts come back to the hub as CSV"
# The kiosk writes the day files when it commits its counts: while nobody
# uses it every 30 minutes, and when it stops. So: pages shown for a
# while in attract mode (3 s each), then the kiosk stopped as systemd does.
today=$(date +%F)
csv=kiosk-stats-$name-$today.csv
left=$(awk -v a="$t_kiosk" -v b="$(now)" 'BEGIN { s = 12 - (b - a); print (s > 0 ? int(s) + 1 : 0) }')
[ "$left" -eq 0 ] || { echo "   letting attract mode show pages for $left s more"; sleep "$left"; }
t_stop=$(now)
stop_group "$kiosk_pid"
figure "kiosk stopped in (s)" "$(since "$t_stop")"
kiosk_status=0
wait "$kiosk_pid" || kiosk_status=$?
[ "$kiosk_status" -eq 0 ] ||
  { tail -30 "$kiosk/kiosk.log" >&2; die "the kiosk, stopped with SIGTERM, exited with status $kiosk_status (its log's end above)"; }
grep -F 'Outbox' "$kiosk/kiosk.log" | tail -2 | sed 's/^/   log: /'
[ -s "$kiosk/outbox/$csv" ] || die "no $csv in the kiosk's outbox after it stopped (see $kiosk/kiosk.log)"
t_csv=$(now)
wait_for "$csv in the hub's counts/$name" 120 cmp -s "$kiosk/outbox/$csv" "$hub/counts/$name/$csv"
figure "day's CSV on the kiosk to the hub (s)" "$(since "$t_csv")"
grep -q "^page,$name,$today," "$hub/counts/$name/$csv" ||
  die "$csv has no page row for $name on $today: $(cat "$hub/counts/$name/$csv")"
echo "ok: $csv came back: $(grep -c "^page," "$hub/counts/$name/$csv") page rows"
strays=$(find "$hub/counts/$name" -mindepth 1 -maxdepth 1 -name '.*' ! -name .stfolder)
[ -z "$strays" ] || die "temporary files reached the hub: $strays"
mkdir -p "$run/work/merged"
# The hub's whole counts/ folder, a folder per kiosk, as the hub would merge it.
timeout 60 "$k" stats merge "$hub/counts" --out "$run/work/merged" > "$run/work/merge.txt" 2>&1 ||
  { cat "$run/work/merge.txt" >&2; die "kiosk stats merge of the hub's folder counts/ failed (above)"; }
sed 's/^/   merge: /' "$run/work/merge.txt"
merged=$(find "$run/work/merged" -name '*.csv' | head -1)
[ -n "$merged" ] || die "kiosk stats merge $hub/counts wrote no CSV"
grep -q ",$today," "$merged" || die "the merged CSV has no row of $today: $(cat "$merged")"
echo "ok: kiosk stats merge read the hub's counts/: $(basename "$merged"), $(wc -l < "$merged") lines"

phase "done"
echo "$me: passed: the hub's content reaches the kiosk and is installed or refused; the kiosk's status and counts reach the hub"
