#!/usr/bin/env bash
# deploy/test-package.sh - tests the amd64 Debian package the way a Pi gets
# it: lintian (no errors), then a clean Debian 12 root (debootstrap) where
# deploy/install-pi.sh installs it with apt, then checks of the files, the
# kiosk user, the data folder, the enabled service (systemd-analyze verify),
# the USB mount helper, the boot settings, a second run (changes nothing),
# removal and purge. Prints every check; exits 1 if any failed. Needs root.
#
# usage: deploy/test-package.sh [DEB | BUILD_DIR]
#   DEB        a kiosk_*_amd64.deb
#   BUILD_DIR  a configured build folder: `cpack -G DEB` runs there first
#   (nothing)  builds build-package/ from this source tree and packages it
#
# Last, in the same clean root after the purge, the quick tests build from
# the source tree's tracked files with only deploy/dev.sh's package list:
# a package missing from that list fails here, whatever this machine has.
#
# KIOSK_TEST_CACHE (default /var/tmp/kiosk-package-test) keeps, between
# runs, the debootstrap root as a tar (unpacked afresh for every run;
# made again when older than 14 days or made another way) and apt's
# downloads (apt checks them against the archive's hashes on every use).
# .ci/run points it at a new empty folder, so CI makes everything afresh.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
me=test-package.sh
cache=${KIOSK_TEST_CACHE:-/var/tmp/kiosk-package-test}
suite=bookworm

[ "$(id -u)" -eq 0 ] || { echo "$me: needs root (debootstrap, chroot)" >&2; exit 1; }
# Everything mounted below lives in a mount namespace of our own, so it all
# goes away when the script ends, however it ends.
if [ -z "${KIOSK_TEST_PRIVATE_MOUNTS:-}" ]; then
  KIOSK_TEST_PRIVATE_MOUNTS=1 exec unshare --mount --propagation private -- "$0" "$@"
fi

# shellcheck source=lib.sh
source "$top/deploy/lib.sh"
say_errors
step="packages: debootstrap, lintian"
need_packages debootstrap lintian file dpkg-dev git

started=$SECONDS
passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
# check "what" command... : passes when the command succeeds.
check() {
  local what=$1; shift
  if "$@" > "$cache/check.log" 2>&1; then pass "$what"; else fail "$what"; sed 's/^/    /' "$cache/check.log"; fi
}
# same "what" ACTUAL EXPECTED : passes when the two are equal.
same() {
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1"; echo "    got \"$2\", want \"$3\""; fi
}
phase() { step=$*; echo "== $* ($((SECONDS - started)) s)"; }

# ---- the package ----
mkdir -p "$cache"
arg=${1:-}
if [ -z "$arg" ] || [ -d "$arg" ]; then
  build=${arg:-$top/build-package}
  if [ -z "$arg" ]; then
    phase "building $build"
    mapfile -t build_packages < <(dev_build_packages)
    need_packages "${build_packages[@]}"
    cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_TESTS=OFF >/dev/null
    cmake --build "$build" -j"$(nproc)" >/dev/null
  fi
  phase "cpack -G DEB in $build"
  rm -f "$build"/kiosk_*.deb
  (cd "$build" && cpack -G DEB >/dev/null)
  deb=$(ls "$build"/kiosk_*_amd64.deb)
else
  deb=$arg
fi
deb=$(realpath "$deb")
echo "$me: testing $deb"
dpkg-deb -f "$deb" Package Version Architecture Depends | sed 's/^/    /'

phase "lintian"
if lintian --fail-on error "$deb" > "$cache/lintian.log" 2>&1; then
  pass "lintian: no errors"
else
  fail "lintian: errors"
fi
grep -E '^[EWI]:' "$cache/lintian.log" | sed 's/^/    /' || true

# ---- a clean Debian 12 root ----
sources=$(host_sources "$suite" | sort -u)
mirror=$(awk -v s="$suite" '$3 == s { print $2; exit }' <<<"$sources")
[ -n "$mirror" ] || { echo "$me: no Debian $suite mirror in /etc/apt/sources.list*" >&2; exit 1; }


base=$cache/$suite-minbase.tar
want_stamp="debootstrap $(dpkg-query -W -f='${Version}' debootstrap) --variant=minbase --arch=amd64 $suite
$sources"
make_base() {
  phase "debootstrap $suite (minbase) from $mirror into $cache"
  remove_tree "$cache/base.tmp"
  rm -f "$base" "$base.stamp"
  debootstrap --variant=minbase --arch=amd64 "$suite" "$cache/base.tmp" "$mirror" \
    > "$cache/debootstrap.log" 2>&1 || { tail -20 "$cache/debootstrap.log"; echo "$me: debootstrap failed" >&2; exit 1; }
  printf '%s\n' "$sources" > "$cache/base.tmp/etc/apt/sources.list"
  cp -L --remove-destination /etc/resolv.conf "$cache/base.tmp/etc/resolv.conf"
  chroot "$cache/base.tmp" apt-get update -qq
  rm -f "$cache"/base.tmp/var/cache/apt/*.bin   # apt makes them again
  tar -C "$cache/base.tmp" -cf "$base.tmp" . && mv "$base.tmp" "$base"
  printf '%s' "$want_stamp" > "$base.stamp"
  remove_tree "$cache/base.tmp"
}
if [ -f "$base" ] && [ "$(cat "$base.stamp" 2>/dev/null)" = "$want_stamp" ] &&
   [ -z "$(find "$base" -mtime +14)" ]; then
  phase "reusing the Debian $suite root $base (made $(date -r "$base" +%F))"
else
  make_base
fi

phase "unpacking a fresh root"
root=$cache/root
remove_tree "$root" && mkdir -p "$root"
if ! tar -C "$root" -xf "$base"; then
  echo "$me: $base does not unpack; making it again"
  make_base
  remove_tree "$root" && mkdir -p "$root"
  tar -C "$root" -xf "$base"
fi
mkdir -p "$cache/apt-archives/partial"
mount -t proc proc "$root/proc"
mount --bind /sys "$root/sys" && mount -o remount,bind,ro "$root/sys"
# A /dev of its own (never the machine's: nothing done in the root can
# touch the machine's device files), with copies of the nodes it needs.
mount -t tmpfs -o mode=755,size=1m tmpfs "$root/dev"
dev_node() { # dev_node /dev/NAME : the same device inside the root
  local type=c
  [ -b "$1" ] && type=b
  mknod -m "$(stat -c %a "$1")" "$root$1" "$type" $((0x$(stat -c %t "$1"))) $((0x$(stat -c %T "$1")))
}
for node in null zero full random urandom tty; do dev_node "/dev/$node"; done
ln -s /proc/self/fd "$root/dev/fd"
mkdir "$root/dev/pts" "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"   # for apt's log
ln -s pts/ptmx "$root/dev/ptmx"
mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
cp -L --remove-destination /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/kiosk.deb"
cp "$top/deploy/install-pi.sh" "$root/tmp/install-pi.sh"
in_root() { chroot "$root" "$@"; }
as_kiosk() { chroot "$root" runuser -u kiosk -- "$@"; }

# A Pi's boot partition, as Raspberry Pi OS Lite ships it.
mkdir -p "$root/boot/firmware"
echo "console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootfstype=ext4 fsck.repair=yes rootwait loglevel=7" \
  > "$root/boot/firmware/cmdline.txt"
printf '%s\n' "dtparam=audio=on" "camera_auto_detect=1" "dtoverlay=vc4-kms-v3d" "max_framebuffers=2" \
  "arm_64bit=1" "[cm4]" "otg_mode=1" "[all]" > "$root/boot/firmware/config.txt"
pi=(/tmp/install-pi.sh --force --deb /tmp/kiosk.deb --no-reboot --boot-dir /boot/firmware)

# ---- install-pi.sh: refusals, then the install ----
phase "install-pi.sh refusals"
# refuses "what" "message it must give" install-pi.sh options...
refuses() {
  local what=$1 message=$2 out; shift 2
  if out=$(in_root /tmp/install-pi.sh "$@" 2>&1 </dev/null); then
    fail "$what (it went on)"
  else
    check "$what" grep -q "$message" <<<"$out"
  fi
}
refuses "install-pi.sh refuses a machine that is not a Pi" "not a Raspberry Pi" \
  --deb /tmp/kiosk.deb --no-reboot --boot-dir /boot/firmware
refuses "install-pi.sh refuses a read-only root without a data partition" "needs --data-partition" \
  "${pi[@]:1}" --read-only-root

phase "install-pi.sh: apt installs the package and its dependencies"
if echo 583920 | in_root "${pi[@]}" > "$cache/install-1.log" 2>&1; then
  pass "install-pi.sh installs (log: $cache/install-1.log)"
else
  fail "install-pi.sh installs"; tail -30 "$cache/install-1.log" | sed 's/^/    /'
fi

phase "checks"
for f in /usr/bin/kiosk /usr/libexec/kiosk/kiosk-usb-mount; do
  check "$f is there and executable" test -x "$root$f"
done
for f in /usr/share/kiosk/assets/theme.ini /usr/share/kiosk/content/content.ini \
         /etc/kiosk/kiosk.ini /lib/systemd/system/kiosk.service /lib/udev/rules.d/99-kiosk-usb.rules \
         /lib/udev/rules.d/99-kiosk-backlight.rules /usr/share/man/man1/kiosk.1.gz \
         /usr/share/doc/kiosk/copyright /usr/share/doc/kiosk/changelog.gz \
         /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf; do
  check "$f is there" test -f "$root$f"
done
# shellcheck disable=SC2016 # ${Conffiles} is dpkg-query's
check "/etc/kiosk/kiosk.ini is a conffile" \
  grep -q '/etc/kiosk/kiosk.ini' <<<"$(in_root dpkg-query -W -f='${Conffiles}' kiosk)"
entry=$(in_root getent passwd kiosk || true)
IFS=: read -r _ _ kiosk_uid _ _ kiosk_home kiosk_shell <<<"$entry"
check "user kiosk exists" test -n "$entry"
check "user kiosk is a system user (uid ${kiosk_uid:-?} < 1000)" test "${kiosk_uid:-1000}" -lt 1000
check "user kiosk: home /var/lib/kiosk, shell nologin" \
  test "$kiosk_home:$kiosk_shell" = "/var/lib/kiosk:/usr/sbin/nologin"
groups=" $(in_root id -nG kiosk) "
for g in video render input audio; do
  check "user kiosk is in group $g" grep -q " $g " <<<"$groups"
done
same "/var/lib/kiosk: kiosk:kiosk, mode 750" "$(in_root stat -c '%U:%G %a' /var/lib/kiosk)" "kiosk:kiosk 750"
same "kiosk.service is enabled (multi-user.target wants it)" \
  "$(readlink "$root/etc/systemd/system/multi-user.target.wants/kiosk.service")" /lib/systemd/system/kiosk.service
# verify also opens the unit's Documentation= (man:kiosk(1)), as on a Pi.
in_root apt-get install -y -qq --no-install-recommends man-db > "$cache/man-db.log" 2>&1 </dev/null ||
  { fail "apt-get install man-db"; tail -5 "$cache/man-db.log"; }
verify=$(in_root systemd-analyze verify /lib/systemd/system/kiosk.service 2>&1; echo "exit $?")
same "systemd-analyze verify kiosk.service: no complaints" "$verify" "exit 0"
in_root systemd-analyze security --offline=true /lib/systemd/system/kiosk.service 2>/dev/null |
  tail -1 | sed 's/^/    (for information) systemd-analyze security: /' || true
check "kiosk --version runs as the kiosk user" as_kiosk kiosk --version
check "kiosk check /usr/share/kiosk/content (bundled pages, fonts) passes" \
  as_kiosk kiosk check /usr/share/kiosk/content
check "the staff PIN from install-pi.sh is set" \
  grep -q '^A staff PIN is set' <<<"$(as_kiosk kiosk pin status 2>&1)"
check "the settings file /etc/kiosk/kiosk.ini is read without complaint" \
  bash -c "out=\$(chroot '$root' runuser -u kiosk -- kiosk pin status 2>&1 >/dev/null) && test -z \"\$out\""
# Its examples, with the ';' taken off, are settings the kiosk accepts.
sed -E 's/^;([a-z_]+ = )/\1/' "$root/etc/kiosk/kiosk.ini" > "$root/tmp/examples.ini"
check "the examples in kiosk.ini are valid settings ($(grep -cE '^[a-z_]+ = ' "$root/tmp/examples.ini") of them)" \
  bash -c "out=\$(chroot '$root' runuser -u kiosk -- kiosk pin status --config /tmp/examples.ini 2>&1 >/dev/null) && test -z \"\$out\""

cmdline=$(cat "$root/boot/firmware/cmdline.txt")
for word in console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootwait \
            consoleblank=0 quiet loglevel=3 logo.nologo vt.global_cursor_default=0; do
  check "cmdline.txt has $word once" test "$(tr ' ' '\n' <<<"$cmdline" | grep -cx -- "$word")" = 1
done
check "cmdline.txt: loglevel=7 was replaced" test "$(grep -o 'loglevel=[0-9]*' <<<"$cmdline")" = loglevel=3
check "cmdline.txt is one line" test "$(wc -l < "$root/boot/firmware/cmdline.txt")" = 1
check "config.txt: disable_splash=1 once, under [all]" \
  test "$(grep -B1 -x 'disable_splash=1' "$root/boot/firmware/config.txt" | tr '\n' ' ')" = "[all] disable_splash=1 "

# The USB mount helper: its options, and what it would ask systemd to do.
opts=$(in_root /usr/libexec/kiosk/kiosk-usb-mount options vfat 2>&1 || true)
check "USB vfat options: rw,nosuid,nodev,noexec, owned by kiosk, flush ($opts)" \
  grep -qE "^rw,nosuid,nodev,noexec,.*uid=$kiosk_uid,gid=[0-9]+,fmask=0137,dmask=0027,flush" <<<"$opts"
opts=$(in_root /usr/libexec/kiosk/kiosk-usb-mount options exfat 2>&1 || true)
check "USB exfat options: rw,nosuid,nodev,noexec, owned by kiosk ($opts)" \
  grep -qE "^rw,nosuid,nodev,noexec,.*uid=$kiosk_uid,.*iocharset=utf8" <<<"$opts"
check "USB helper refuses an ext4 file system" \
  bash -c "! chroot '$root' /usr/libexec/kiosk/kiosk-usb-mount options ext4"
truncate -s 1M "$cache/stick.img"
stick=$(losetup -f --show "$cache/stick.img")
dev_node "$stick"
trap 'losetup -d "$stick" 2>/dev/null || true; rm -f "$cache/stick.img"' EXIT
# udev reads every rules file for a device and names each bad line (file:line).
out=$(in_root udevadm test --action=add "/sys/class/block/${stick#/dev/}" 2>&1 || true)
check "udev reads the kiosk's rules files" grep -q "Reading rules file: .*/99-kiosk-usb.rules" <<<"$out"
check "udev finds no fault in them" bash -c "! grep -E '99-kiosk-[a-z]+[.]rules:[0-9]+' <<<\"\$1\"" _ "$out"
out=$(in_root /usr/libexec/kiosk/kiosk-usb-mount --dry-run add "$stick" vfat 2>&1 || true)
check "USB helper: a stick goes to /media/usb through systemd-mount" \
  grep -qE "^systemd-mount --no-block .* -t vfat -o rw,nosuid,nodev,noexec,.* $stick /media/usb$" <<<"$out"
rootdev=$(findmnt -n -o SOURCE / || true)
if [ -b "$rootdev" ]; then
  dev_node "$rootdev"
  out=$(in_root /usr/libexec/kiosk/kiosk-usb-mount --dry-run add "$rootdev" vfat 2>&1 || true)
  check "USB helper: a disk mounted already (the system's own, $rootdev) is left alone" \
    grep -q "is mounted already; leaving it" <<<"$out"
else
  echo "    (not checked here: / is on $rootdev, not a block device)"
fi

# ---- a second run changes nothing ----
phase "install-pi.sh again"
before=$(cat "$root/boot/firmware/cmdline.txt" "$root/boot/firmware/config.txt")
if in_root "${pi[@]}" > "$cache/install-2.log" 2>&1 </dev/null; then
  pass "install-pi.sh runs again"
else
  fail "install-pi.sh runs again"; tail -20 "$cache/install-2.log" | sed 's/^/    /'
fi
for said in "is installed already" "has the quiet boot settings already" \
            "has disable_splash=1 already" "a staff PIN is set already"; do
  check "second run: \"$said\"" grep -q "$said" "$cache/install-2.log"
done
check "second run: boot files unchanged" \
  test "$(cat "$root/boot/firmware/cmdline.txt" "$root/boot/firmware/config.txt")" = "$before"

# ---- the same package again, as an upgrade does it ----
phase "dpkg --install again (the upgrade path of the maintainer scripts)"
check "dpkg --install over the installed package" in_root dpkg --install /tmp/kiosk.deb
check "still enabled, user and PIN kept" bash -c "test -L '$root/etc/systemd/system/multi-user.target.wants/kiosk.service' &&
  chroot '$root' runuser -u kiosk -- kiosk pin status > '$root/tmp/pin-status' &&
  grep -q '^A staff PIN is set' '$root/tmp/pin-status'"

# ---- remove, purge ----
phase "dpkg --remove, --purge"
check "dpkg --remove kiosk" in_root dpkg --remove kiosk
check "removed: program and unit gone" \
  test ! -e "$root/usr/bin/kiosk" -a ! -e "$root/lib/systemd/system/kiosk.service"
check "removed: settings and data kept" test -f "$root/etc/kiosk/kiosk.ini" -a -d "$root/var/lib/kiosk"
check "dpkg --purge kiosk" in_root dpkg --purge kiosk
check "purged: settings, data and service links gone" \
  test ! -e "$root/etc/kiosk" -a ! -e "$root/var/lib/kiosk" -a \
  ! -L "$root/etc/systemd/system/multi-user.target.wants/kiosk.service" -a \
  ! -L "$root/etc/systemd/system/kiosk.service"
check "purged: the kiosk user stays (Debian keeps system users)" in_root getent passwd kiosk

# ---- the source tree builds in the clean root ----
# Only the tracked files (nothing left in a build folder or the work tree
# can help), only deploy/dev.sh's package list (nothing installed by hand
# on this machine can help), and the quick tests.
phase "dev.sh test --quick from the tracked files, in the clean root"
mkdir "$root/src"
if git -C "$top" rev-parse --git-dir > /dev/null 2>&1; then
  # Tracked files as they are in the work tree (deleted ones left out).
  git -C "$top" ls-files -z | (cd "$top" && xargs -0 sh -c 'for f; do if [ -e "$f" ]; then printf "%s\0" "$f"; fi; done' _) |
    tar -C "$top" --null -T - -cf - | tar -C "$root/src" -xf -
else
  tar -C "$top" --exclude='./build*' -cf - . | tar -C "$root/src" -xf -
fi
if in_root bash -c 'cd /src && deploy/dev.sh test --quick' > "$cache/fresh-build.log" 2>&1 </dev/null; then
  pass "dev.sh test --quick passes in the clean root: dev.sh's package list is complete (log: $cache/fresh-build.log)"
  sed -n '/time per phase/,$p' "$cache/fresh-build.log" | sed 's/^/    /'
else
  fail "dev.sh test --quick in the clean root (log: $cache/fresh-build.log)"
  grep -E "FAILED|Error|error:|Could not find|not found" "$cache/fresh-build.log" | head -20 | sed 's/^/    /' || true
  tail -15 "$cache/fresh-build.log" | sed 's/^/    /'
fi

phase "done"
echo "$me: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || { echo "$me: the root is left in $root to look at"; exit 1; }
remove_tree "$root"
