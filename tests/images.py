"""Images made on the spot for the tests of badge photos (Pillow, as the app reads them)."""

import io

from PIL import Image


def image_bytes(width: int = 120, height: int = 160, fmt: str = "JPEG", color="#1d3f72", **save) -> bytes:
    mode = "RGBA" if fmt == "PNG" and save.pop("alpha", False) else "RGB"
    image = Image.new(mode, (width, height), color)
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()
