#!/usr/bin/env bash
# Builds libjpeg-turbo, libpng and zlib from Debian's source packages with the fuzzing sanitizers
# and coverage instrumentation, as static libraries, for the harnesses in Fuzz/. Called by
# mk/fuzz.mk; all state lives under $FUZZ_CACHE (default .cache/fuzz), which is never committed.
#
# The sources are the Debian source packages of the libraries the app links (libjpeg62-turbo,
# libpng16-16, zlib1g), with Debian's patches applied; the installed version when the mirror
# still has it, else the newest one it has. They come through apt with a private deb-src list
# and private apt state, so the system's apt configuration is left untouched.
#
# Writes $FUZZ_CACHE/libs/{include,lib}, link.txt (the linker arguments for the harnesses) and
# info.txt (what was built). When the sources cannot be had (no deb-src access) or
# FUZZ_INSTRUMENT_LIBS=0, it falls back to the system libraries, uninstrumented, and says so:
# only the shim itself is then instrumented.
#
# Environment: CC (clang with libFuzzer), LIB_CFLAGS (compiler flags for the libraries),
# FUZZ_CACHE, FUZZ_INSTRUMENT_LIBS (1), FUZZ_JPEG_SIMD (0), FUZZ_DEBIAN_MIRROR,
# FUZZ_DEBIAN_SECURITY_MIRROR.
set -euo pipefail

: "${CC:?CC must name clang}"
: "${LIB_CFLAGS:?LIB_CFLAGS must be set}"
CACHE=$(mkdir -p "${FUZZ_CACHE:-.cache/fuzz}" && cd "${FUZZ_CACHE:-.cache/fuzz}" && pwd)
INSTRUMENT=${FUZZ_INSTRUMENT_LIBS:-1}
# libjpeg-turbo's SIMD code is assembly that neither ASan nor coverage sees; without it the C
# fallbacks (IDCT, upsampling, colour conversion) are instrumented instead. 1 needs nasm.
JPEG_SIMD=${FUZZ_JPEG_SIMD:-0}
MIRROR=${FUZZ_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${FUZZ_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
JOBS=$(nproc 2>/dev/null || echo 2)

LIBS=$CACHE/libs
APT=$CACHE/apt
SRC=$CACHE/src
BUILD=$CACHE/build
log() { echo "fuzz-libs: $*" >&2; }

fallback() {
    log "WARNING: $1"
    log "WARNING: linking the SYSTEM libjpeg and libpng, NOT instrumented (only the shim is)."
    rm -rf "$LIBS" && mkdir -p "$LIBS/include" "$LIBS/lib"
    echo "-ljpeg -lpng16 -lz -lm" >"$LIBS/link.txt"
    printf 'libjpeg: system %s (uninstrumented)\nlibpng: system %s (uninstrumented)\n' \
        "$(dpkg-query -W -f='${Version}' libjpeg62-turbo 2>/dev/null || echo '?')" \
        "$(dpkg-query -W -f='${Version}' libpng16-16 2>/dev/null || echo '?')" >"$LIBS/info.txt"
    exit 0
}

[ "$INSTRUMENT" = 1 ] || fallback "FUZZ_INSTRUMENT_LIBS=$INSTRUMENT"

# --- sources -------------------------------------------------------------------------------
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$codename" ] || fallback "cannot tell the Debian release from /etc/os-release"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$SRC"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
cat >"$APT/sources.list" <<EOF
deb-src [signed-by=$keyring] $MIRROR $codename main
deb-src [signed-by=$keyring] $MIRROR $codename-updates main
deb-src [signed-by=$keyring] $SECURITY_MIRROR $codename-security main
EOF
apt_opts=(-o "Dir::Etc::SourceList=$APT/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache" -o APT::Sandbox::User=root)

# fetch SOURCE_PACKAGE BINARY_PACKAGE DIR: unpacks the source (patches applied) into DIR/tree.
fetch() {
    local source=$1 binary=$2 dir=$SRC/$3
    [ -f "$dir/tree/.fetched" ] && return 0
    if [ ! -f "$APT/updated" ]; then
        apt-get "${apt_opts[@]}" -qq update >&2 && touch "$APT/updated" || return 1
    fi
    local installed versions v
    installed=$(dpkg-query -W -f='${source:Version}' "$binary" 2>/dev/null || true)
    versions=$(apt-cache "${apt_opts[@]}" showsrc "$source" 2>/dev/null \
        | sed -n 's/^Version: //p' | sort -rVu)
    for v in $installed $versions; do
        rm -rf "$dir" && mkdir -p "$dir"
        if (cd "$dir" && apt-get "${apt_opts[@]}" -qq source --only-source "$source=$v" \
            >/dev/null 2>&1); then
            local tree
            tree=$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -1)
            [ -n "$tree" ] || continue
            mv "$tree" "$dir/tree"
            echo "$source $v$([ "$v" = "$installed" ] && echo ' (the installed version)' \
                || echo " (installed: ${installed:-none})")" >"$dir/tree/.fetched"
            log "fetched $(cat "$dir/tree/.fetched")"
            return 0
        fi
    done
    rm -rf "$dir"
    return 1
}

fetch libjpeg-turbo libjpeg62-turbo jpeg \
    || fallback "could not fetch the libjpeg-turbo source package"
fetch libpng1.6 libpng16-16 png || fallback "could not fetch the libpng1.6 source package"
fetch zlib zlib1g zlib || fallback "could not fetch the zlib source package"

# --- builds ---------------------------------------------------------------------------------
rm -rf "$LIBS" "$BUILD" && mkdir -p "$LIBS/include" "$LIBS/lib" "$BUILD"
cmake_common=(-G "Unix Makefiles" -DCMAKE_C_COMPILER="$CC" -DCMAKE_BUILD_TYPE=None
    -DCMAKE_C_FLAGS="$LIB_CFLAGS" -DCMAKE_POSITION_INDEPENDENT_CODE=ON -Wno-dev)

log "building libjpeg-turbo (WITH_SIMD=$JPEG_SIMD)"
cmake -S "$SRC/jpeg/tree" -B "$BUILD/jpeg" "${cmake_common[@]}" -DENABLE_SHARED=0 \
    -DENABLE_STATIC=1 -DWITH_TURBOJPEG=0 -DWITH_SIMD="$JPEG_SIMD" -DREQUIRE_SIMD="$JPEG_SIMD" \
    >"$BUILD/jpeg.log" 2>&1 || { tail -30 "$BUILD/jpeg.log" >&2; exit 1; }
make -C "$BUILD/jpeg" -j"$JOBS" jpeg-static >>"$BUILD/jpeg.log" 2>&1 \
    || { tail -30 "$BUILD/jpeg.log" >&2; exit 1; }
cp "$BUILD/jpeg/libjpeg.a" "$LIBS/lib/"
cp "$SRC/jpeg/tree/"{jpeglib.h,jerror.h,jmorecfg.h} "$BUILD/jpeg/jconfig.h" "$LIBS/include/"

log "building zlib"
# zlib's own configure, in a copy of the tree (its CMake build renames files in the source tree).
cp -a "$SRC/zlib/tree" "$BUILD/zlib"
(cd "$BUILD/zlib" && CC="$CC" CFLAGS="$LIB_CFLAGS" ./configure --static && make -j"$JOBS" libz.a) \
    >"$BUILD/zlib.log" 2>&1 || { tail -30 "$BUILD/zlib.log" >&2; exit 1; }
cp "$BUILD/zlib/libz.a" "$LIBS/lib/"
cp "$BUILD/zlib/"{zlib.h,zconf.h} "$LIBS/include/"

log "building libpng"
cmake -S "$SRC/png/tree" -B "$BUILD/png" "${cmake_common[@]}" -DPNG_SHARED=OFF -DPNG_STATIC=ON \
    -DPNG_TESTS=OFF -DPNG_EXECUTABLES=OFF -DZLIB_LIBRARY="$LIBS/lib/libz.a" \
    -DZLIB_INCLUDE_DIR="$LIBS/include" >"$BUILD/png.log" 2>&1 \
    || { tail -30 "$BUILD/png.log" >&2; exit 1; }
make -C "$BUILD/png" -j"$JOBS" png_static >>"$BUILD/png.log" 2>&1 \
    || { tail -30 "$BUILD/png.log" >&2; exit 1; }
cp "$BUILD/png/libpng16.a" "$LIBS/lib/"
cp "$SRC/png/tree/"{png.h,pngconf.h} "$BUILD/png/pnglibconf.h" "$LIBS/include/"

echo "$LIBS/lib/libjpeg.a $LIBS/lib/libpng16.a $LIBS/lib/libz.a -lm" >"$LIBS/link.txt"
{
    echo "libjpeg: $(cat "$SRC/jpeg/tree/.fetched"), instrumented, WITH_SIMD=$JPEG_SIMD"
    echo "libpng: $(cat "$SRC/png/tree/.fetched"), instrumented"
    echo "zlib: $(cat "$SRC/zlib/tree/.fetched"), instrumented"
    echo "flags: $LIB_CFLAGS"
} >"$LIBS/info.txt"
sed 's/^/fuzz-libs: /' "$LIBS/info.txt" >&2
