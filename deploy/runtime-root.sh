#!/bin/sh
# Assembles SnakeID's runtime root file system: the one place that decides what the production
# image holds. Both the Dockerfile's runtime stage and `make image-check` run it.
#
#   runtime-root.sh stage STAGE [BIN_DIR] [MODEL_DIR]
#       In the build environment (after `swift build -c release --static-swift-stdlib` and
#       `make model`): copies the binary, libTorchBridge.so, the model bundle, curl (the
#       HEALTHCHECK probe), the CA bundle and the shared-library closure of the binary,
#       libTorchBridge.so and curl (from `ldd`, symlinks resolved, each file stored under the
#       name the loader asks for) into the folder STAGE, with this script. Then drops, from
#       every staged file, the DT_NEEDED entries that supply none of its symbols (what linking
#       with -Wl,--as-needed would have done; Debian's libtorch_cpu names OpenCV, FFmpeg,
#       ZeroMQ, LMDB, LevelDB, OpenCL... and uses none of them) and keeps only the libraries
#       still reachable. Needs ldd, nm, readelf (binutils), patchelf, strip.
#       BIN_DIR defaults to .build/release, MODEL_DIR to models/efficientnet-lite0.
#
#   runtime-root.sh install STAGE
#       Inside the runtime root, as root (/ is the root being built: a Debian bookworm minbase,
#       or debian:bookworm-slim, which is the same thing slimmed): copies in the libraries of
#       the closure that the base does not already have, the application, the CA bundle; adds
#       the unprivileged user `snakeid` (uid 10001); removes docs, man pages, locales and apt
#       caches; then checks with `ldd -r` that every library the binary, libTorchBridge.so and
#       curl need, and every symbol they import, resolves inside this root, and fails if not.
#
#   runtime-root.sh sizes [ROOT]
#       Prints the size of the root and of its large parts (run after install).
#
#   runtime-root.sh slim ROOT [BIN_DIR] [MODEL_DIR] [OPENVINO_DIR]
#       In the build environment: writes into the empty folder ROOT the whole root of the slim
#       image (the Dockerfile's `runtime-slim` stage is FROM scratch and copies it): the binary,
#       the OpenVINO runtime of the wheel (OPENVINO_DIR, default .cache/openvino: its libs/ and
#       licenses/) in /usr/local/lib/snakeid/openvino, the model bundle with its ONNX file only
#       (model.json without "weights"), curl, the CA bundle, and the shared-library closure of
#       them all, glibc and its loader included, with the Debian copyright file of each library's
#       package; /etc/passwd and /etc/group with the user snakeid, /tmp. No libtorch, no shell,
#       no package manager. Then checks with the root's own loader (ld.so --list, every symbol
#       bound) that the binary, curl and the OpenVINO libraries resolve inside ROOT.
#
#   runtime-root.sh slim-sizes ROOT
#       Prints the size of a slim root and of its parts.
#
# Nothing here falls back to the build machine's libraries at run time: whatever is not copied
# into the root is missing there, and `install` fails on it.
set -eu
export LC_ALL=C

APP_BIN=/usr/local/bin/snakeid
APP_LIBDIR=/usr/local/lib/snakeid
APP_SHARE=/usr/local/share/snakeid
PROBE=/usr/local/bin/curl
MANIFEST=$APP_SHARE/runtime-closure.tsv
RUNTIME_USER=snakeid
RUNTIME_UID=10001

die() { echo "runtime-root: $*" >&2; exit 1; }
say() { echo "runtime-root: $*" >&2; }

# The shared libraries that `ldd FILE...` resolves, one path per line (the loader excluded: it
# comes with libc6, which every Debian root has). Fails when one is not found.
closure() {
    out=$(ldd "$@" 2>&1) || die "ldd failed on $*: $out"
    if echo "$out" | grep -q "not found"; then
        echo "$out" | grep "not found" >&2
        die "unresolved libraries in the closure of $*"
    fi
    echo "$out" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u
}

# /lib/x86_64-linux-gnu/x.so -> /usr/lib/x86_64-linux-gnu/x.so (bookworm is merged-/usr).
usr_path() {
    case $1 in
        /lib/* | /lib64/*) echo "/usr$1" ;;
        *) echo "$1" ;;
    esac
}

# Strips debug sections and symbols not needed for dynamic linking; keeps the file if strip
# would not (e.g. a file strip does not understand).
strip_copy() {
    src=$1 dst=$2
    cp "$src" "$dst"
    if command -v strip >/dev/null 2>&1; then
        strip --strip-unneeded "$dst" 2>/dev/null || cp "$src" "$dst"
    fi
    chmod 0755 "$dst"
}

# The dynamic symbols a file defines / imports (strong undefined only), one name a line.
defined_symbols() { nm -D --defined-only "$1" 2>/dev/null | awk 'NF >= 3 { sub(/@.*/, "", $3); print $3 }' | sort -u; }
imported_symbols() { nm -D --undefined-only "$1" 2>/dev/null | awk '$1 == "U" { sub(/@.*/, "", $2); print $2 }' | sort -u; }
needed_of() { readelf -d "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }

# Drops, from each staged ELF file, the DT_NEEDED entries from which it imports no symbol and
# no symbol version, then removes the staged libraries no longer reachable from the
# application files. The result is checked in the runtime root by `ldd -r` (install).
prune_needed() {
    stage=$1
    work=$stage/.prune
    mkdir -p "$work/def" "$work/imp"
    # name -> staged file, for every library of the closure and the application files.
    : >"$work/files"
    while IFS="	" read -r part path; do
        printf '%s\t%s\n' "$(basename "$path")" "$stage/libs$path" >>"$work/files"
    done <"$stage/libs.tsv"
    for f in "$stage/rootfs$APP_BIN" "$stage/rootfs$APP_LIBDIR/libTorchBridge.so" "$stage/rootfs$PROBE"; do
        printf '%s\t%s\n' "$(basename "$f")" "$f" >>"$work/files"
    done
    while IFS="	" read -r name file; do
        defined_symbols "$file" >"$work/def/$name"
        imported_symbols "$file" >"$work/imp/$name"
    done <"$work/files"
    dropped=0
    : >"$stage/dropped-needed.txt"
    while IFS="	" read -r name file; do
        versions=$(readelf -V "$file" 2>/dev/null | sed -n 's/.*File: \([^ ]*\).*/\1/p')
        for dep in $(needed_of "$file"); do
            [ -f "$work/def/$dep" ] || continue          # the loader (ld-linux) and the like
            echo "$versions" | grep -qxF "$dep" && continue  # a symbol version from it is required
            if [ -z "$(comm -12 "$work/imp/$name" "$work/def/$dep" | head -n 1)" ]; then
                patchelf --remove-needed "$dep" "$file"
                printf '%s\t%s\n' "$name" "$dep" >>"$stage/dropped-needed.txt"
                dropped=$((dropped + 1))
            fi
        done
    done <"$work/files"
    # What is still reachable from the application files over the pruned NEEDED entries.
    printf '%s\n' snakeid libTorchBridge.so curl >"$work/reach"
    queue="snakeid libTorchBridge.so curl"
    while [ -n "$queue" ]; do
        next=
        for name in $queue; do
            file=$(awk -F'\t' -v n="$name" '$1 == n { print $2; exit }' "$work/files")
            [ -n "$file" ] || continue
            for dep in $(needed_of "$file"); do
                grep -qxF "$dep" "$work/reach" && continue
                echo "$dep" >>"$work/reach"
                next="$next $dep"
            done
        done
        queue=$next
    done
    before=$(wc -l <"$stage/libs.tsv")
    : >"$stage/libs.tsv.new"
    while IFS="	" read -r part path; do
        if grep -qxF "$(basename "$path")" "$work/reach"; then
            printf '%s\t%s\n' "$part" "$path" >>"$stage/libs.tsv.new"
        else
            rm -f "$stage/libs$path"
        fi
    done <"$stage/libs.tsv"
    mv "$stage/libs.tsv.new" "$stage/libs.tsv"
    find "$stage/libs" -type d -empty -delete
    # Report only the entries dropped from files that are still in the closure.
    awk -F'\t' 'NR == FNR { keep[$1] = 1; next } keep[$1]' "$work/reach" "$stage/dropped-needed.txt" \
        >"$stage/dropped-needed.tmp"
    mv "$stage/dropped-needed.tmp" "$stage/dropped-needed.txt"
    dropped=$(wc -l <"$stage/dropped-needed.txt")
    rm -rf "$work"
    say "dropped $dropped unused DT_NEEDED entries (see $stage/dropped-needed.txt): $before -> $(wc -l <"$stage/libs.tsv") libraries"
}

cmd_stage() {
    [ $# -ge 1 ] || die "usage: runtime-root.sh stage STAGE [BIN_DIR] [MODEL_DIR]"
    stage=$1 bin_dir=${2:-.build/release} model_dir=${3:-models/efficientnet-lite0}
    bin=$bin_dir/snakeid bridge=$bin_dir/libTorchBridge.so
    probe=$(command -v curl) || die "curl is not installed in the build environment"
    for tool in ldd nm readelf patchelf strip; do
        command -v "$tool" >/dev/null || die "$tool is not installed in the build environment"
    done
    for f in "$bin" "$bridge" "$model_dir/model.pt" "$model_dir/model.json" /etc/ssl/certs/ca-certificates.crt; do
        [ -f "$f" ] || die "missing $f"
    done
    # The binary must carry the Swift runtime statically (swift build --static-swift-stdlib).
    # libTorchBridge.so is C++, but SwiftPM links every dynamic-library product with swiftc,
    # whose swiftrt.o registers the (empty) Swift metadata with libswiftCore.so: that one
    # library then comes along in the closure (and is reported as the Swift runtime).
    if ldd "$bin" | grep -Eq 'libswift|libFoundation|libdispatch|libBlocksRuntime'; then
        die "$bin links the Swift runtime dynamically; build with swift build --static-swift-stdlib"
    fi

    rm -rf "$stage"
    mkdir -p "$stage/rootfs$APP_LIBDIR" "$stage/rootfs$APP_SHARE" "$stage/rootfs/usr/local/bin" "$stage/libs" "$stage/certs"
    strip_copy "$bin" "$stage/rootfs$APP_BIN"
    strip_copy "$bridge" "$stage/rootfs$APP_LIBDIR/libTorchBridge.so"
    chmod 0644 "$stage/rootfs$APP_LIBDIR/libTorchBridge.so"
    strip_copy "$probe" "$stage/rootfs$PROBE"
    bundle=$stage/rootfs$APP_SHARE/$(basename "$model_dir")
    mkdir -p "$bundle"
    cp "$model_dir/model.pt" "$model_dir/model.json" "$bundle/"
    chmod 0644 "$bundle"/*
    cp /etc/ssl/certs/ca-certificates.crt "$stage/certs/"

    # The closure, with the part each library belongs to: libraries the binary (or curl) needs
    # are "app", the rest (needed only by libTorchBridge.so) are "torch".
    closure "$bin" "$probe" >"$stage/app.list"
    closure "$bridge" >"$stage/torch.list"
    : >"$stage/libs.tsv"
    for part in app torch; do
        while read -r lib; do
            dst=$(usr_path "$lib")
            awk -F'\t' -v p="$dst" '$2 == p { found = 1 } END { exit !found }' "$stage/libs.tsv" && continue
            mkdir -p "$stage/libs$(dirname "$dst")"
            # cp follows the symlink chain: the real file, stored under the soname.
            cp -L "$lib" "$stage/libs$dst"
            chmod 0644 "$stage/libs$dst"
            printf '%s\t%s\n' "$part" "$dst" >>"$stage/libs.tsv"
        done <"$stage/$part.list"
    done
    rm -f "$stage/app.list" "$stage/torch.list"
    prune_needed "$stage"
    cp "$0" "$stage/runtime-root.sh"
    chmod 0755 "$stage/runtime-root.sh"
    say "staged $(wc -l <"$stage/libs.tsv") libraries, $(du -sm "$stage" | cut -f1) MB in $stage"
}

# True when the root already has a library of this name where the loader looks: the folder
# the build stage found it in, or any library folder (merged /usr: /lib is /usr/lib).
base_has() {
    for f in "$(dirname "$1")/$2" /usr/lib/*-linux-gnu/"$2" /usr/lib/"$2" /usr/local/lib/"$2"; do
        [ -e "$f" ] && return 0
    done
    return 1
}

cmd_install() {
    [ $# -eq 1 ] || die "usage: runtime-root.sh install STAGE"
    stage=$1
    [ "$(id -u)" = 0 ] || die "install must run as root inside the runtime root"
    [ -f "$stage/libs.tsv" ] || die "$stage is not a stage (run: runtime-root.sh stage)"
    [ -e /etc/debian_version ] || die "/ is not a Debian root"

    # Slim the base first, as debian:bookworm-slim is slimmed: no docs (the copyright files
    # stay), man pages, info, locales, apt lists or caches.
    find /usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete 2>/dev/null || true
    find /usr/share/doc -mindepth 1 -type d -empty -delete 2>/dev/null || true
    rm -rf /usr/share/man/* /usr/share/info/* /usr/share/groff/* /usr/share/lintian/* \
        /usr/share/linda/* /usr/share/locale/* /var/lib/apt/lists/* /var/cache/apt/* \
        /var/cache/debconf/*-old /var/lib/dpkg/*-old /var/log/* 2>/dev/null || true

    mkdir -p "$APP_SHARE"
    : >"$MANIFEST.new"
    while IFS="	" read -r part path; do
        name=$(basename "$path")
        if base_has "$path" "$name"; then
            printf '%s\t%s\t%s\n' base 0 "$path" >>"$MANIFEST.new"
            continue
        fi
        mkdir -p "$(dirname "$path")"
        cp "$stage/libs$path" "$path"
        chmod 0644 "$path"
        printf '%s\t%s\t%s\n' "$part" "$(wc -c <"$path")" "$path" >>"$MANIFEST.new"
    done <"$stage/libs.tsv"
    mv "$MANIFEST.new" "$MANIFEST"
    cp "$stage/dropped-needed.txt" "$APP_SHARE/dropped-needed.tsv"
    cp -R "$stage/rootfs/." /
    if [ ! -s /etc/ssl/certs/ca-certificates.crt ]; then
        mkdir -p /etc/ssl/certs
        cp "$stage/certs/ca-certificates.crt" /etc/ssl/certs/ca-certificates.crt
        chmod 0644 /etc/ssl/certs/ca-certificates.crt
    fi
    ldconfig

    if ! getent passwd "$RUNTIME_USER" >/dev/null; then
        groupadd --gid "$RUNTIME_UID" "$RUNTIME_USER"
        useradd --uid "$RUNTIME_UID" --gid "$RUNTIME_UID" --home-dir /nonexistent --no-create-home \
            --no-log-init --shell /usr/sbin/nologin "$RUNTIME_USER"
    fi

    # Every library the binary, the bridge and curl need, and every symbol these libraries
    # import (ldd -r relocates them all), must resolve here, in this root.
    verify=$(ldd -r "$APP_BIN" "$APP_LIBDIR/libTorchBridge.so" "$PROBE" 2>&1) || die "ldd failed: $verify"
    if echo "$verify" | grep -Eq "not found|undefined symbol"; then
        missing=$(echo "$verify" | grep -E "not found|undefined symbol")
        echo "$missing" | head -n 20 >&2
        die "$(echo "$missing" | wc -l) libraries or symbols missing from the runtime root"
    fi
    say "installed $(awk '$1 != "base"' "$MANIFEST" | wc -l) libraries ($(awk '$1 == "base"' "$MANIFEST" | wc -l) already in the base); ldd -r resolves every library and symbol"
}

mb() { awk -v b="$1" 'BEGIN { printf "%7.2f MB", b / 1000000 }'; }

cmd_sizes() {
    root=${1:-/}
    root=${root%/}
    manifest=$root$MANIFEST
    [ -f "$manifest" ] || die "no $manifest (run install first)"
    total=$(du -sb --exclude=proc --exclude=sys --exclude=dev "$root/" | cut -f1)
    disk=$(du -s -B1 --exclude=proc --exclude=sys --exclude=dev "$root/" | cut -f1)
    # Parts, each library counted once: Swift runtime, libtorch itself, the rest of the
    # bridge's closure, the binary's own libraries; "base" ones were in the Debian base.
    parts=$(awk -F'\t' '$1 != "base" {
            if ($3 ~ /\/lib(swift|Foundation|_Foundation|dispatch|BlocksRuntime)[^\/]*$/) p = "swift";
            else if ($1 == "torch" && $3 ~ /\/lib(torch|c10)[^\/]*$/) p = "torch_core";
            else p = $1;
            size[p] += $2; count[p]++ }
        END { for (p in size) print p, size[p], count[p] }' "$manifest")
    part() { echo "$parts" | awk -v p="$1" -v f="$2" '$1 == p { print $f; found = 1 } END { if (!found) print 0 }'; }
    torch_core=$(part torch_core 2) torch_deps=$(part torch 2) app_libs=$(part app 2) swift=$(part swift 2)
    bin=$(wc -c <"$root$APP_BIN")
    bridge=$(wc -c <"$root$APP_LIBDIR/libTorchBridge.so")
    probe=$(wc -c <"$root$PROBE")
    model=$(du -sb "$root$APP_SHARE"/*/ | awk '{ s += $1 } END { print s + 0 }')
    base=$((total - torch_core - torch_deps - app_libs - swift - bin - bridge - probe - model - $(wc -c <"$manifest")))
    ntorch=$(part torch 3) napp=$(part app 3) nswift=$(part swift 3)
    nbase=$(awk -F'\t' '$1 == "base"' "$manifest" | wc -l)
    row() { printf '  %-68s %s\n' "$1" "$(mb "$2")"; }
    echo "runtime root: $(mb "$total") (apparent size of its files; $(mb "$disk") on disk by du)"
    row "libtorch (libtorch_cpu, libc10, libtorch)" "$torch_core"
    row "libtorch's dependencies ($ntorch libraries, e.g. oneDNN)" "$torch_deps"
    row "the binary's own libraries ($napp: jpeg, png, curl, ncursesw...)" "$app_libs"
    row "Swift runtime ($nswift shared: the bridge's libswiftCore.so)" "$swift"
    row "snakeid binary (static Swift runtime, stripped)" "$bin"
    row "libTorchBridge.so" "$bridge"
    row "curl (the HEALTHCHECK probe)" "$probe"
    row "model bundle" "$model"
    row "Debian base, slimmed (has $nbase of the libraries) and the rest" "$base"
    echo "  largest libraries of the closure:"
    awk -F'\t' '$1 != "base" { print $2 "\t" $3 }' "$manifest" | sort -rn | head -12 |
        while IFS="	" read -r size path; do echo "    $(mb "$size")  $(basename "$path")"; done
}

# The slim root: everything in ROOT, nothing from a base image.
cmd_slim() {
    [ $# -ge 1 ] || die "usage: runtime-root.sh slim ROOT [BIN_DIR] [MODEL_DIR] [OPENVINO_DIR]"
    root=$1 bin_dir=${2:-.build/release} model_dir=${3:-models/efficientnet-lite0}
    openvino_dir=${4:-.cache/openvino}
    bin=$bin_dir/snakeid
    probe=$(command -v curl) || die "curl is not installed in the build environment"
    for tool in ldd strip python3 dpkg; do
        command -v "$tool" >/dev/null || die "$tool is not installed in the build environment"
    done
    for f in "$bin" "$model_dir/model.onnx" "$model_dir/model.json" /etc/ssl/certs/ca-certificates.crt \
        "$openvino_dir/licenses/LICENSE"; do
        [ -f "$f" ] || die "missing $f"
    done
    ls "$openvino_dir"/libs/libopenvino_c.so.* >/dev/null 2>&1 || die "no OpenVINO runtime in $openvino_dir/libs (make openvino-runtime)"
    if ldd "$bin" | grep -Eq 'libswift|libFoundation|libdispatch|libBlocksRuntime'; then
        die "$bin links the Swift runtime dynamically; build with swift build --static-swift-stdlib"
    fi

    rm -rf "$root"
    mkdir -p "$root/usr/local/bin" "$root$APP_LIBDIR/openvino" "$root$APP_SHARE/licenses/openvino" \
        "$root/usr/lib/x86_64-linux-gnu" "$root/usr/share/doc" "$root/etc/ssl/certs" "$root/tmp" \
        "$root/proc" "$root/sys" "$root/dev"
    chmod 1777 "$root/tmp"
    # Merged /usr, as Debian has it: the loader's path in every ELF file is /lib64/ld-linux-x86-64.so.2.
    ln -s usr/lib "$root/lib"
    ln -s usr/lib64 "$root/lib64"
    strip_copy "$bin" "$root$APP_BIN"
    strip_copy "$probe" "$root$PROBE"
    for lib in "$openvino_dir"/libs/*; do
        cp -L "$lib" "$root$APP_LIBDIR/openvino/"
    done
    chmod 0644 "$root$APP_LIBDIR"/openvino/*
    cp -R "$openvino_dir/licenses/." "$root$APP_SHARE/licenses/openvino/"
    bundle=$root$APP_SHARE/$(basename "$model_dir")
    mkdir -p "$bundle"
    cp "$model_dir/model.onnx" "$bundle/"
    # The bundle's ONNX file only: without "weights", the bundle names OpenVINO as its engine.
    python3 -c 'import json, sys
m = json.load(open(sys.argv[1])); m.pop("weights", None)
json.dump(m, open(sys.argv[2], "w"), indent=2, ensure_ascii=False); open(sys.argv[2], "a").write("\n")' \
        "$model_dir/model.json" "$bundle/model.json"
    chmod 0644 "$bundle"/*
    cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
    printf 'root:x:0:0:root:/root:/usr/sbin/nologin\n%s:x:%s:%s:SnakeID:/nonexistent:/usr/sbin/nologin\n' \
        "$RUNTIME_USER" "$RUNTIME_UID" "$RUNTIME_UID" >"$root/etc/passwd"
    printf 'root:x:0:\n%s:x:%s:\n' "$RUNTIME_USER" "$RUNTIME_UID" >"$root/etc/group"
    printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
    printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"

    # The closure of everything that runs, glibc and its loader included (the libraries of the
    # wheel find one another by their $ORIGIN run path, in the same folder).
    : >"$root$MANIFEST.tmp"
    closure "$bin" "$probe" "$openvino_dir"/libs/*.so* >"$root/.closure"
    loader=$(readelf -l "$bin" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
    [ -n "$loader" ] || die "no program interpreter in $bin"
    echo "$loader" >>"$root/.closure"
    while read -r lib; do
        case $lib in "$openvino_dir"/* | "$(realpath "$openvino_dir")"/*) continue ;; esac
        dst=/usr/lib/x86_64-linux-gnu/$(basename "$lib")
        [ -e "$root$dst" ] && continue
        cp -L "$lib" "$root$dst"
        chmod 0644 "$root$dst"
        printf 'system\t%s\t%s\n' "$(wc -c <"$root$dst")" "$dst" >>"$root$MANIFEST.tmp"
        # The copyright file of the Debian package the library comes from.
        package=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$(usr_path "$lib")" 2>/dev/null || dpkg -S "$(realpath "$lib")" 2>/dev/null || true)
        package=${package%%:*}
        if [ -n "$package" ] && [ -f "/usr/share/doc/$package/copyright" ] && [ ! -e "$root/usr/share/doc/$package" ]; then
            mkdir -p "$root/usr/share/doc/$package"
            cp "/usr/share/doc/$package/copyright" "$root/usr/share/doc/$package/"
        fi
    done <"$root/.closure"
    rm "$root/.closure"
    # The loader also under the path the ELF files ask for; it runs, so it is executable.
    chmod 0755 "$root/usr/lib/x86_64-linux-gnu/$(basename "$loader")"
    mkdir -p "$root/usr/lib64"
    ln -s "../lib/x86_64-linux-gnu/$(basename "$loader")" "$root/usr/lib64/$(basename "$loader")"
    for lib in "$root$APP_LIBDIR"/openvino/*; do
        printf 'openvino\t%s\t%s\n' "$(wc -c <"$lib")" "${lib#"$root"}" >>"$root$MANIFEST.tmp"
    done
    mv "$root$MANIFEST.tmp" "$root$MANIFEST"

    # Every library and symbol resolves inside the root, with the root's own loader: ld.so
    # --list with every symbol bound (what `ldd -r` does), run in a chroot when this is root.
    if [ "$(id -u)" = 0 ]; then
        chroot=$(command -v chroot) || die "chroot is not installed"
        out=
        for file in "$root$APP_BIN" "$root$PROBE" "$root$APP_LIBDIR"/openvino/libopenvino_c.so.* \
            "$root$APP_LIBDIR"/openvino/libopenvino_intel_cpu_plugin.so "$root$APP_LIBDIR"/openvino/libopenvino_onnx_frontend.so.*; do
            file=${file#"$root"}
            listed=$(env -i LD_WARN=yes LD_BIND_NOW=yes "$chroot" "$root" "$loader" --list "$file" 2>&1) ||
                die "the root's loader cannot list $file: $(echo "$listed" | grep -v '=>' | head -n 5)"
            out="$out$listed
"
        done
        if echo "$out" | grep -Eq "not found|undefined symbol"; then
            echo "$out" | grep -E "not found|undefined symbol" | head -n 20 >&2
            die "libraries or symbols missing from the slim root"
        fi
        say "slim root: the root's loader resolves every library and symbol of snakeid, curl and OpenVINO"
    fi
    say "slim root: $(awk -F'\t' '$1 == "system"' "$root$MANIFEST" | wc -l) system libraries, $(du -sm "$root" | cut -f1) MB in $root"
}

cmd_slim_sizes() {
    [ $# -eq 1 ] || die "usage: runtime-root.sh slim-sizes ROOT"
    root=${1%/}
    manifest=$root$MANIFEST
    [ -f "$manifest" ] || die "no $manifest (run slim first)"
    total=$(du -sb "$root/" | cut -f1)
    part() { awk -F'\t' -v p="$1" '$1 == p { s += $2; n++ } END { print s + 0, n + 0 }' "$manifest"; }
    set -- $(part openvino)
    openvino=$1 nopenvino=$2
    set -- $(part system)
    system=$1 nsystem=$2
    bin=$(wc -c <"$root$APP_BIN")
    probe=$(wc -c <"$root$PROBE")
    model=$(du -sb "$root$APP_SHARE"/*/model.onnx | awk '{ s += $1 } END { print s + 0 }')
    rest=$((total - openvino - system - bin - probe - model))
    row() { printf '  %-68s %s\n' "$1" "$(mb "$2")"; }
    echo "slim root: $(mb "$total") (apparent size of its files)"
    row "OpenVINO runtime ($nopenvino libraries of the wheel)" "$openvino"
    row "system libraries ($nsystem, glibc and its loader included)" "$system"
    row "snakeid binary (static Swift runtime, stripped)" "$bin"
    row "curl (the HEALTHCHECK probe)" "$probe"
    row "model (ONNX)" "$model"
    row "the rest (model.json, CA bundle, licences, /etc)" "$rest"
}

case ${1:-} in
    stage) shift; cmd_stage "$@" ;;
    install) shift; cmd_install "$@" ;;
    sizes) shift; cmd_sizes "$@" ;;
    slim) shift; cmd_slim "$@" ;;
    slim-sizes) shift; cmd_slim_sizes "$@" ;;
    *) die "usage: runtime-root.sh stage STAGE [BIN_DIR] [MODEL_DIR] | install STAGE | sizes [ROOT] | slim ROOT [BIN_DIR] [MODEL_DIR] [OPENVINO_DIR] | slim-sizes ROOT" ;;
esac
