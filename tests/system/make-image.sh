#!/usr/bin/env bash
# tests/system/make-image.sh - the disk of the whole-system test's virtual
# machine (tests/system/run.sh): Debian 12 with the kiosk package installed
# the way a Pi gets it, by deploy/install-pi.sh (--force --no-reboot, the
# staff PIN from standard input), a persistent journal, the guest agent as
# the test's control channel, and a uinput touchscreen (touchd.py).
#
# usage: tests/system/make-image.sh ARCH DEB PIN CACHE_DIR
# Leaves in CACHE_DIR/image-ARCH: disk.img (ext4, no partition table),
# vmlinuz, initrd.img, cmdline (the kernel words install-pi.sh chose).
#
# Two steps, each kept while its inputs stay the same:
#   base-ARCH.tar  mmdebstrap: systemd, udev, the kernel, Mesa, the guest
#                  agent, python3-evdev, sqlite3 and the package's own
#                  dependencies (its Depends field). Key: mmdebstrap's
#                  options (with the package list) and the Debian sources.
#   image-ARCH/    the base, with install-pi.sh run on the .deb and the
#                  test's settings. Key: the base's key, the .deb's control
#                  files (with the md5sum of every file in it), install-pi.sh,
#                  this script, touchd.py, the PIN.
# Needs root (chroot, mounts).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/system
me=make-image.sh
[ $# -eq 4 ] || { sed -n '7,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
arch=$1 deb=$(realpath "$2") pin=$3 cache=$4
suite=bookworm

[ "$(id -u)" -eq 0 ] || { echo "$me: needs root (chroot, mounts)" >&2; exit 1; }
# Everything mounted below goes away with the script, however it ends.
if [ -z "${KIOSK_TEST_PRIVATE_MOUNTS:-}" ]; then
  KIOSK_TEST_PRIVATE_MOUNTS=1 exec unshare --mount --propagation private -- "$0" "$@"
fi
# shellcheck source=../../deploy/lib.sh
source "$top/deploy/lib.sh"
say_errors
step="inputs"
mkdir -p "$cache"

case "$arch" in
  amd64) kernel=linux-image-amd64 ;;
  arm64) kernel=linux-image-arm64 ;;
  *) echo "$me: no such architecture: $arch (amd64 or arm64)" >&2; exit 2 ;;
esac
# The package's Depends, names only (the first of alternatives).
mapfile -t depends < <(dpkg-deb -f "$deb" Depends | tr ',' '\n' |
                       sed -E 's/\|.*//; s/\(.*\)//; s/:any//; s/[[:space:]]//g' | sed '/^$/d' | sort -u)
packages=(systemd-sysv udev kmod dbus "$kernel" libgl1-mesa-dri libgbm1 libegl1
          qemu-guest-agent python3-evdev sqlite3 systemd-coredump "${depends[@]}")
sources=$(host_sources "$suite" | sort -u)
[ -n "$sources" ] || { echo "$me: no Debian $suite source in /etc/apt/sources.list*" >&2; exit 1; }

base=$cache/base-$arch.tar
# The initramfs holds only what the virtual machine boots from (MODULES=list
# and a hook that adds them): with every module, Debian's MODULES=most, it
# took minutes under mmdebstrap.
initramfs_hook=$(base64 -w0 <<'EOF'
#!/bin/sh
# The kiosk system test's virtual machine boots from virtio and ext4.
[ "$1" = prereqs ] && exit 0
. /usr/share/initramfs-tools/hook-functions
for m in virtio_pci virtio_mmio virtio_blk crc32c_generic ext4; do force_load "$m"; done
EOF
)
mmdebstrap_options=(--variant=minbase --format=tar --arch="$arch"
  --include="$(IFS=,; echo "${packages[*]}")"
  --essential-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" "$1/etc/initramfs-tools/hooks"'
  --essential-hook='echo MODULES=list > "$1/etc/initramfs-tools/conf.d/kiosk-test.conf"'
  --essential-hook="echo $initramfs_hook | base64 -d > \"\$1/etc/initramfs-tools/hooks/kiosk-test\""
  --essential-hook='chmod 755 "$1/etc/initramfs-tools/hooks/kiosk-test"'
  --customize-hook='chroot "$1" apt-get clean')
base_key=$( { printf '%s\n' "${mmdebstrap_options[@]}"; echo "$sources"; } | sha256sum | cut -c1-16)
image=$cache/image-$arch
image_key=$( { echo "$base_key $pin"; cat "$0"; dpkg-deb --ctrl-tarfile "$deb" | tar -xO;
               cat "$top/deploy/install-pi.sh" "$here/touchd.py"; } | sha256sum | cut -c1-16)

if [ -f "$image/key" ] && [ "$(cat "$image/key")" = "$image_key" ]; then
  echo "$me: the image is up to date ($image, key $image_key)"
  exit 0
fi

# ---- the base: Debian 12 with every package the test needs ----
if [ -f "$base" ] && [ "$(cat "$base.key" 2>/dev/null)" = "$base_key" ]; then
  echo "$me: reusing the base root $base (key $base_key)"
else
  step="mmdebstrap the base root"
  echo "$me: mmdebstrap $suite ($arch): ${packages[*]}"
  rm -f "$base" "$base.key" "$base.tmp"
  started=$SECONDS
  mapfile -t mirrors <<<"$sources"
  mmdebstrap "${mmdebstrap_options[@]}" "$suite" "$base.tmp" "${mirrors[@]}" > "$cache/mmdebstrap.log" 2>&1 ||
    { tail -30 "$cache/mmdebstrap.log"; echo "$me: mmdebstrap failed (log: $cache/mmdebstrap.log)" >&2; exit 1; }
  mv "$base.tmp" "$base"
  echo "$base_key" > "$base.key"
  echo "$me: base root made in $((SECONDS - started)) s"
fi

# ---- the kiosk, installed by install-pi.sh ----
step="install-pi.sh in the root"
started=$SECONDS
root=$cache/root-$arch
remove_tree "$root"
mkdir -p "$root"
tar -C "$root" -xf "$base"
mount -t proc proc "$root/proc"
mount --bind /sys "$root/sys" && mount -o remount,bind,ro "$root/sys"
# A /dev of its own, never the machine's.
mount -t tmpfs -o mode=755,size=1m tmpfs "$root/dev"
for node in null zero full random urandom tty; do
  mknod -m "$(stat -c %a "/dev/$node")" "$root/dev/$node" c \
    $((0x$(stat -c %t "/dev/$node"))) $((0x$(stat -c %T "/dev/$node")))
done
ln -s /proc/self/fd "$root/dev/fd"
mkdir "$root/dev/pts"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
ln -s pts/ptmx "$root/dev/ptmx"
cp -L --remove-destination /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/kiosk.deb"
cp "$top/deploy/install-pi.sh" "$root/tmp/install-pi.sh"
# A Pi's boot partition, as Raspberry Pi OS Lite ships it; install-pi.sh
# sets its quiet boot words, which the virtual machine boots with.
mkdir -p "$root/boot/firmware"
echo "console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootfstype=ext4 fsck.repair=yes rootwait" \
  > "$root/boot/firmware/cmdline.txt"
touch "$root/boot/firmware/config.txt"
echo "$pin" | chroot "$root" /tmp/install-pi.sh --force --deb /tmp/kiosk.deb --no-reboot \
  --boot-dir /boot/firmware > "$cache/install-pi.log" 2>&1 ||
  { tail -30 "$cache/install-pi.log"; echo "$me: install-pi.sh failed (log: $cache/install-pi.log)" >&2; exit 1; }
grep -v "Reading database" "$cache/install-pi.log" | sed "s/^/    /"
chroot "$root" runuser -u kiosk -- kiosk pin status | grep -q '^A staff PIN is set' ||
  { echo "$me: install-pi.sh set no staff PIN" >&2; exit 1; }

step="the test's additions"
# The test's settings: a page stays up until touched (so the screen can be
# compared with kiosk render), a short idle time-out, and a fixed screen
# size in inches (a virtual display's reported size is made up), so the
# staff screen's controls are where kiosk-staff-taps says.
sed -i -e 's/^\[attract\]$/&\nseconds_per_page = 600\nidle_seconds = 20/' \
       -e 's/^\[display\]$/&\nscreen_inches = 7/' "$root/etc/kiosk/kiosk.ini"
grep -q '^screen_inches = 7' "$root/etc/kiosk/kiosk.ini"
# The emulated CPU is many times slower than a Pi's, more so on a busy
# machine: the kiosk's first frame (Mesa's software renderer compiling its
# shaders, the pictures decoded) took over 8 s there, and the watchdog, which
# the kiosk pings from its render loop, killed it before it was ever up, again
# and again. So the guest gives the start-up and the watchdog more room; the
# watchdog test prints its times against these (8 s become 30 s).
mkdir -p "$root/etc/systemd/system/kiosk.service.d"
cat > "$root/etc/systemd/system/kiosk.service.d/system-test.conf" <<'EOF'
# The kiosk's system test (tests/system/make-image.sh): an emulated CPU.
# A crash is kept by systemd-coredump, with its stack (coredumpctl).
[Service]
TimeoutStartSec=300
WatchdogSec=30
LimitCORE=infinity
EOF
# The picture gate's time limits (kiosk/shell/picture_gate.h: 4 s to open a
# picture for an install, 1 s on the kiosk's loop) are wall-clock: the
# emulated arm64 CPU, 20 to 50 times slower than a Pi's, failed every
# picture of an install with "takes longer than 4.0 s to open"; so did the
# emulated amd64 one on a busy host (a 50-cut run beside two builds: every
# install refused, the first page's picture a plain shape after each boot).
echo "Environment=KIOSK_PICTURE_TIME_SCALE=$([ "$arch" = arm64 ] && echo 30 || echo 10)" \
  >> "$root/etc/systemd/system/kiosk.service.d/system-test.conf"
# The service's PAM session (PAMName=login) sets its limits again with
# pam_limits, which starts from PID 1's: a soft core limit of 0, whatever
# LimitCORE says. The test's image lets the kiosk user dump a core.
echo "kiosk soft core unlimited" > "$root/etc/security/limits.d/90-kiosk-test-core.conf"
mkdir -p "$root/var/log/journal"          # a persistent journal
echo kiosk-vm > "$root/etc/hostname"
echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" > "$root/etc/fstab"
chroot "$root" systemd-machine-id-setup > /dev/null
install -D -m 755 "$here/touchd.py" "$root/usr/local/lib/kiosk-test/touchd.py"
cat > "$root/etc/systemd/system/kiosk-test-touch.service" <<'EOF'
# The whole-system test's touchscreen (tests/system/touchd.py).
[Unit]
Description=uinput touchscreen for the kiosk's system test
Before=kiosk.service
[Service]
ExecStartPre=/sbin/modprobe uinput
ExecStart=/usr/bin/python3 /usr/local/lib/kiosk-test/touchd.py serve
[Install]
WantedBy=multi-user.target
EOF
chroot "$root" systemctl enable kiosk-test-touch.service 2>/dev/null
# Nothing that runs on a timer and eats the slow emulated CPU.
chroot "$root" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
  fstrim.timer man-db.timer 2>/dev/null || true
rm -f "$root/tmp/kiosk.deb" "$root/tmp/install-pi.sh" "$root/etc/resolv.conf"
sed -E 's/(^| )(console|root|rootfstype|rootwait|fsck\.repair)(=[^ ]*)?//g' \
  "$root/boot/firmware/cmdline.txt" > "$cache/cmdline.tmp"
umount "$root/dev/pts" "$root/dev" "$root/sys" "$root/proc"

step="mkfs.ext4 -d"
rm -rf "$image.tmp" && mkdir -p "$image.tmp"
cp -L "$root/vmlinuz" "$image.tmp/vmlinuz"
cp -L "$root/initrd.img" "$image.tmp/initrd.img"
mv "$cache/cmdline.tmp" "$image.tmp/cmdline"
mkfs.ext4 -q -L kiosk-root -d "$root" "$image.tmp/disk.img" 3G
echo "$image_key" > "$image.tmp/key"
remove_tree "$root"
rm -rf "$image" && mv "$image.tmp" "$image"
echo "$me: image made in $((SECONDS - started)) s: $image (key $image_key)"
