#!/usr/bin/env bash
# deploy/install-pi.sh - turns a fresh Raspberry Pi OS Lite (bookworm) into
# the clinic kiosk: installs the kiosk package, boots quietly straight into
# it, asks for the staff PIN, optionally makes the root file system
# read-only, and reboots. Safe to run again: each step says what it did, or
# that it was done already.
#
# usage: sudo deploy/install-pi.sh [options]
#   --deb FILE            install this kiosk_*.deb (default: build one from this source tree)
#   --read-only-root      make the root file system read-only (an overlay; changes vanish at
#                         each reboot), keeping the kiosk's data on --data-partition
#   --data-partition DEV  a partition for /var/lib/kiosk (counts, PIN, content): used as it
#                         is if it holds ext4, formatted if it holds nothing, else refused
#   --new-pin             ask for a new staff PIN even if one is set
#   --no-reboot           do not reboot at the end
#   --force               go on even though this is not a Raspberry Pi
#   --boot-dir DIR        the boot partition (default /boot/firmware, else /boot)
# The PIN is asked on the terminal; without one, it is read from the first
# line of standard input.
set -euo pipefail

me=install-pi.sh
# A command that fails ends the script with one line: the step, the line and
# its command. (This script travels alone to the Pi, so it does not share
# deploy/lib.sh's say_errors; the two say the same.)
step="options"
set -o errtrace
trap 'said_error $? $LINENO' ERR
said_error() {
  echo "$me: FAILED (exit $1) in step \"$step\" at line $2: $(sed -n "$2{s/^[[:space:]]*//;p}" "$0")" >&2
  exit "$1"
}
say() { echo "$me: $*"; }
die() { echo "$me: $*" >&2; exit 1; }
usage() { sed -n '8,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

deb='' read_only='' data_partition='' new_pin='' reboot=1 force='' boot_dir=''
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) [ $# -ge 2 ] || usage; deb=$2; shift ;;
    --read-only-root) read_only=1 ;;
    --data-partition) [ $# -ge 2 ] || usage; data_partition=$2; shift ;;
    --new-pin) new_pin=1 ;;
    --no-reboot) reboot= ;;
    --force) force=1 ;;
    --boot-dir) [ $# -ge 2 ] || usage; boot_dir=$2; shift ;;
    -h|--help) usage ;;
    *) echo "$me: unknown option $1" >&2; usage ;;
  esac
  shift
done

# ---- 1. Is this the right machine, in the right state? ----
step="Is this the right machine, in the right state?"
[ "$(id -u)" -eq 0 ] || die "run me as root: sudo $0 $*"
model=$({ tr -d '\0' < /proc/device-tree/model; } 2>/dev/null || true)
if [[ "$model" != *"Raspberry Pi"* ]]; then
  [ -n "$force" ] || die "this is not a Raspberry Pi (/proc/device-tree/model says \"${model:-nothing}\").
  I change a Pi's boot settings; run with --force to go on anyway."
  say "not a Raspberry Pi (\"${model:-no model}\"); going on because of --force"
else
  say "on a $model"
fi
if grep -q 'overlayroot=' /proc/cmdline || mountpoint -q /media/root-ro; then
  die "the root file system is read-only now (overlay): what I change would vanish at the next
  reboot. Turn the overlay off, reboot, and run me again:
    sudo raspi-config nonint do_overlayfs 1 && sudo reboot"
fi
if [ -z "$boot_dir" ]; then
  if [ -f /boot/firmware/cmdline.txt ]; then boot_dir=/boot/firmware; else boot_dir=/boot; fi
fi
[ -f "$boot_dir/cmdline.txt" ] || die "no cmdline.txt in $boot_dir (give the boot folder with --boot-dir)"
if [ -n "$read_only" ] && [ -z "$data_partition" ] && ! mountpoint -q /var/lib/kiosk; then
  die "--read-only-root needs --data-partition DEVICE: with a read-only root, page-view counts,
  the staff PIN and installed content would be lost at every reboot. See the README,
  'Install on a Raspberry Pi', for how to make a data partition."
fi
[ -z "$deb" ] || [ -f "$deb" ] || die "no such package file: $deb"
[ -z "$data_partition" ] || [ -b "$data_partition" ] || die "not a block device: $data_partition"

# ---- 2. The package ----
step="The package"
if [ -z "$deb" ]; then
  top=$(cd "$(dirname "$0")/.." && pwd)
  if [ ! -f "$top/CMakeLists.txt" ] || [ ! -f "$top/deploy/lib.sh" ]; then
    die "no --deb given and no source tree around me to build one from"
  fi
  # shellcheck source=lib.sh
  source "$top/deploy/lib.sh"
  mapfile -t build_packages < <(dev_build_packages)
  need_packages "${build_packages[@]}" file dpkg-dev
  say "building the package in $top/build-deb"
  cmake -S "$top" -B "$top/build-deb" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_TESTS=OFF >/dev/null
  cmake --build "$top/build-deb" -j"$(nproc)" >/dev/null
  (cd "$top/build-deb" && rm -f kiosk_*.deb && cpack -G DEB >/dev/null)
  deb=$(ls "$top"/build-deb/kiosk_*.deb)
fi
deb=$(realpath "$deb")
version=$(dpkg-deb -f "$deb" Version)
if [ "$(dpkg-query -W -f='${db:Status-Status} ${Version}' kiosk 2>/dev/null || true)" = "installed $version" ]; then
  say "package: kiosk $version is installed already"
else
  say "package: installing $deb and what it needs"
  apt-get -o DPkg::Lock::Timeout=600 update -qq </dev/null
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "$deb" </dev/null
  say "package: kiosk $version installed"
fi

# ---- 3. A quiet boot: no logo, no console text, no screen blanking ----
step="A quiet boot: no logo, no console text, no screen blanking"
cmdline=$boot_dir/cmdline.txt
line=$(head -n 1 "$cmdline")
new=$line
for want in consoleblank=0 quiet loglevel=3 logo.nologo vt.global_cursor_default=0; do
  key=${want%%=*}
  words=() found=
  read -ra parts <<<"$new"
  for word in "${parts[@]}"; do
    if [ "${word%%=*}" = "$key" ]; then
      [ -n "$found" ] || words+=("$want")
      found=1
    else
      words+=("$word")
    fi
  done
  [ -n "$found" ] || words+=("$want")
  new="${words[*]}"
done
if [ "$new" = "$line" ]; then
  say "boot: $cmdline has the quiet boot settings already"
else
  [ -f "$cmdline.before-kiosk" ] || cp -p "$cmdline" "$cmdline.before-kiosk"
  printf '%s\n' "$new" > "$cmdline.new" && mv "$cmdline.new" "$cmdline"
  say "boot: quiet boot set in $cmdline (the old one is $cmdline.before-kiosk)"
fi
config=$boot_dir/config.txt
if [ -f "$config" ] && grep -qx 'disable_splash=1' "$config"; then
  say "boot: $config has disable_splash=1 already"
else
  [ ! -f "$config" ] || [ -f "$config.before-kiosk" ] || cp -p "$config" "$config.before-kiosk"
  # At the end, under [all], so no [pi4]-style section above can hide it.
  printf '\n# The kiosk: no rainbow square at boot.\n[all]\ndisable_splash=1\n' >> "$config"
  say "boot: disable_splash=1 added to $config"
fi

# ---- 4. The data partition ----
step="The data partition"
if [ -n "$data_partition" ]; then
  if [ "$(findmnt -n -o SOURCE --mountpoint /var/lib/kiosk 2>/dev/null || true)" = "$(realpath "$data_partition")" ]; then
    say "data: $data_partition is mounted at /var/lib/kiosk already"
  else
    fstype=$(blkid -o value -s TYPE "$data_partition" || true)
    if [ -z "$fstype" ]; then
      [ -z "$(wipefs -n "$data_partition" 2>/dev/null)" ] ||
        die "$data_partition holds something blkid does not name; I will not format it"
      say "data: formatting $data_partition as ext4 (label kiosk-data)"
      mkfs.ext4 -q -L kiosk-data "$data_partition"
    elif [ "$fstype" != ext4 ]; then
      die "$data_partition holds a $fstype file system; I only use an empty partition or ext4"
    fi
    uuid=$(blkid -o value -s UUID "$data_partition")
    # Copy what is in /var/lib/kiosk now onto a new partition.
    staging=$(mktemp -d)
    mount "$data_partition" "$staging"
    if [ -z "$(find "$staging" -mindepth 1 -maxdepth 1 ! -name lost+found)" ] && [ -d /var/lib/kiosk ]; then
      cp -a /var/lib/kiosk/. "$staging"/
      say "data: copied /var/lib/kiosk onto $data_partition"
    fi
    umount "$staging" && rmdir "$staging"
    if ! grep -q "^UUID=$uuid " /etc/fstab; then
      printf 'UUID=%s /var/lib/kiosk ext4 defaults,noatime,nofail,x-systemd.device-timeout=10s 0 2\n' \
        "$uuid" >> /etc/fstab
      say "data: /var/lib/kiosk added to /etc/fstab"
    fi
    mkdir -p /var/lib/kiosk
    systemctl daemon-reload 2>/dev/null || true
    mount /var/lib/kiosk
    say "data: $data_partition mounted at /var/lib/kiosk"
  fi
  chown kiosk:kiosk /var/lib/kiosk
  chmod 0750 /var/lib/kiosk
fi

# ---- 5. The staff PIN (kept by the kiosk user, in its data folder) ----
step="The staff PIN (kept by the kiosk user, in its data folder)"
as_kiosk() { runuser -u kiosk -- "$@"; }
if [ -z "$new_pin" ] && as_kiosk kiosk pin status </dev/null | grep -q '^A staff PIN is set'; then
  say "PIN: a staff PIN is set already (--new-pin to change it)"
elif [ -t 0 ]; then
  say "PIN: staff type this PIN on the screen to install pages from a USB stick."
  for try in 1 2 3; do
    if as_kiosk kiosk pin set; then break; fi
    [ "$try" -lt 3 ] || die "no staff PIN set; run me again, or: sudo runuser -u kiosk -- kiosk pin set"
  done
else
  as_kiosk kiosk pin set || die "no staff PIN set (it was read from standard input)"
fi

# ---- 6. A read-only root file system ----
step="A read-only root file system"
if [ -n "$read_only" ]; then
  mountpoint -q /var/lib/kiosk || die "/var/lib/kiosk is not on its own partition; not making the root read-only"
  command -v raspi-config >/dev/null || die "raspi-config is missing: it turns the overlay on"
  say "read-only root: turning the overlay on (raspi-config nonint do_overlayfs 0)"
  raspi-config nonint do_overlayfs 0
  # Bookworm: recurse=0 leaves other file systems (the data partition) writable.
  line=$(head -n 1 "$cmdline")
  grep -q 'overlayroot=' <<<"$line" || die "raspi-config did not add overlayroot= to $cmdline"
  new=$(sed -E 's/overlayroot=[^ ]*/overlayroot=tmpfs:recurse=0/' <<<"$line")
  if [ "$new" != "$line" ]; then
    printf '%s\n' "$new" > "$cmdline.new" && mv "$cmdline.new" "$cmdline"
  fi
  say "read-only root: on from the next boot (overlayroot=tmpfs:recurse=0)"
fi

# ---- 7. Into the kiosk ----
step="Into the kiosk"
if [ -z "$reboot" ]; then
  say "done. Reboot to start the kiosk: sudo reboot"
  exit 0
fi
say "done. Rebooting into the kiosk in 10 seconds (Ctrl+C to stay here)."
sleep 10
systemctl reboot
