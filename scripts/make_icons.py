"""Draw Terbalik's app icons: an upside-down "T" ("terbalik" = upside down) on the brand green.

Run once after changing the design; the PNG/ICO files it writes are committed:
    .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

GREEN = (11, 93, 75)  # --tb-brand
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parents[1] / "src/terbalik/core/static/terbalik/icons"

# The glyph on a 100 x 100 grid: a stem and a foot (the T's bar, at the bottom).
STEM = (43, 24, 57, 70)
FOOT = (24, 64, 76, 78)


def draw(size: int, *, maskable: bool) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:  # full bleed; the glyph stays inside the 80 % safe circle
        pen.rectangle((0, 0, size, size), fill=GREEN)
        scale, offset = size * 0.6 / 100, size * 0.2
    else:
        pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=size * 0.2, fill=GREEN)
        scale, offset = size / 100, 0.0
    for x0, y0, x1, y1 in (STEM, FOOT):
        pen.rectangle((offset + x0 * scale, offset + y0 * scale,
                       offset + x1 * scale, offset + y1 * scale), fill=WHITE)
    return image


def svg() -> str:
    rects = "".join(f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="#fff"/>'
                    for x0, y0, x1, y1 in (STEM, FOOT))
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
            '<title>Terbalik</title>'
            f'<rect width="100" height="100" rx="20" fill="#0b5d4b"/>{rects}</svg>\n')


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
        draw(size, maskable=True).save(OUT / f"icon-maskable-{size}.png", optimize=True)
    draw(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    draw(64, maskable=False).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    (OUT / "icon.svg").write_text(svg(), encoding="utf-8")


if __name__ == "__main__":
    main()
