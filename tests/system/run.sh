#!/usr/bin/env bash
# tests/system/run.sh - the whole-system test: the kiosk package installed
# by deploy/install-pi.sh on Debian 12 in a virtual machine (QEMU, no KVM
# needed), booted, and used through its screen, a touchscreen and USB
# sticks, with power cuts. Every other test runs the program; this one
# runs the system: the service on tty1, KMSDRM with logind, the sandbox of
# kiosk.service, udev and systemd-mount with a real FAT stick, a real kernel
# and file system under kill -9 of the machine.
#
# usage: tests/system/run.sh [--quick] [--arch amd64|arm64] [--power-cuts N]
#   --quick         boot, first page, one tap, one USB install, one power cut
#   --arch ARCH     the guest (default amd64; arm64 boots qemu-system-aarch64 -M virt)
#   --power-cuts N  power cuts while counting and while installing (default 3; --quick 1)
#
# Prints every check and, at the end, figures (not asserted): power-on to
# first page under emulation, and the kiosk's own share of it. Exits 1 if a
# check failed. Needs root (the image is made with chroot; see make-image.sh).
# KIOSK_TEST_CACHE, as for deploy/test-package.sh, names where the disk image
# is kept between runs ($KIOSK_TEST_CACHE/system-test, default
# /var/tmp/kiosk-system-test); it is made again when what it is made from
# changes. The run's files (screens, logs) are in its run/ folder, kept
# when a check fails. The guest has no network; every QEMU started here is
# ended when the script ends, however it ends.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/system
me=run.sh
quick='' arch=amd64 cuts=''
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --arch) [ $# -ge 2 ] || { echo "$me: --arch needs amd64 or arm64" >&2; exit 2; }; arch=$2; shift ;;
    --power-cuts) [[ ${2:-} =~ ^[0-9]+$ ]] || { echo "$me: --power-cuts needs a number" >&2; exit 2; }
                  cuts=$2; shift ;;
    *) sed -n '10,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
  shift
done
[ -n "$cuts" ] || cuts=$([ -n "$quick" ] && echo 1 || echo 3)
case "$arch" in amd64|arm64) ;; *) echo "$me: --arch amd64 or arm64, not $arch" >&2; exit 2 ;; esac
[ "$(id -u)" -eq 0 ] || { echo "$me: needs root (the image is made with chroot)" >&2; exit 1; }

# shellcheck source=../../deploy/lib.sh
source "$top/deploy/lib.sh"
say_errors
step="packages"
# The package list is deploy/dev.sh's system_test_packages.
mapfile -t packages < <(dev_packages system_test_packages)
mapfile -t build_packages < <(dev_build_packages)
qemu_packages=(qemu-system-x86)
if [ "$arch" = arm64 ]; then
  # The arm64 root is made and the package installed in it by chroot, each
  # arm64 program run by qemu-user through binfmt_misc; a container may not
  # have it mounted, and its packages register only where it is.
  qemu_packages=(qemu-system-arm qemu-user-static binfmt-support arch-test)
  [ -e /proc/sys/fs/binfmt_misc/register ] ||
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc ||
    { echo "$me: --arch arm64 needs binfmt_misc, and it cannot be mounted here" >&2; exit 1; }
fi
need_packages "${build_packages[@]}" "${packages[@]}" "${qemu_packages[@]}"
if [ "$arch" = arm64 ] && [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  update-binfmts --enable qemu-aarch64 ||
    { echo "$me: qemu-aarch64 is not registered with binfmt_misc (update-binfmts --enable qemu-aarch64)" >&2; exit 1; }
fi

cache=${KIOSK_TEST_CACHE:+$KIOSK_TEST_CACHE/system-test}
cache=${cache:-/var/tmp/kiosk-system-test}
run=$cache/run
pin=583920
vmctl=$here/vmctl.py
# Debian's python3 (the package list's), not a wrapper earlier in PATH
# (pyenv's shims cost a shell script per call, and this calls it often).
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3)

started=$SECONDS
passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
phase() { step=$*; echo "== $* ($((SECONDS - started)) s)"; }
figures=()
figure() { figures+=("$(printf '  %-56s %s' "$1" "$2")"); echo "   figure: $1: $2"; }

# ---- the virtual machine ----
vm_pid=''
stop_vm() { # ends QEMU at once, as a power cut does
  if [ -n "$vm_pid" ]; then
    kill -9 "$vm_pid" 2>/dev/null || true
    wait "$vm_pid" 2>/dev/null || true
    vm_pid=''
  fi
}
finish() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -n "$vm_pid" ]; then
    timeout 60 "$py" "$vmctl" exec "$run/qga.sock" -- journalctl -b --no-pager > "$run/journal.txt" 2>&1 || true
    echo "$me: the guest's journal is in $run/journal.txt" >&2
  fi
  stop_vm
  exfat_close
  [ "${hung_boots:-0}" -eq 0 ] ||
    figure "boots whose kernel hung under emulation, powered on again" "$hung_boots"
  if [ "${#figures[@]}" -gt 0 ]; then
    echo
    echo "$me: figures ($arch, QEMU without KVM)"
    printf '%s\n' "${figures[@]}"
  fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

qmp() { "$py" "$vmctl" qmp "$run/qmp.sock" "$@"; }
# guest COMMAND... : runs it in the guest (through the guest agent).
guest() { "$py" "$vmctl" exec "$run/qga.sock" --timeout 120 -- "$@"; }
guest_sh() { guest /bin/sh -c "$1"; }

case "$arch" in
  amd64)
    # Not -cpu max: its AVX2 lets Mesa's llvmpipe generate gathers
    # (vpgatherdd), and under this QEMU's emulation (7.2, the first with
    # AVX2 in TCG) the kiosk died with SIGSEGV on one now and then, inside
    # llvmpipe's generated code (the core, read with gdb). A Pi has no AVX;
    # a CPU without it is the fairer stand-in.
    qemu=(qemu-system-x86_64 -machine q35 -cpu Nehalem -m 2048 -smp 2 -device virtio-vga)
    console=ttyS0 ;;
  arm64)
    qemu=(qemu-system-aarch64 -machine virt -cpu max -m 2048 -smp 2 -device virtio-gpu-pci)
    console=ttyAMA0 ;;
esac
boot_count=0 hung_boots=0
# power_on : starts QEMU on the same disk as before, its console in
# run/console-N.log. Sets vm_started (seconds, host time).
power_on() {
  boot_count=$((boot_count + 1))
  rm -f "$run/qmp.sock" "$run/qga.sock"
  vm_started=$(date +%s.%N)
  "${qemu[@]}" -accel tcg,thread=multi -nodefaults -display none -no-user-config \
    -kernel "$image/vmlinuz" -initrd "$image/initrd.img" \
    -append "root=/dev/vda rw console=$console $(cat "$image/cmdline")" \
    -drive "file=$run/disk.qcow2,if=virtio,format=qcow2" \
    -serial "file:$run/console-$boot_count.log" \
    -qmp "unix:$run/qmp.sock,server=on,wait=off" \
    -chardev "socket,path=$run/qga.sock,server=on,wait=off,id=qga0" \
    -device virtio-serial -device virtserialport,chardev=qga0,name=org.qemu.guest_agent.0 \
    -device qemu-xhci,id=xhci -nic none -rtc base=utc \
    > "$run/qemu-$boot_count.log" 2>&1 &
  vm_pid=$!
  local i
  for i in $(seq 50); do [ -S "$run/qga.sock" ] && break; sleep 0.2; done
}
# kernel_stuck CONSOLE.log : true when the guest's kernel says a CPU has
# made no progress for 100 s or more ("soft lockup - CPU#1 stuck for 104s").
kernel_stuck() {
  grep -oE 'soft lockup - CPU#[0-9]+ stuck for [0-9]+s' "$1" 2>/dev/null |
    awk '{ s = $NF + 0; if (s > m) m = s } END { exit !(m >= 100) }'
}
# start_vm : powers the machine on and waits for the guest agent.
# Once in CI (stop 25) the guest's kernel hung under QEMU's emulation a few
# seconds into boot, before any of the kiosk ran ("watchdog: BUG: soft
# lockup - CPU#1 stuck for 45s! [kworker/u4:1:25]", then for 540 s), and
# did not recover; 12 boots of the same image on the same machine came up
# in 20-24 s each. Such a boot is not the kiosk's fault, and for the
# machine it is one more power cut: it is powered off and on again, at most
# twice, said here and counted in the figures. A guest that hangs three
# times, or does not answer within 600 s, fails the test.
start_vm() {
  local tries waited
  for tries in 1 2 3; do
    power_on
    waited=0
    while [ "$waited" -lt 600 ]; do
      "$py" "$vmctl" ga-wait "$run/qga.sock" 10 2>/dev/null && return 0
      waited=$((waited + 10))
      kernel_stuck "$run/console-$boot_count.log" && break
    done
    grep -E 'soft lockup|BUG|panic' "$run/console-$boot_count.log" | tail -5 || true
    if [ "$waited" -ge 600 ] || [ "$tries" -eq 3 ]; then
      tail -20 "$run/console-$boot_count.log"
      echo "$me: the guest did not come up (its console: $run/console-$boot_count.log)" >&2
      return 1
    fi
    hung_boots=$((hung_boots + 1))
    echo "   the guest's kernel hung $waited s into boot $boot_count (a CPU stuck for 100 s or more; its console: $run/console-$boot_count.log); powering it off and on again"
    stop_vm
  done
}

# wait_ready : waits until kiosk.service is up (its READY=1: the first frame
# is on screen); sets ready_seconds (host time since power-on).
wait_ready() {
  local state i
  for i in $(seq 300); do
    state=$(guest systemctl show -p ActiveState,SubState --value kiosk.service | tr '\n' ' ')
    if [ "$state" = "active running " ]; then
      ready_seconds=$(awk -v a="$(date +%s.%N)" -v b="$vm_started" 'BEGIN { printf "%.1f", a - b }')
      return 0
    fi
    sleep 1
  done
  guest journalctl -b -u kiosk --no-pager | tail -30
  echo "$me: kiosk.service did not become ready (last state: $state)" >&2
  return 1
}

# log_count PATTERN : how many lines of the kiosk's log this boot match.
log_count() { guest journalctl -b -u kiosk -o cat --no-pager | grep -cE -- "$1" || true; }
# wait_log PATTERN COUNT SECONDS : waits until more than COUNT lines match.
wait_log() {
  local i
  for i in $(seq "$3"); do
    [ "$(log_count "$1")" -gt "$2" ] && return 0
    sleep 1
  done
  return 1
}

# ---- the screen ----
# screen NAME : the screen as it is now, in run/NAME.png.
screen() {
  qmp screendump "{\"filename\": \"$run/$1.ppm\"}" > /dev/null
  convert "$run/$1.ppm" "$run/$1.png" && rm -f "$run/$1.ppm"
}
# difference A.png B.png : the normalised RMSE (0 same, 1 opposite).
difference() { compare -metric RMSE "$1" "$2" null: 2>&1 | sed -E 's/.*\((.*)\)/\1/' || true; }
# Another page, or the longer text, differs by 0.2 to 0.35; in attract mode
# the language button names the other languages in turn (not what kiosk
# render draws), 0.034 to 0.039 at 1280x800.
tolerance=0.05
# looks_like "what" NAME RENDERED.png : the screen NAME matches the page.
looks_like() {
  local d
  d=$(difference "$run/$2.png" "$3")
  if awk -v d="$d" -v t="$tolerance" 'BEGIN { exit !(d + 0 <= t && d != "") }'; then
    pass "$1 (screen $2.png differs from $(basename "$3") by $d RMSE, at most $tolerance)"
  else
    fail "$1 (screen $2.png differs from $3 by ${d:-?} RMSE, more than $tolerance)"
  fi
}
# settle_screen NAME RENDERED.png SECONDS : takes screens until one matches
# the page (an animation, a slow emulated CPU), at most SECONDS.
settle_screen() {
  local i d
  for i in $(seq "$3"); do
    screen "$1"
    d=$(difference "$run/$1.png" "$2")
    awk -v d="$d" -v t="$tolerance" 'BEGIN { exit !(d + 0 <= t && d != "") }' && return 0
    sleep 1
  done
  return 0
}

# first_screen NAME RENDERED.png : the screen after the kiosk said READY.
# Under QEMU's virtio-gpu the kiosk's very first frame did not reach the
# screen, which stayed black until a second one; the kiosk now draws its
# first frame twice (shell.c). A black screen here is a failure; a finger
# then drags a little and slowly back (a redraw, no page change) so that
# the rest of the run can go on.
first_screen() {
  local mean
  sleep 3
  screen "$1-ready"
  mean=$(convert "$run/$1-ready.png" -format '%[fx:mean]' info:)
  if awk -v m="$mean" 'BEGIN { exit !(m < 0.01) }'; then
    fail "the screen is black 3 s after READY ($1-ready.png)"
    guest python3 /usr/local/lib/kiosk-test/touchd.py path 800 0.9 0.5 0.87 0.5 0.9 0.5
    sleep 3
  fi
  settle_screen "$1" "$2" 30
  mean=$(convert "$run/$1.png" -format '%[fx:mean]' info:)
  if awk -v m="$mean" 'BEGIN { exit !(m < 0.01) }'; then
    # Black still: the kiosk may have been restarted meanwhile (check_no_crash says).
    echo "   note: still black; the kiosk's log: $(guest journalctl -b -u kiosk.service -o cat --no-pager | grep -cE 'Main process exited') exits this boot"
    wait_ready
    guest python3 /usr/local/lib/kiosk-test/touchd.py path 800 0.9 0.5 0.87 0.5 0.9 0.5
    sleep 3
    settle_screen "$1" "$2" 30
  fi
  looks_like "the first page on screen is what kiosk render draws ($1)" "$1" "$2"
}

# tap_for NAME RENDERED.png : taps the middle of the screen until the screen
# is RENDERED.png (twice at most: on a busy machine the emulated kiosk has
# missed a tap that came while a page was still springing back).
tap_for() {
  local try d
  for try in 1 2; do
    touch_at tap $((screen_w / 2)) $((screen_h / 2))
    settle_screen "$1" "$2" 10
    d=$(difference "$run/$1.png" "$2")
    awk -v d="$d" -v t="$tolerance" 'BEGIN { exit !(d + 0 <= t && d != "") }' && return 0
    echo "   note: the tap did not show $(basename "$2") (try $try)"
  done
}

# page_png DIR N [-detail] : kiosk render's picture of page N (or of the
# first screen of its longer text) in DIR.
page_png() {
  local f n=0
  for f in "$1"/*.png; do
    [[ $f == *-detail* ]] && continue
    n=$((n + 1))
    if [ "$n" -eq "$2" ]; then echo "${f%.png}${3:-}.png"; return 0; fi
  done
  echo "$me: kiosk render drew no page $2 in $1" >&2
  return 1
}

# ---- touch ----
# touch GESTURE X Y ... : in pixels of the screen; touchd.py wants fractions.
touch_at() {
  local gesture=$1; shift
  local args=() i=0 v
  for v in "$@"; do
    if [ "$gesture" != tap ] && [ $i -eq $(($# - 1)) ]; then args+=("$v")   # a duration
    elif [ $((i % 2)) -eq 0 ]; then args+=("$(awk -v v="$v" -v w="$screen_w" 'BEGIN { printf "%.5f", (v + 0.5) / w }')")
    else args+=("$(awk -v v="$v" -v h="$screen_h" 'BEGIN { printf "%.5f", (v + 0.5) / h }')"); fi
    i=$((i + 1))
  done
  guest python3 /usr/local/lib/kiosk-test/touchd.py "$gesture" "${args[@]}"
}
# press SCREEN CONTROL : taps a control of the staff screen, where
# kiosk-staff-taps (the layout code) says it is.
press() {
  local xy
  xy=$(awk -v s="$1" -v c="$2" '$1 == s && $2 == c { print $3, $4 }' "$run/taps.txt")
  [ -n "$xy" ] || { echo "$me: no control $2 on the staff screen $1" >&2; return 1; }
  # shellcheck disable=SC2086 # two numbers
  touch_at tap $xy
  sleep 0.5
}

# ---- USB sticks ----
stick_count=0
# plug_stick IMAGE : a USB stick with that disk image is plugged in.
plug_stick() {
  stick_count=$((stick_count + 1))
  stick_id=stick$stick_count
  qmp blockdev-add "{\"driver\": \"raw\", \"node-name\": \"$stick_id\",
    \"file\": {\"driver\": \"file\", \"filename\": \"$1\"}}" > /dev/null
  qmp device_add "{\"driver\": \"usb-storage\", \"id\": \"${stick_id}dev\", \"drive\": \"$stick_id\",
    \"bus\": \"xhci.0\", \"removable\": true}" > /dev/null
}
# pull_stick : the stick plugged last is pulled out.
pull_stick() {
  local i
  qmp device_del "{\"id\": \"${stick_id}dev\"}" > /dev/null
  for i in $(seq 30); do
    qmp blockdev-del "{\"node-name\": \"$stick_id\"}" > /dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "$me: the stick $stick_id did not go away" >&2
  return 1
}
# make_fat_stick IMAGE CONTENT_DIR : a 64 MB FAT32 stick with kiosk-content/
# (a copy of CONTENT_DIR) and an empty kiosk-reports/, made with mtools.
make_fat_stick() {
  rm -f "$1"
  mkfs.vfat -F 32 -n KIOSKTEST -C "$1" $((64 * 1024)) > /dev/null
  mmd -i "$1" ::kiosk-content ::kiosk-reports
  mcopy -s -i "$1" "$2"/* ::kiosk-content/
}

# make_exfat_stick IMAGE CONTENT_DIR : the same on a 64 MB exFAT stick.
# mtools does not write exFAT, and this machine's kernel may not mount it:
# the image is filled through exfat-fuse on a loop device.
make_exfat_stick() {
  rm -f "$1"
  truncate -s 64M "$1"
  mkfs.exfat -n KIOSKEX "$1" > /dev/null
  exfat_open "$1"
  mkdir -p "$exfat_mnt/kiosk-content" "$exfat_mnt/kiosk-reports"
  cp -r "$2"/. "$exfat_mnt/kiosk-content/"
  exfat_close
}
# exfat_open IMAGE / exfat_close : the stick's files in $exfat_mnt meanwhile.
exfat_mnt=''
exfat_dev=''
exfat_open() {
  exfat_mnt=$run/exfat-files
  mkdir -p "$exfat_mnt"
  exfat_dev=$(losetup -f --show "$1")
  mount.exfat-fuse "$exfat_dev" "$exfat_mnt" > /dev/null
}
exfat_close() {
  umount "$exfat_mnt" 2>/dev/null || true
  [ -z "$exfat_dev" ] || losetup -d "$exfat_dev" 2>/dev/null || true
  exfat_dev=''
}

# stick_pin IMAGE : plugs the stick, waits until the kiosk has judged it,
# and taps the PIN on the keypad; returns when the PIN is accepted.
stick_pin() {
  local judged accepted
  judged=$(log_count 'USB stick content:')
  plug_stick "$1"
  wait_log 'USB stick content:' "$judged" 60 || { echo "$me: the kiosk did not read the stick" >&2; return 1; }
  sleep 2
  local i
  for ((i = 0; i < ${#pin}; i++)); do press pin "${pin:i:1}"; done
  accepted=$(log_count 'Staff PIN: accepted')
  press pin ok
  wait_log 'Staff PIN: accepted' "$accepted" 30 || { echo "$me: the PIN was not accepted" >&2; return 1; }
  sleep 2
}

# counts_total : every count in counts.db added up (as the kiosk user).
counts_total() {
  guest runuser -u kiosk -- sqlite3 /var/lib/kiosk/counts.db \
    "SELECT (SELECT total(shown) + total(opened) + total(read_seconds) FROM page_day) +
            (SELECT total(visits) FROM visit_day);" | cut -d. -f1
}

# check_no_crash "when" : the kiosk did not crash this boot (SIGSEGV, SIGBUS,
# SIGFPE, SIGILL: systemd restarts it, so only its log tells).
check_no_crash() {
  local crashes
  crashes=$(guest journalctl -b -u kiosk.service -o short --no-pager |
            grep -E 'Main process exited, code=(killed|dumped), status=(11/SEGV|7/BUS|8/FPE|4/ILL)' || true)
  if [ -z "$crashes" ]; then
    pass "the kiosk did not crash ($1)"
  else
    fail "the kiosk crashed ($1); systemd restarted it:"; sed 's/^/    /' <<<"$crashes"
    # What it said last, and its stack (systemd-coredump, in the image).
    echo "    its last words:"
    guest journalctl -b -u kiosk.service -o cat --no-pager | grep -B12 -m1 'code=killed\|code=dumped' |
      sed 's/^/      /' || true
    guest coredumpctl info --no-pager kiosk 2>&1 | sed -n '/Stack trace/,/^$/p' | head -40 |
      sed 's/^/    /' || true
    guest sync >/dev/null || true   # the core onto the disk, before any power cut
  fi
}

# boot_figures : power-on to first page, and the kiosk's share, this boot.
# The boot, split (guest monotonic clock, from the journal): the kernel
# and initrd until systemd runs from the real root; systemd until it starts
# kiosk.service; the kiosk's own share until READY (its first frame), with
# the CPU time of its cgroup (the kiosk and its picture worker) then.
boot_figures() {
  local what=$1 lines start ready pid1 cpu
  figure "$what: power-on to first page (host clock)" "$(printf '%.1f s' "$ready_seconds")"
  lines=$(guest journalctl -b -o short-monotonic --no-pager -u kiosk.service)
  start=$(grep -m1 -E 'Starting kiosk.service' <<<"$lines" | sed -E 's/^\[ *([0-9.]+)\].*/\1/')
  ready=$(grep -m1 -E 'Started kiosk.service' <<<"$lines" | sed -E 's/^\[ *([0-9.]+)\].*/\1/')
  # systemd's first line from the real root (after the initrd's switch).
  # (Not _PID=1: its first lines come through the kernel's log, without it.)
  pid1=$(guest journalctl -b -o short-monotonic --no-pager |
    grep -E 'systemd\[1\]: systemd [0-9]+.* running in system mode' | tail -1 |
    sed -E 's/^\[ *([0-9.]+)\].*/\1/' || true)
  cpu=$(guest systemctl show -p CPUUsageNSec --value kiosk.service || true)
  if [ -n "$start" ] && [ -n "$ready" ]; then
    figure "$what: kernel start to READY (guest journal)" "$(printf '%.1f' "$ready") s"
    if [ -n "$pid1" ]; then
      figure "$what: kernel and initrd, to systemd on the root" "$(printf '%.1f' "$pid1") s"
      figure "$what: systemd, to starting kiosk.service" "$(awk -v a="$start" -v b="$pid1" 'BEGIN { printf "%.1f", a - b }') s"
    fi
    figure "$what: the kiosk's share, service start to READY" "$(awk -v a="$ready" -v b="$start" 'BEGIN { printf "%.1f", a - b }') s"
    [[ $cpu =~ ^[0-9]+$ ]] &&
      figure "$what: the kiosk's CPU time at READY (emulated CPU)" "$(awk -v n="$cpu" 'BEGIN { printf "%.0f ms", n / 1e6 }')"
  fi
}

# ==== 1. the package and the image ====
phase "the package (cpack -G DEB in build-package/) and kiosk-staff-taps"
if [ "$arch" = amd64 ]; then
  build=$top/build-package
  cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_TESTS=OFF >/dev/null
  cmake --build "$build" -j"$(nproc)" >/dev/null
  (cd "$build" && rm -f kiosk_*.deb && cpack -G DEB >/dev/null)
  deb=$(ls "$build"/kiosk_*_amd64.deb)
else
  "$top/deploy/cross-build-arm64.sh" "$top/build-arm64" >/dev/null
  deb=$(ls "$top"/build-arm64/kiosk_*_arm64.deb)
  build=$top/build-package
  cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_TESTS=OFF >/dev/null
  cmake --build "$build" -j"$(nproc)" >/dev/null
fi
cmake --build "$build" --target kiosk-staff-taps >/dev/null
kiosk=$build/kiosk
echo "$me: $deb"

phase "the disk image (tests/system/make-image.sh)"
image_started=$SECONDS
"$here/make-image.sh" "$arch" "$deb" "$pin" "$cache"
image=$cache/image-$arch
figure "making the image (0 when it was up to date)" "$((SECONDS - image_started)) s"

remove_tree "$run"
mkdir -p "$run"
qemu-img create -q -f qcow2 -b "$image/disk.img" -F raw "$run/disk.qcow2"

# ==== 2. boot: the first page, as kiosk render draws it ====
phase "boot"
start_vm
wait_ready
pass "kiosk.service is up (READY) after $(printf '%.0f' "$ready_seconds") s"
boot_figures "first boot"
geometry=$(guest journalctl -b -u kiosk -o cat --no-pager | sed -nE 's/.*Screen ([0-9]+)x([0-9]+), rotation.*/\1 \2/p' | tail -1)
read -r screen_w screen_h <<<"$geometry"
[ -n "${screen_h:-}" ] || { echo "$me: the kiosk's log names no screen size" >&2; exit 1; }
echo "$me: the kiosk's screen is ${screen_w}x$screen_h"
"$build/kiosk-staff-taps" "$screen_w" "$screen_h" 7 > "$run/taps.txt"
"$kiosk" render "$top/content" --out "$run/render-own" --size "${screen_w}x$screen_h" --screen-inches 7 > /dev/null
first_page=$(page_png "$run/render-own" 1)
first_screen boot "$first_page"
check_sandbox() {
  local line
  line=$(guest systemctl show -p User,NoNewPrivileges,DevicePolicy kiosk.service | tr '\n' ' ')
  if grep -q "User=kiosk" <<<"$line" && grep -q "NoNewPrivileges=yes" <<<"$line" &&
     grep -q "DevicePolicy=closed" <<<"$line"; then
    pass "the kiosk runs sandboxed as in kiosk.service ($line)"
  else
    fail "the kiosk's sandbox ($line)"
  fi
}
check_sandbox

# ==== 3. touch ====
phase "touch: a uinput touchscreen in the guest"
detail=$(page_png "$run/render-own" 1 -detail)
tap_for tap "$detail"
looks_like "a tap opens the page's longer text" tap "$detail"
if [ -z "$quick" ]; then
  second=$(page_png "$run/render-own" 2)
  guest systemctl restart kiosk.service   # back to the first page, in attract mode
  wait_ready
  touch_at swipe $((screen_w * 4 / 5)) $((screen_h / 2)) $((screen_w / 5)) $((screen_h / 2)) 300
  settle_screen swipe "$second" 15
  looks_like "a swipe to the left turns to the second page" swipe "$second"
  second_detail=$(page_png "$run/render-own" 2 -detail)
  tap_for tap2 "$second_detail"
  looks_like "a tap opens the second page's longer text" tap2 "$second_detail"
  sleep 20   # idle_seconds in the test's kiosk.ini
  settle_screen idle "$second" 30
  looks_like "after the idle time-out (20 s) the kiosk is back in attract mode" idle "$second"
fi

# ==== 5. the watchdog ====
# watchdog_case SIGNAL : the kiosk gets SIGNAL; times from the guest's
# journal: until systemd starts it again, and until the new one is READY.
watchdog_case() {
  local sig=$1 pid sent lines restart ready i state
  pid=$(guest systemctl show -p MainPID --value kiosk.service)
  sent=$(guest_sh "date +%s.%N; kill -$sig $pid" | head -1)
  for i in $(seq 180); do
    state=$(guest systemctl show -p MainPID,ActiveState,SubState --value kiosk.service | tr '\n' ' ')
    read -r new_pid new_state new_sub <<<"$state"
    [ "$new_pid" != "$pid" ] && [ "$new_pid" != 0 ] && [ "$new_state $new_sub" = "active running" ] && break
    sleep 1
  done
  lines=$(guest journalctl -u kiosk.service -o short-unix --no-pager --since "@${sent%.*}")
  restart=$(grep -E 'Starting kiosk.service' <<<"$lines" | tail -1 | cut -d' ' -f1)
  ready=$(grep -E 'Started kiosk.service' <<<"$lines" | tail -1 | cut -d' ' -f1)
  if [ -n "$ready" ] && [ "$new_pid" != "$pid" ]; then
    pass "SIG$sig: systemd restarted the kiosk (pid $pid, now $new_pid)"
    figure "SIG$sig: signal to restart begun (systemd)" "$(awk -v a="$restart" -v b="$sent" 'BEGIN { printf "%.1f s", a - b }')"
    figure "SIG$sig: signal to first frame again (with TCG's slow start)" "$(awk -v a="$ready" -v b="$sent" 'BEGIN { printf "%.1f s", a - b }')"
  else
    fail "SIG$sig: the kiosk did not come back"; sed 's/^/    /' <<<"$lines"
  fi
}
if [ -z "$quick" ]; then
  phase "the watchdog: SIGSTOP (a hang) and SIGKILL (a crash)"
  watchdog_case STOP
  watchdog_case KILL
  echo "   (on a Pi: a hang is back within 13 s (WatchdogSec 8 + 3 s to abort + 1 s RestartSec + about 1 s to start),"
  echo "    a crash within 2 s; this guest has WatchdogSec 30 (make-image.sh) and starts slowly, so expect 34 s + start and 1 s + start)"
fi

# ==== 6. opening hours ====
# The guest's clock set to just before closing time, and marked synchronised
# as NTP would (adjtimex: STA_UNSYNC off), since the kiosk keeps the screen
# on while the clock may be wrong.
mark_clock_synced='import ctypes
class Timex(ctypes.Structure):
    _fields_ = [("modes", ctypes.c_uint), ("offset", ctypes.c_long), ("freq", ctypes.c_long),
                ("maxerror", ctypes.c_long), ("esterror", ctypes.c_long), ("status", ctypes.c_int),
                ("rest", ctypes.c_byte * 256)]
t = Timex(modes=0x0004 | 0x0010, maxerror=0, status=0)  # ADJ_MAXERROR | ADJ_STATUS
assert ctypes.CDLL(None, use_errno=True).adjtimex(ctypes.byref(t)) >= 0'
if [ -z "$quick" ]; then
  phase "opening hours: the screen goes dark at closing time (DPMS), a touch wakes it"
  guest_sh "sed -i 's/^\\[hours\\]\$/&\\nmonday = 08:00-18:00\\ntuesday = 08:00-18:00\\nwednesday = 08:00-18:00\\nthursday = 08:00-18:00\\nfriday = 08:00-18:00\\nsaturday = 08:00-18:00\\nsunday = 08:00-18:00/' /etc/kiosk/kiosk.ini"
  guest date -s "$(date -u +%F) 17:59:00" > /dev/null
  guest python3 -c "$mark_clock_synced"
  guest systemctl restart kiosk.service
  wait_ready
  closed=$(log_count 'Screen off:')
  if wait_log 'Screen off:' "$closed" 120; then
    pass "at 18:00 the kiosk turned the screen off ($(guest journalctl -b -u kiosk -o cat --no-pager | grep 'Screen off:' | tail -1))"
  else
    fail "the screen did not go off at 18:00"
  fi
  sleep 2
  screen closed
  dpms=$(guest cat /sys/class/drm/card0-Virtual-1/dpms 2>/dev/null || echo "?")
  if [ "$dpms" = Off ]; then pass "the display is off through DPMS (/sys/class/drm/card0-Virtual-1/dpms: Off)"
  else fail "DPMS is $dpms after closing time"; fi
  touch_at tap $((screen_w / 2)) $((screen_h / 2))
  sleep 3
  dpms=$(guest cat /sys/class/drm/card0-Virtual-1/dpms 2>/dev/null || echo "?")
  screen woken
  mean=$(convert "$run/woken.png" -format '%[fx:mean]' info:)
  if [ "$dpms" = On ] && awk -v m="$mean" 'BEGIN { exit !(m > 0.3) }'; then
    pass "a touch wakes the screen (DPMS On, the screen not dark: mean $mean)"
  else
    fail "a touch did not wake the screen (DPMS $dpms, mean $mean)"
  fi
  guest_sh "sed -i '/^[a-z]*day = 08:00-18:00\$/d' /etc/kiosk/kiosk.ini"
  guest systemctl restart kiosk.service
  wait_ready
fi

# ==== 4. USB: a FAT32 stick, the PIN, an install, a report ====
phase "USB: a FAT32 stick with new content, the staff PIN, install, report"
new_content=$top/tests/scenarios/sticks/new/kiosk-content
make_fat_stick "$run/stick-fat.img" "$new_content"
"$kiosk" render "$new_content" --out "$run/render-new" --size "${screen_w}x$screen_h" --screen-inches 7 > /dev/null
new_page=$(page_png "$run/render-new" 1)
judged=$(log_count 'USB stick content:')
plug_stick "$run/stick-fat.img"
if wait_log 'USB stick content:' "$judged" 60; then
  pass "udev, kiosk-usb-mount and systemd-mount: the kiosk read the stick ($(guest journalctl -b -u kiosk -o cat --no-pager | grep -E 'USB stick content:' | tail -1))"
else
  fail "the kiosk did not read the stick"
  guest journalctl -b --no-pager | grep -iE 'usb|sd[a-z]|mount' | tail -20
fi
guest findmnt -n -o SOURCE,FSTYPE,OPTIONS /media/usb || true
sleep 2
screen staff-pin
for ((i = 0; i < ${#pin}; i++)); do press pin "${pin:i:1}"; done
accepted=$(log_count 'Staff PIN: accepted')
press pin ok
if wait_log 'Staff PIN: accepted' "$accepted" 30; then pass "the PIN tapped on the keypad is accepted"; else fail "the PIN tapped on the keypad"; fi
sleep 2
screen staff-menu
installed=$(log_count 'Installed new content from')
press menu install
if wait_log 'Installed new content from' "$installed" 120; then pass "Install: the kiosk installed the stick's content"; else fail "Install"; fi
sleep 2
screen staff-installed
press result result-ok
saved=$(log_count 'Visit report saved:')
press menu-installed report
if wait_log 'Visit report saved:' "$saved" 60; then pass "Save visit report: the kiosk wrote it"; else fail "Save visit report"; fi
sleep 2
screen staff-report
press result result-ok
press menu-installed close
settle_screen new-page "$new_page" 20
looks_like "the new content's first page is on screen" new-page "$new_page"
removed=$(log_count 'USB stick removed')
pull_stick
if wait_log 'USB stick removed' "$removed" 30; then pass "device_del: the kiosk saw the stick go"; else fail "the kiosk did not see the stick go"; fi
mdir -i "$run/stick-fat.img" -b ::kiosk-reports > "$run/reports.txt" 2>&1 || true
csv=$(grep -m1 '\.csv$' "$run/reports.txt" || true)
png=$(grep -m1 '\.png$' "$run/reports.txt" || true)
if [ -n "$csv" ] && mcopy -n -i "$run/stick-fat.img" "$csv" "$run/report.csv" &&
   grep -q 'shown' "$run/report.csv"; then
  pass "the report's CSV reads back from the stick with mtools ($(basename "$csv"), $(wc -l < "$run/report.csv") lines)"
else
  fail "no readable report CSV on the stick ($(tr '\n' ' ' < "$run/reports.txt"))"
fi
if [ -n "$png" ] && mcopy -n -i "$run/stick-fat.img" "$png" "$run/report.png" &&
   identify "$run/report.png" > /dev/null 2>&1; then
  pass "the report's PNG reads back from the stick ($(identify -format '%wx%h' "$run/report.png"))"
else
  fail "no readable report PNG on the stick"
fi

# ==== 7. power cuts ====
# cut_power "what" : kill -9 of QEMU, boot again, and check: the file system
# came back, counts.db is sound and kept every commit, the content is one
# whole version, and a page is on screen.
cut=0
cut_power() {
  local what=$1 before=$2 content_before=$3   # content_before: DATA/content/current before
  cut=$((cut + 1))
  check_no_crash "boot $boot_count, before power cut $cut"
  stop_vm
  echo "   power cut $cut: $what"
  start_vm
  wait_ready
  boot_figures "after power cut $cut"
  local replay integrity after current
  replay=$(guest_sh 'dmesg | grep -E "EXT4-fs \(vda\): (recovery complete|orphan|mounted)" | tr "\n" " "' || true)
  echo "   the kernel: $replay"
  integrity=$(guest runuser -u kiosk -- sqlite3 /var/lib/kiosk/counts.db 'PRAGMA integrity_check;' 2>&1 || true)
  if [ "$integrity" = ok ]; then pass "power cut $cut: counts.db integrity_check ok"
  else fail "power cut $cut: counts.db integrity_check: $integrity"; fi
  after=$(counts_total)
  if [ -n "$after" ] && [ "$after" -ge "$before" ]; then
    pass "power cut $cut: the counts committed before it are kept ($before then, $after now)"
  else
    fail "power cut $cut: counts went from $before to ${after:-nothing}"
  fi
  current=$(guest readlink /var/lib/kiosk/content/current || true)
  local shown=/var/lib/kiosk/content/$current
  [ -n "$current" ] || shown=/usr/share/kiosk/content   # nothing installed: the bundled pages
  if guest runuser -u kiosk -- kiosk check "$shown" > "$run/check-$cut.log" 2>&1; then
    pass "power cut $cut: the content on the kiosk is one whole version (${current:-the bundled pages}; kiosk check passes; before the cut: ${content_before:-the bundled pages})"
  else
    fail "power cut $cut: the content $shown does not pass kiosk check"; sed 's/^/    /' "$run/check-$cut.log"
  fi
  # The page on screen: the stick's 2 pages if that install is current,
  # else the kiosk's own (bundled, or installed from the big stick).
  local page renders=$run/render-own
  [ -z "$current" ] || [ "$current" != "$installed_version" ] || renders=$run/render-new
  page=$(page_png "$renders" 1)
  first_screen "cut-$cut" "$page"
}

installed_version=$(guest readlink /var/lib/kiosk/content/current || true)   # the stick's 2 pages
big_stick=$run/stick-big.img
make_fat_stick "$big_stick" "$top/content"   # the kiosk's own 7 pages: a longer install
# The same pages with one more blank line at the end of the last page's
# file: the same screens, other bytes. A power cut that came after an
# install from one stick had ended leaves that content on screen, and then
# the kiosk rightly offers no install of the same stick (its menu says it
# is on screen already, and the buttons move); the next install cut uses
# the other one (big_stick_for_install).
big_content_b=$run/content-b
rm -rf "$big_content_b"
cp -r "$top/content" "$big_content_b"
big_last=$(cd "$big_content_b/pages" && ls ./*.md | sort | tail -1)
big_last=${big_last#./}
echo >> "$big_content_b/pages/$big_last"
big_stick_b=$run/stick-big-b.img
make_fat_stick "$big_stick_b" "$big_content_b"
# big_stick_for_install : the big stick whose content is not on screen.
big_stick_for_install() {
  local on_screen
  on_screen=$(guest sha256sum "/var/lib/kiosk/content/current/pages/$big_last" 2>/dev/null | cut -c1-64 || true)
  if [ "$on_screen" = "$(sha256sum "$top/content/pages/$big_last" | cut -c1-64)" ]; then
    echo "$big_stick_b"
  else
    echo "$big_stick"
  fi
}

# ==== 4b. a stick pulled out in the middle of an install ====
if [ -z "$quick" ]; then
  phase "USB: a stick pulled out in the middle of an install"
  stick_pin "$big_stick"
  started_installs=$(log_count 'Installing new content from')
  press menu-rollback install
  wait_log 'Installing new content from' "$started_installs" 60
  ended=$(log_count 'Installed new content from|kiosk: install:')
  succeeded=$(log_count 'Installed new content from')
  pull_stick
  wait_log 'Installed new content from|kiosk: install:' "$ended" 120 || true
  now_version=$(guest readlink /var/lib/kiosk/content/current || true)
  if [ "$(log_count 'Installed new content from')" -gt "$succeeded" ]; then
    echo "   note: the install ended before the stick was pulled; nothing checked"
    new_page=$first_page   # the big stick holds the kiosk's own pages
  elif [ "$now_version" = "$installed_version" ]; then
    pass "the install failed and the content before is still installed ($now_version; the log: $(guest journalctl -b -u kiosk -o cat --no-pager | grep 'kiosk: install:' | tail -1))"
  else
    fail "the install went on without the stick: $installed_version became $now_version"
  fi
  sleep 2
  screen pulled-result
  press result result-ok
  press menu-nostick close
  settle_screen pulled "$new_page" 20
  looks_like "the content before is on screen" pulled "$new_page"
fi

# ==== 4c. an exFAT stick: the kiosk's own pages back, and a report ====
if [ -z "$quick" ]; then
  phase "USB: an exFAT stick"
  make_exfat_stick "$run/stick-exfat.img" "$top/content"
  stick_pin "$run/stick-exfat.img"
  fstype=$(guest findmnt -n -o FSTYPE /media/usb || true)
  if [ "$fstype" = exfat ]; then pass "the exFAT stick is mounted as exfat"
  else fail "the exFAT stick is mounted as ${fstype:-nothing}"; fi
  installed=$(log_count 'Installed new content from')
  press menu-rollback install
  if wait_log 'Installed new content from' "$installed" 180; then
    pass "Install from the exFAT stick"
  else
    fail "Install from the exFAT stick"
  fi
  sleep 2
  press result result-ok
  saved=$(log_count 'Visit report saved:')
  press menu-installed report
  if wait_log 'Visit report saved:' "$saved" 60; then pass "Save visit report onto the exFAT stick"
  else fail "Save visit report onto the exFAT stick"; fi
  sleep 2
  press result result-ok
  settle_screen exfat-menu "$first_page" 3
  # Back to what was there, so that the power cuts below install anew.
  rolled=$(log_count 'Rolled back to')
  press menu-installed rollback
  if wait_log 'Rolled back to' "$rolled" 60; then pass "Roll back, with the exFAT stick in"
  else fail "Roll back, with the exFAT stick in"; fi
  sleep 2
  press result result-ok
  press menu-rollback close
  stick_page=$(page_png "$run/render-new" 1)
  settle_screen exfat-back "$stick_page" 20
  looks_like "after the roll back, the content before is on screen" exfat-back "$stick_page"
  removed=$(log_count 'USB stick removed')
  pull_stick
  wait_log 'USB stick removed' "$removed" 30 || fail "the kiosk did not see the exFAT stick go"
  exfat_open "$run/stick-exfat.img"
  csv=$(ls "$exfat_mnt"/kiosk-reports/*.csv 2>/dev/null | head -1)
  if [ -n "$csv" ] && grep -q shown "$csv"; then
    pass "the report's CSV reads back from the exFAT stick ($(basename "$csv"), $(wc -l < "$csv") lines)"
  else
    fail "no report CSV on the exFAT stick"
  fi
  exfat_close
fi

# ==== 7. power cuts ====
phase "power cuts: while counting$([ "$cuts" -gt 1 ] && echo ", and while installing from a stick")"
for i in $(seq "$cuts"); do
  if [ $((i % 2)) -eq 0 ]; then
    # In the middle of an install from the stick, at a random moment.
    before=$(counts_total)
    version=$(guest readlink /var/lib/kiosk/content/current || true)
    stick_pin "$(big_stick_for_install)"
    started_installs=$(log_count 'Installing new content from')
    press menu-rollback install
    wait_log 'Installing new content from' "$started_installs" 60
    sleep "$((RANDOM % 6)).$((RANDOM % 10))"
    cut_power "while installing (the content before: $version)" "${before:-0}" "$version"
    continue
  fi
  # Counting: taps and swipes, then the staff screen (which commits) and
  # more taps; the power goes at a random moment after them.
  touch_at swipe $((screen_w * 4 / 5)) $((screen_h / 2)) $((screen_w / 5)) $((screen_h / 2)) 300
  touch_at tap $((screen_w / 2)) $((screen_h / 2))
  sleep 3
  guest systemctl restart kiosk.service    # at exit the kiosk commits
  wait_ready
  before=$(counts_total)
  touch_at tap $((screen_w / 2)) $((screen_h / 2))
  sleep "$((RANDOM % 4)).$((RANDOM % 10))"
  cut_power "while counting (counts committed: $before)" "${before:-0}" "$(guest readlink /var/lib/kiosk/content/current || true)"
done

check_no_crash "boot $boot_count"

phase "done"
echo "$me: $passed passed, $failed failed ($((SECONDS - started)) s)"
[ "$failed" -eq 0 ] || { echo "$me: the run's screens and logs are in $run"; exit 1; }
