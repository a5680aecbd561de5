# deploy/toolchain-arm64.cmake - CMake toolchain for building the kiosk for
# a 64-bit Raspberry Pi (arm64) on a Debian 12 amd64 machine, with Debian's
# cross compiler (crossbuild-essential-arm64) and the arm64 -dev packages
# installed side by side (multiarch). ctest runs the arm64 tests under
# qemu-user. Used by deploy/cross-build-arm64.sh.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)

# pkg-config finds only the arm64 libraries (and arch-independent .pc files).
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")

# No sysroot: with multiarch the arm64 libraries live in
# /usr/lib/aarch64-linux-gnu, found through CMAKE_LIBRARY_ARCHITECTURE and
# the .pc files; headers are shared, or under /usr/include/aarch64-linux-gnu.

# add_test(COMMAND <target>) runs through qemu-user. The arm64 loader and
# libraries are the multiarch ones (libc6:arm64 comes with the -dev:arm64
# packages), so no -L: with `-L /usr/aarch64-linux-gnu`, qemu 7.2's forked
# children hang before their first instruction, and the tests that kill a
# child process (test_powercut, test_import, test_store) fail or time out.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)
