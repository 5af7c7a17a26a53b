"""Draws the site's raster icons into static/icons/ with Pillow: the favicon (ICO), the
apple-touch-icon, the web-app icons and the link-preview image (og:image).

The same house as static/icons/favicon.svg, drawn at 8× and scaled down. Run by hand after a
change of the mark or the colours: `.venv/bin/python scripts/make_icons.py`; commit the files.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parents[1] / "static" / "icons"
BRAND, SAND, ACCENT = "#0e5a5f", "#efe4d2", "#a8431a"
SCALE = 8


def house(size: int, *, padding: float = 0.0, rounded: bool = True) -> Image.Image:
    """The mark on a teal square; `padding` (a share of the side) keeps it inside safe zones."""
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    radius = big * 7 / 32 if rounded else 0
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=radius, fill=BRAND)
    inner = big * (1 - 2 * padding)
    unit = inner / 32
    offset = big * padding

    def p(x: float, y: float) -> tuple[float, float]:
        return offset + x * unit, offset + y * unit

    draw.rectangle((*p(9, 15), *p(23, 25)), fill=SAND)
    draw.line(
        [p(5.5, 16), p(16, 7.5), p(26.5, 16)], fill=SAND, width=round(3 * unit), joint="curve"
    )
    for x, y in (p(5.5, 16), p(26.5, 16)):
        r = 1.5 * unit
        draw.ellipse((x - r, y - r, x + r, y + r), fill=SAND)
    draw.rounded_rectangle((*p(14, 18), *p(18, 25)), radius=unit, fill=ACCENT)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def preview() -> Image.Image:
    """1200 × 630 for link previews: the mark and the site's name on teal."""
    image = Image.new("RGB", (1200, 630), BRAND)
    image.paste(house(260, rounded=True).convert("RGB"), (110, 185))
    draw = ImageDraw.Draw(image)
    bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
    regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    draw.text((420, 220), "Stadtteilzentren", font=ImageFont.truetype(bold, 72), fill="#ffffff")
    draw.text((420, 305), "Berlin", font=ImageFont.truetype(bold, 72), fill="#ffffff")
    draw.text(
        (420, 410),
        "Nachbarschaft in allen zwölf Bezirken",
        font=ImageFont.truetype(regular, 34),
        fill=SAND,
    )
    draw.rectangle((0, 610, 1200, 630), fill=ACCENT)
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    house(48).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    # Apple and maskable icons are cut by the system: square, the mark inside the safe zone.
    house(180, padding=0.08, rounded=False).convert("RGB").save(OUT / "apple-touch-icon.png")
    house(192, padding=0.1, rounded=False).save(OUT / "icon-192.png")
    house(512, padding=0.1, rounded=False).save(OUT / "icon-512.png")
    preview().save(OUT / "og-image.png", optimize=True)


if __name__ == "__main__":
    main()
