"""Photos for badges: who may see and change a person's photo, and what is kept of an upload.

The Secretariat and the focal point of the person's own party upload and remove it (a focal
point's photos are not bound to a meeting's deadline: badges are printed up to the last day);
the person sees their own. Anyone else is told nothing: a 404, as for a person they may not see.

An upload is recognised by its content (Pillow decodes it; the name and the type the browser
claims are ignored), must be a JPEG or PNG under the configured size, and is re-encoded: turned
upright, reduced to fit ``MAX_SIZE``, without its metadata (camera, GPS position), as a JPEG.
"""

import io
import warnings
from collections.abc import Iterable
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import undefer

from meetings import audit
from meetings.domain import NotAllowedError, NotFoundError, RuleError
from meetings.extensions import db
from meetings.models import Person, PersonPhoto, User, UserRole
from meetings.security import mark_private
from meetings.transaction import operation

# MPO is a JPEG with more pictures after the first (phones add a depth map or a preview): the
# first is the photo, and JPEG readers show it as any JPEG.
ACCEPTED_FORMATS = ("JPEG", "MPO", "PNG")
# The largest photo kept: a badge prints it about 3 x 4 cm, which 600 x 800 pixels cover at 500 dpi.
MAX_SIZE = (600, 800)
# Pixels decoded at most: a small file can claim a huge image (a "decompression bomb").
MAX_PIXELS = 50_000_000
STORED_TYPE = "image/jpeg"
JPEG_QUALITY = 85


class PhotoError(RuleError):
    """An upload that is not a photo we keep."""


def _may_change(user, person: Person) -> bool:
    # Staff are the Secretariat too: at the accreditation desk they take the photos of those who
    # arrive without one.
    if user.is_secretariat:
        return True
    return user.role is UserRole.FOCAL_POINT and user.party_id is not None and person.party_id == user.party_id


def _may_see(user, person: Person) -> bool:
    return _may_change(user, person) or (user.person_id is not None and user.person_id == person.id)


def person_for_photo(user, person_id: int, *, change: bool = False) -> Person:
    """The person whose photo ``user`` asks for: NotAllowedError for a role that never changes
    photos (a delegate), NotFoundError for a person they may not see; the answer is private."""
    if change and not (user.is_secretariat or user.role is UserRole.FOCAL_POINT):
        raise NotAllowedError()
    person = db.session.get(Person, person_id)
    if person is None or not (_may_change(user, person) if change else _may_see(user, person)):
        raise NotFoundError()
    mark_private()  # a face: kept by no cache
    return person


def photo_of(person: Person) -> PersonPhoto | None:
    return db.session.scalar(select(PersonPhoto).where(PersonPhoto.person_id == person.id))


def photo_times(person_ids: Iterable[int]) -> dict[int, datetime]:
    """Person id -> when their photo changed, for those who have one (one query, no image data):
    lists mark who has a photo, and the time makes each version's URL its own."""
    ids = list(set(person_ids))
    if not ids:
        return {}
    return dict(db.session.execute(
        select(PersonPhoto.person_id, PersonPhoto.updated_at).where(PersonPhoto.person_id.in_(ids))).all())


def photo_data(person_ids: Iterable[int]) -> dict[int, PersonPhoto]:
    """Person id -> their photo with its image, for printing (one query)."""
    ids = list(set(person_ids))
    if not ids:
        return {}
    photos = db.session.scalars(select(PersonPhoto).where(PersonPhoto.person_id.in_(ids))
                                .options(undefer(PersonPhoto.data)))
    return {photo.person_id: photo for photo in photos}


def normalise_image(data: bytes, max_bytes: int) -> tuple[bytes, int, int]:
    """The upload as we keep it: (JPEG bytes, width, height), or PhotoError saying what is wrong."""
    if len(data) > max_bytes:
        raise PhotoError(_("The photo is larger than %(mb)s MB: choose a smaller file.",
                           mb=f"{max_bytes / (1024 * 1024):g}"), "photo")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ACCEPTED_FORMATS:
                    raise PhotoError(_("Upload a JPEG or PNG photo."), "photo")
                if image.width * image.height > MAX_PIXELS:
                    raise PhotoError(_("The photo has too many pixels: upload one of at most %(mp)s megapixels.",
                                       mp=MAX_PIXELS // 1_000_000), "photo")
                image.load()
                upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning,
            OSError, SyntaxError, ValueError):  # Pillow's ways of saying "not an image I can read"
        raise PhotoError(_("Upload a JPEG or PNG photo."), "photo") from None
    if upright.mode in ("RGBA", "LA", "P", "PA"):
        # Transparency on white, as the badge's paper.
        upright = upright.convert("RGBA")
        background = Image.new("RGB", upright.size, "white")
        background.paste(upright, mask=upright.getchannel("A"))
        upright = background
    elif upright.mode in ("I", "F") or upright.mode.startswith("I;16"):
        # 16-bit grey (a scanner's PNG): to 8 bits by its range; convert() alone clips it white.
        upright = upright.convert("I").point(lambda value: value / 256).convert("RGB")
    else:
        upright = upright.convert("RGB")
    upright.thumbnail(MAX_SIZE, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)  # no exif=, no icc_profile=: no metadata
    return out.getvalue(), upright.width, upright.height


@operation
def save_photo(user: User, person: Person, data: bytes) -> PersonPhoto:
    """Keep ``data`` as the person's photo (replacing any), re-encoded; audited without the image."""
    if not _may_change(user, person):
        raise NotFoundError()
    image, width, height = normalise_image(data, current_app.config["PHOTO_MAX_BYTES"])
    photo = photo_of(person)
    verb = "replaced" if photo is not None else "added"
    if photo is None:
        photo = PersonPhoto(person_id=person.id)
        db.session.add(photo)
    photo.data, photo.content_type, photo.width, photo.height = image, STORED_TYPE, width, height
    photo.updated_by_id = user.id
    db.session.flush()
    audit.record(user, "person", "photo_" + verb, object_id=person.id, meeting_id=None,
                 summary=f"Photo of {person.display_name} {verb}",
                 changes={"photo": [None, f"{width}x{height}"]})
    return photo


@operation
def remove_photo(user: User, person: Person) -> bool:
    """Remove the person's photo; False when there was none."""
    if not _may_change(user, person):
        raise NotFoundError()
    photo = photo_of(person)
    if photo is None:
        return False
    db.session.delete(photo)
    audit.record(user, "person", "photo_removed", object_id=person.id, meeting_id=None,
                 summary=f"Photo of {person.display_name} removed")
    return True
