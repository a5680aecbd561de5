#!/bin/bash
# cli_options.sh KIOSK SOURCE_DIR WORK_DIR GROUP - the shared options
# (--config FILE, --data DIR, --name TEXT, --trusted-keys FILE) with every
# command, as --opt VALUE and as --opt=VALUE, before and after the
# command's words: a command that takes one honours it (a file lands in
# that folder, that name is printed, that key is trusted); one that does
# not take it exits 2 and names the commands that do (kiosk/cli/cli.c).
# GROUP: import, pin, stats, check, kiosk, refused, stats_newline.
# Prints "ok: ..." or "FAIL: ..." per case; exits 1 if any failed.
set -u
K=$1 SRC=$2 W=$3 GROUP=$4
# A one-page folder with one small picture: quick to import on a busy machine.
CONTENT=$SRC/tests/fixtures/tiny-picture
rm -rf "$W" && mkdir -p "$W" || exit 1
fails=0

fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

# expect NAME CODE REGEX COMMAND...: runs COMMAND (stdin empty), wants
# exit code CODE and REGEX (grep -E) in its output (stdout and stderr).
expect() {
    local name=$1 want=$2 pattern=$3
    shift 3
    "$@" >"$W/out" 2>&1 </dev/null
    local rc=$?
    if [ "$rc" != "$want" ]; then
        fail "$name: exit code $rc, wanted $want"
        sed 's/^/    /' "$W/out"
    elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$W/out"; then
        fail "$name: the output does not say /$pattern/"
        sed 's/^/    /' "$W/out"
    else
        echo "ok: $name"
    fi
}

# opt FORM OPTION VALUE: sets OPT to (--OPTION VALUE) or (--OPTION=VALUE).
opt() {
    if [ "$1" = sep ]; then OPT=("--$2" "$3"); else OPT=("--$2=$3"); fi
}

# A settings file at $1 with the [kiosk] lines that follow.
ini() {
    local file=$1
    shift
    printf '[kiosk]\n' >"$file"
    printf '%s\n' "$@" >>"$file"
}

# Content signed with key it; trusted holds its public key, other another's.
signed_content() {
    "$K" keygen "$W/it" >/dev/null && "$K" keygen "$W/other-key" >/dev/null &&
        cp -r "$CONTENT" "$W/signed" && "$K" sign "$W/signed" --key "$W/it.secret" >/dev/null &&
        cp "$W/it.public" "$W/trusted" && cp "$W/other-key.public" "$W/other" &&
        chmod 644 "$W/trusted" "$W/other" || {
        fail "cannot make signed content in $W"
        exit 1
    }
}

case $GROUP in
import)
    signed_content
    for form in sep eq; do
        opt $form data "$W/data-$form"
        expect "import DIR --data ($form)" 0 "installed; the kiosk now shows $W/data-$form/content/" \
            "$K" import "$CONTENT" "${OPT[@]}"
        opt $form data "$W/data-before-$form"
        expect "--data before import ($form)" 0 "now shows $W/data-before-$form/content/" \
            "$K" "${OPT[@]}" import "$CONTENT"
        ini "$W/import-$form.ini" "data = $W/config-data-$form"
        opt $form config "$W/import-$form.ini"
        expect "import DIR --config ($form)" 0 "now shows $W/config-data-$form/content/" \
            "$K" import "$CONTENT" "${OPT[@]}"
        opt $form trusted-keys "$W/trusted"
        expect "import SIGNED --trusted-keys ($form)" 0 "signed with a trusted key" \
            "$K" import "$W/signed" --data "$W/keys-data-$form" "${OPT[@]}"
        opt $form name Reception
        expect "import takes --name, with a note ($form)" 0 \
            "note: --name .*does nothing for kiosk import.*kiosk stats" \
            "$K" import "$CONTENT" --data "$W/name-data-$form" "${OPT[@]}"
        [ -e "$W/name-data-$form/content/current" ] || fail "import --name ($form) did not install"
    done
    # Run as root (CI), import --data=DIR acts as DIR's owner (os/runas.c).
    if [ "$(id -u)" = 0 ]; then
        mkdir "$W/nobodys" && chown 65534:65534 "$W/nobodys"
        expect "sudo import --data= acts as the folder's owner" 0 "acting as nobody, the owner of" \
            "$K" import "$CONTENT" --data="$W/nobodys"
        [ "$(stat -c %u "$W/nobodys/content/current")" = 65534 ] || fail "installed as root"
    fi
    ;;
pin)
    for form in sep eq; do
        opt $form data "$W/pin-$form"
        expect "pin status --data ($form)" 0 "No staff PIN is set \\($W/pin-$form/staff-pin\\)" \
            "$K" pin status "${OPT[@]}"
        echo 583920 | "$K" pin set "${OPT[@]}" >/dev/null 2>&1 || fail "pin set --data ($form)"
        expect "--data before pin status ($form)" 0 "A staff PIN is set \\($W/pin-$form/staff-pin\\)" \
            "$K" "${OPT[@]}" pin status
        ini "$W/pin-$form.ini" "data = $W/pin-config-$form"
        opt $form config "$W/pin-$form.ini"
        expect "pin status --config ($form)" 0 "No staff PIN is set \\($W/pin-config-$form/staff-pin\\)" \
            "$K" pin status "${OPT[@]}"
        opt $form name Reception
        expect "pin takes --name, with a note ($form)" 0 \
            "note: --name .*does nothing for kiosk pin.*kiosk stats" \
            "$K" pin status --data "$W/pin-$form" "${OPT[@]}"
        opt $form trusted-keys "$W/trusted"
        expect "pin takes --trusted-keys, with a note ($form)" 0 \
            "note: --trusted-keys .*does nothing for kiosk pin.*kiosk import" \
            "$K" pin status --data "$W/pin-$form" "${OPT[@]}"
    done
    ;;
stats)
    for form in sep eq; do
        opt $form data "$W/stats-$form"
        expect "stats --data ($form)" 0 "Page views" "$K" stats "${OPT[@]}" --name X
        [ -f "$W/stats-$form/counts.db" ] || fail "stats --data ($form) did not read $W/stats-$form"
        opt $form name "Front$form"
        expect "stats --name ($form)" 0 "Page views: Front$form" \
            "$K" stats --data "$W/stats-sep" "${OPT[@]}"
        expect "stats export --name ($form)" 0 "kiosk-stats-Front$form-2026-11-01-to-2026-11-30.csv" \
            "$K" stats export "$W/export-$form" "${OPT[@]}" --data="$W/stats-sep" \
            --from 2026-11-01 --to 2026-11-30
        expect "--name before stats ($form)" 0 "Page views: Front$form" \
            "$K" "${OPT[@]}" stats --data "$W/stats-sep"
        ini "$W/stats-$form.ini" "data = $W/stats-config-$form" "name = Lobby$form"
        opt $form config "$W/stats-$form.ini"
        expect "stats --config ($form)" 0 "Page views: Lobby$form" "$K" stats "${OPT[@]}"
        [ -f "$W/stats-config-$form/counts.db" ] || fail "stats --config ($form): not its data folder"
        opt $form trusted-keys "$W/trusted"
        expect "stats takes --trusted-keys, with a note ($form)" 0 \
            "note: --trusted-keys .*does nothing for kiosk stats.*kiosk import" \
            "$K" stats --data "$W/stats-sep" "${OPT[@]}"
    done
    ;;
check)
    signed_content
    for form in sep eq; do
        opt $form trusted-keys "$W/trusted"
        expect "check --trusted-keys ($form)" 0 "signed with a trusted key" \
            "$K" check "$W/signed" "${OPT[@]}"
        opt $form trusted-keys "$W/other"
        expect "check --trusted-keys, another key ($form)" 1 "signature does not check out: kiosk import refuses" \
            "$K" check "${OPT[@]}" "$W/signed"
        for option in config data name; do
            opt $form $option "$W/x"
            expect "check takes --$option, with a note ($form)" 0 \
                "note: --$option .*does nothing for kiosk check" "$K" check "$CONTENT" "${OPT[@]}"
        done
    done
    ;;
kiosk)
    # The kiosk takes them all. Each run stops before the window opens.
    printf 'kiosk-ed25519 00\n' >"$W/writable" && chmod 666 "$W/writable"
    printf '[display]\nrotation = 45\n' >"$W/bad.ini"
    for form in sep eq; do
        opt $form trusted-keys "$W/writable"
        expect "kiosk --trusted-keys ($form)" 2 "$W/writable can be changed by other users.*Nothing was started" \
            "$K" "${OPT[@]}" --data "$W/kiosk-data"
        opt $form config "$W/bad.ini"
        expect "kiosk --config ($form)" 2 "$W/bad.ini.*rotation" "$K" "${OPT[@]}" --data "$W/kiosk-data"
        opt $form data /proc/version/data
        expect "kiosk --data ($form)" 2 "/proc/version/data" "$K" "${OPT[@]}"
        opt $form name Reception
        expect "kiosk --name is taken ($form)" 2 "rotation" "$K" "${OPT[@]}" --rotation 45
        ! grep -q -- "--name" "$W/out" || fail "kiosk --name ($form): refused"
    done
    ;;
refused)
    # The commands with no use for a shared option take it all the same, in
    # both forms, before or after their words, and say it does nothing.
    for form in sep eq; do
        for option in config data name trusted-keys; do
            opt $form $option "$W/x"
            expect "render takes --$option ($form)" 0 "note: --$option .*does nothing for kiosk render" \
                "$K" render "$CONTENT" --out "$W/render-$option-$form" --size 320x240 "${OPT[@]}"
            [ -n "$(ls "$W/render-$option-$form")" ] || fail "render --$option ($form) drew nothing"
            expect "keygen takes --$option ($form)" 0 "note: --$option .*does nothing for kiosk keygen" \
                "$K" keygen "$W/key-$option-$form" "${OPT[@]}"
            [ -f "$W/key-$option-$form.secret" ] || fail "keygen --$option ($form) made no key"
            expect "sign takes --$option ($form)" 1 "note: --$option .*does nothing for kiosk sign" \
                "$K" "${OPT[@]}" sign "$W/nothing" --key "$W/key-$option-$form.secret"
            expect "settings takes --$option ($form)" 0 "note: --$option .*does nothing for kiosk settings" \
                "$K" settings --markdown "${OPT[@]}"
            expect "--version takes --$option ($form)" 0 "note: --$option .*does nothing for kiosk --version" \
                "$K" --version "${OPT[@]}"
            expect "--help takes --$option ($form)" 0 "note: --$option .*does nothing for kiosk --help" \
                "$K" "${OPT[@]}" --help
        done
    done
    expect "a shared option without its value" 2 "--data needs a value" "$K" pin status --data
    expect "an unknown command" 2 "no command \"frob\"" "$K" frob
    ;;
stats_newline)
    # kiosk stats ends its output with exactly one line end: the table
    # with \n, the CSV with \r\n (RFC 4180).
    ends() { # FILE HEX: the last bytes of FILE are HEX, and not twice
        local n=$(($(echo "$2" | wc -w)))
        [ "$(tail -c $n "$1" | od -An -tx1 | tr -s ' ')" = " $2" ] &&
            [ "$(tail -c $((2 * n)) "$1" | od -An -tx1 | tr -s ' ')" != " $2 $2" ]
    }
    check_ends() { # LABEL
        "$K" stats --data "$W/counts" --name Reception >"$W/table" 2>"$W/err" || fail "$1: kiosk stats failed"
        ends "$W/table" 0a || fail "$1: the table does not end with exactly one newline"
        "$K" stats --data "$W/counts" --name Reception --csv >"$W/csv" 2>"$W/err" ||
            fail "$1: kiosk stats --csv failed"
        ends "$W/csv" "0d 0a" || fail "$1: the CSV does not end with exactly one line end"
        echo "ok: $1"
    }
    check_ends "no counts"
    # With counts (planted with the sqlite3 shell, where there is one).
    if command -v sqlite3 >/dev/null; then
        sqlite3 "$W/counts/counts.db" \
            "INSERT INTO page_day VALUES('2026-11-23','welcome','en',12,7,300);
             INSERT INTO page_day VALUES('2026-11-24','welcome','pl',40,9,600);
             INSERT INTO visit_day VALUES('2026-11-23',9,3,2,1,0);" || fail "cannot plant counts"
        check_ends "with counts"
        grep -q "^welcome" "$W/table" || fail "the planted counts are not in the table"
    else
        echo "(no sqlite3 shell: the case with counts is not run)"
    fi
    ;;
*)
    echo "cli_options.sh: no group $GROUP" >&2
    exit 2
    ;;
esac
[ "$fails" = 0 ] || {
    echo "$fails case(s) failed"
    exit 1
}
