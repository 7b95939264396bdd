#!/usr/bin/env python3
"""Regenerates the seed corpus in Fuzz/corpus/{jpeg,png} (already committed; run by hand only).

Small valid files covering the variants the decoders claim (progressive, CMYK, grey, EXIF
orientation, arithmetic coding, restart markers, DCT scaling; every PNG colour type and bit
depth, palette with tRNS, Adam7, eXIf before and after IDAT, text and colour chunks, split IDAT,
all five row filters), plus a few tiny hostile ones (declared lengths and sizes far beyond the
data, truncation). Pixels come from ../shared/images/formats, downscaled.

Needs Pillow (pip install pillow) and jpegtran (apt-get install libjpeg-turbo-progs).
Usage: python3 Fuzz/make-corpus.py [--images ../shared/images/formats]
"""

import argparse
import io
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent


# --- PNG, written by hand for full control over chunks, filters and interlacing --------------

def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def ihdr(width, height, bit_depth, color_type, interlace=0) -> bytes:
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0,
                                      interlace))


CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
SIGNATURE = b"\x89PNG\r\n\x1a\n"
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2)]


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_rows(rows, bpp, first_filter=0):
    """Filters each packed row with filter type (first_filter + y) % 5: all five get used."""
    out, prev = bytearray(), None
    for y, row in enumerate(rows):
        ftype = (first_filter + y) % 5
        prior = prev if prev is not None else bytes(len(row))
        line = bytearray()
        for x, value in enumerate(row):
            a = row[x - bpp] if x >= bpp else 0
            b = prior[x]
            c = prior[x - bpp] if x >= bpp else 0
            predictor = [0, a, b, (a + b) // 2, paeth(a, b, c)][ftype]
            line.append((value - predictor) & 0xFF)
        out += bytes([ftype]) + line
        prev = row
    return bytes(out)


def pack_row(samples, bit_depth):
    """Samples (ints) of one row to bytes at the given depth."""
    if bit_depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    if bit_depth == 8:
        return bytes(samples)
    out, acc, nbits = bytearray(), 0, 0
    for s in samples:
        acc = (acc << bit_depth) | s
        nbits += bit_depth
        if nbits == 8:
            out.append(acc)
            acc, nbits = 0, 0
    if nbits:
        out.append(acc << (8 - nbits))
    return bytes(out)


def image_data(pixels, width, height, bit_depth, color_type, interlace):
    """pixels: list of rows, each a list of per-pixel tuples of samples."""
    channels = CHANNELS[color_type]
    bpp = max(1, channels * bit_depth // 8)
    if not interlace:
        rows = [pack_row([s for px in row for s in px], bit_depth) for row in pixels]
        return filter_rows(rows, bpp)
    raw = b""
    for i, (x0, y0, dx, dy) in enumerate(ADAM7):
        rows = []
        for y in range(y0, height, dy):
            row = [pixels[y][x] for x in range(x0, width, dx)]
            if row:
                rows.append(pack_row([s for px in row for s in px], bit_depth))
        if rows:
            raw += filter_rows(rows, bpp, first_filter=i)
    return raw


def png(pixels, bit_depth, color_type, interlace=0, before=(), after=(), idat_split=None):
    height, width = len(pixels), len(pixels[0])
    raw = image_data(pixels, width, height, bit_depth, color_type, interlace)
    z = zlib.compress(raw, 9)
    out = SIGNATURE + ihdr(width, height, bit_depth, color_type, interlace)
    out += b"".join(before)
    if idat_split:
        parts = [z[:1], b"", z[1:idat_split], z[idat_split:]]
        out += b"".join(chunk(b"IDAT", p) for p in parts)
    else:
        out += chunk(b"IDAT", z)
    out += b"".join(after) + chunk(b"IEND", b"")
    return out


def tiff_orientation(value: int, big_endian: bool) -> bytes:
    e = ">" if big_endian else "<"
    return ((b"MM" if big_endian else b"II") + struct.pack(e + "HI", 42, 8)
            + struct.pack(e + "H", 1) + struct.pack(e + "HHIHH", 0x0112, 3, 1, value, 0)
            + struct.pack(e + "I", 0))


def write(path: Path, data: bytes):
    path.write_bytes(data)
    print(f"{len(data):7d}  {path.relative_to(HERE)}")


def make_png(cobra: Image.Image, out: Path):
    small = cobra.convert("RGBA").resize((20, 48), Image.LANCZOS)
    rgba = [[small.getpixel((x, y)) for x in range(small.width)] for y in range(small.height)]
    for y in range(small.height):  # some transparency
        for x in range(small.width):
            r, g, b, _ = rgba[y][x]
            rgba[y][x] = (r, g, b, (x * 13 + y * 7) % 256)
    grey = [[((r * 299 + g * 587 + b * 114) // 1000,) for r, g, b, _ in row] for row in rgba]

    def to16(v):
        return min(65535, v * 257 + (v % 7))  # not a pure byte repeat: the low byte matters

    def rgb(row): return [px[:3] for px in row]
    rows_rgb = [rgb(r) for r in rgba]
    palette_img = small.convert("RGB").quantize(colors=200)
    pal = palette_img.getpalette()[: 200 * 3]
    idx = [[(palette_img.getpixel((x, y)),) for x in range(small.width)] for y in range(small.height)]
    plte = chunk(b"PLTE", bytes(pal))
    trns_pal = chunk(b"tRNS", bytes(range(0, 250, 5)))

    write(out / "rgb8.png", png(rows_rgb, 8, 2))
    write(out / "rgba8.png", png(rgba, 8, 6))
    write(out / "grey8.png", png(grey, 8, 0))
    write(out / "grey_alpha8.png", png([[(g[0], a[3]) for g, a in zip(gr, ar)]
                                        for gr, ar in zip(grey, rgba)], 8, 4))
    write(out / "grey16.png", png([[(to16(g[0]),) for g in row] for row in grey], 16, 0))
    write(out / "grey_alpha16.png", png([[(to16(g[0]), to16(a[3])) for g, a in zip(gr, ar)]
                                         for gr, ar in zip(grey, rgba)], 16, 4))
    write(out / "rgb16.png", png([[tuple(to16(s) for s in px) for px in row] for row in rows_rgb],
                                 16, 2))
    write(out / "rgba16.png", png([[tuple(to16(s) for s in px) for px in row] for row in rgba],
                                  16, 6))
    for depth in (1, 2, 4):
        write(out / f"grey{depth}.png",
              png([[(g[0] >> (8 - depth),) for g in row] for row in grey], depth, 0))
    write(out / "palette8_trns.png", png(idx, 8, 3, before=[plte, trns_pal]))
    pal16 = small.convert("RGB").quantize(colors=16)
    idx16 = [[(pal16.getpixel((x, y)),) for x in range(small.width)] for y in range(small.height)]
    write(out / "palette4.png", png(idx16, 4, 3, before=[chunk(b"PLTE", bytes(pal16.getpalette()[:48]))]))
    write(out / "palette1.png", png([[(v[0] & 1,) for v in row] for row in idx], 1, 3,
                                    before=[chunk(b"PLTE", bytes([0, 0, 0, 255, 255, 255]))]))
    write(out / "rgb8_trns.png", png(rows_rgb, 8, 2, before=[chunk(b"tRNS", struct.pack(">HHH", *rows_rgb[0][0]))]))
    write(out / "grey16_trns.png", png([[(to16(g[0]),) for g in row] for row in grey], 16, 0,
                                       before=[chunk(b"tRNS", struct.pack(">H", to16(grey[0][0][0])))]))
    # Adam7, including sizes whose passes are partly empty.
    write(out / "rgb8_adam7.png", png(rows_rgb, 8, 2, interlace=1))
    write(out / "palette8_adam7.png", png(idx, 8, 3, interlace=1, before=[plte, trns_pal]))
    write(out / "grey16_adam7.png", png([[(to16(g[0]),) for g in row] for row in grey], 16, 0, interlace=1))
    write(out / "rgba16_adam7.png", png([[tuple(to16(s) for s in px) for px in row[:7]] for row in rgba[:5]],
                                        16, 6, interlace=1))
    write(out / "grey2_adam7_3x1.png", png([[(1,), (2,), (3,)]], 2, 0, interlace=1))
    write(out / "rgb8_adam7_1x1.png", png([[(200, 10, 30)]], 8, 2, interlace=1))
    # eXIf before and after the image data; MM and II byte orders.
    write(out / "exif_before_idat_o6.png", png(rows_rgb, 8, 2, before=[chunk(b"eXIf", tiff_orientation(6, False))]))
    write(out / "exif_after_idat_o8_mm.png", png(rows_rgb, 8, 2, after=[chunk(b"eXIf", tiff_orientation(8, True))]))
    # Ancillary chunks libpng parses, on both sides of IDAT; IDAT split in four (one empty).
    text = [chunk(b"tEXt", b"Title\0a snake"),
            chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"found in the garden " * 4)),
            chunk(b"iTXt", b"Author\0\0\0en\0Autor\0someone"),
            chunk(b"iTXt", b"Description\0\1\0fr\0\0" + zlib.compress("un serpent".encode()))]
    colour = [chunk(b"gAMA", struct.pack(">I", 45455)),
              chunk(b"cHRM", struct.pack(">8I", 31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000)),
              chunk(b"sBIT", bytes([5, 6, 5])),
              chunk(b"iCCP", b"fake\0\0" + zlib.compress(b"\0" * 128)),
              chunk(b"bKGD", struct.pack(">HHH", 1, 2, 3)),
              chunk(b"pHYs", struct.pack(">IIB", 2835, 2835, 1)),
              chunk(b"tIME", struct.pack(">HBBBBB", 2024, 5, 17, 12, 0, 0)),
              chunk(b"prVt", b"private ancillary chunk")]
    write(out / "chunks_split_idat.png", png(rows_rgb, 8, 2, before=colour + text[:2],
                                             after=text[2:], idat_split=200))
    write(out / "palette_hist_splt.png", png(idx16, 4, 3, before=[
        chunk(b"PLTE", bytes(pal16.getpalette()[:48])), chunk(b"hIST", bytes(32)),
        chunk(b"sPLT", b"pal\0\x08" + bytes(6 * 4))]))

    # Large enough for the reduced decode with the classifier's hint (shorter side >= 256) to
    # pick 1/2, with a width that is not a multiple of it (partial blocks at the edge). Larger
    # seeds cost 0.3 s an execution under the sanitizers; the fuzzer reaches 1/4 and 1/8 by
    # growing IHDR sizes (the rows before the data runs out).
    ramp = [[((x + y) % 256,) for x in range(517)] for y in range(512)]
    write(out / "reduced_half_517x512_grey8.png", png(ramp, 8, 0))

    # Hostile, hand-made.
    sig_ihdr = SIGNATURE + ihdr(1, 1, 8, 2)
    for kind in (b"tEXt", b"zTXt", b"iTXt", b"eXIf"):  # 45 bytes: 2 GiB declared, 4 bytes there
        write(out / f"hostile_{kind.decode()}_len_7fffffff.png",
              sig_ihdr + struct.pack(">I", 0x7FFFFFFF) + kind + b"k\0ab")
    write(out / "hostile_100000000x1.png", SIGNATURE + ihdr(100_000_000, 1, 8, 2)
          + chunk(b"IDAT", zlib.compress(b"\0" + bytes(3 * 1024))[:40]) + chunk(b"IEND", b""))
    write(out / "hostile_100000x100000.png", SIGNATURE + ihdr(100_000, 100_000, 8, 2)
          + chunk(b"IDAT", zlib.compress(bytes(1000))) + chunk(b"IEND", b""))
    rgb8 = png(rows_rgb, 8, 2)
    write(out / "hostile_truncated.png", rgb8[: len(rgb8) // 2])
    write(out / "hostile_bad_crc.png", rgb8[:-5] + bytes([rgb8[-5] ^ 1]) + rgb8[-4:])


# --- JPEG: Pillow, then jpegtran for arithmetic coding, restarts and progression -----------

def jpegtran(src: Path, dst: Path, *args: str):
    data = subprocess.run(["jpegtran", *args, str(src)], check=True, capture_output=True).stdout
    write(dst, data)


def scan_start(data: bytes) -> int:
    """Offset of the first entropy-coded byte (after the first SOS header)."""
    i = data.index(b"\xff\xda")
    return i + 2 + struct.unpack(">H", data[i + 2:i + 4])[0]


def make_jpeg(images: Path, cobra: Image.Image, out: Path):
    small = cobra.convert("RGB").resize((48, 112), Image.LANCZOS)

    def save(name, image, **kw):
        buf = io.BytesIO()
        image.save(buf, "JPEG", **kw)
        write(out / name, buf.getvalue())
        return out / name

    base = save("baseline_420.jpg", small, quality=75)
    save("baseline_444.jpg", small, quality=90, subsampling=0)
    save("baseline_422.jpg", small, quality=60, subsampling=1)
    save("progressive.jpg", small, quality=75, progressive=True)
    save("grey.jpg", small.convert("L"), quality=75)
    save("cmyk_adobe.jpg", small.convert("CMYK"), quality=75)
    rotated = Image.open(images / "cobra_exif_rotated.jpg")
    exif = rotated.info["exif"]
    save("exif_orientation6.jpg", rotated.convert("RGB").resize((112, 48), Image.LANCZOS),
         quality=70, exif=exif)
    save("exif_orientation3_mm.jpg", small, quality=70,
         exif=b"Exif\0\0" + tiff_orientation(3, True))
    jpegtran(base, out / "arithmetic.jpg", "-arithmetic")
    jpegtran(base, out / "progressive_arithmetic.jpg", "-progressive", "-arithmetic")
    jpegtran(base, out / "restart_every_2_blocks.jpg", "-restart", "2B")
    # Big enough for the classifier's hint (shorter side >= 256) to pick 1/2. Larger seeds for 1/4
    # and 1/8 would cost 0.3-1.2 s an execution under the sanitizers; the fuzzer reaches those
    # scales from hostile_10000x10000.jpg (the rows before its data runs out).
    gradient = Image.linear_gradient("L").resize((512, 512)).convert("RGB")
    save("scaled_half_512.jpg", gradient, quality=20)

    # Hostile, hand-made.
    data = base.read_bytes()
    start = scan_start(data)
    cut = start + (len(data) - start) // 2
    write(out / "hostile_truncated.jpg", data[:cut])
    write(out / "hostile_truncated_then_eoi.jpg", data[:cut] + b"\xff\xd9")
    sof = data.index(b"\xff\xc0")
    def with_size(w, h):
        return data[:sof + 5] + struct.pack(">HH", h, w) + data[sof + 9:]
    write(out / "hostile_65500x65500.jpg", with_size(65500, 65500))
    write(out / "hostile_10000x10000.jpg", with_size(10000, 10000))
    write(out / "hostile_12bit.jpg", data[:sof + 4] + b"\x0c" + data[sof + 5:])
    write(out / "hostile_no_scan.jpg", data[:data.index(b"\xff\xda")] + b"\xff\xd9")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=Path, default=HERE.parent.parent / "shared/images/formats")
    args = parser.parse_args()
    cobra = Image.open(args.images / "cobra_rgb.png")
    for kind, make in (("png", lambda o: make_png(cobra, o)),
                       ("jpeg", lambda o: make_jpeg(args.images, cobra, o))):
        out = HERE / "corpus" / kind
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        make(out)
    total = sum(p.stat().st_size for p in (HERE / "corpus").rglob("*") if p.is_file())
    print(f"total {total} bytes")


if __name__ == "__main__":
    main()
