"""Badge photos: who may upload, see and remove them, and what is kept of an upload."""

import io

from PIL import Image
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import AuditEntry, PersonPhoto, UserRole
from tests.images import image_bytes


def _upload(client, person_id, data: bytes, name="photo.jpg"):
    return client.post(f"/people/{person_id}/photo/edit", data={"photo": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _stored(person_id) -> PersonPhoto | None:
    db.session.expire_all()
    return db.session.scalar(select(PersonPhoto).where(PersonPhoto.person_id == person_id))


def test_a_focal_point_uploads_a_photo_of_their_party_kept_reencoded_without_metadata(client, auth, world):
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    person = world.kz_delegate.person_id
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    exif[0x0112] = 6  # Orientation: the camera was turned, the image is to be rotated 90°
    sent = image_bytes(1200, 3000, "JPEG", exif=exif.tobytes())

    answer = _upload(client, person, sent)

    assert answer.status_code == 302 and answer.headers["Location"] == "/desk/party"
    kept = _stored(person)
    image = Image.open(io.BytesIO(kept.data))
    # Turned upright (3000 x 1200), then reduced to fit 600 x 800, its metadata gone.
    assert (image.format, image.size, (kept.width, kept.height)) == ("JPEG", (600, 240), (600, 240))
    assert b"SecretCamera" not in kept.data and not image.getexif()
    served = client.get(f"/people/{person}/photo")
    assert served.status_code == 200 and served.mimetype == "image/jpeg" and served.data == kept.data
    assert served.headers["Cache-Control"] == "private, no-store"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "person.photo_added"))
    assert entry.object_id == person and entry.changes == {"photo": [None, "600x240"]}


def test_a_png_with_transparency_is_kept_as_a_jpeg_on_white(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    assert _upload(client, world.cn_head.person_id, image_bytes(100, 100, "PNG", color=(0, 0, 0, 0), alpha=True),
                   "photo.png").status_code == 302
    image = Image.open(io.BytesIO(_stored(world.cn_head.person_id).data))
    assert image.format == "JPEG" and image.getpixel((50, 50)) == (255, 255, 255)


def test_a_phones_jpeg_with_more_pictures_and_a_16_bit_grey_png_are_kept_as_they_look(client, auth, world):
    """A phone's JPEG with a depth map or preview after the photo (Pillow reads it as MPO) is a
    JPEG: the first picture is kept. A scanner's 16-bit grey PNG keeps its grey, not white."""
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    person = world.kz_head.person_id
    mpo = io.BytesIO()
    Image.new("RGB", (120, 160), (200, 30, 30)).save(mpo, "MPO", save_all=True,
                                                   append_images=[Image.new("RGB", (120, 160), (30, 30, 200))])
    assert Image.open(io.BytesIO(mpo.getvalue())).format == "MPO"
    assert _upload(client, person, mpo.getvalue()).status_code == 302
    red, green, blue = Image.open(io.BytesIO(_stored(person).data)).getpixel((60, 80))
    assert red > 150 and blue < 80
    grey = io.BytesIO()
    Image.new("I;16", (120, 160), 32768).save(grey, "PNG")  # mid grey on 16 bits
    assert _upload(client, person, grey.getvalue(), "scan.png").status_code == 302
    assert all(100 < channel < 150 for channel in Image.open(io.BytesIO(_stored(person).data)).getpixel((60, 80)))


def test_what_is_not_a_jpeg_or_png_is_refused_beside_the_field_whatever_its_name(client, auth, world):
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    person = world.kz_head.person_id
    pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    for data, name in ((pdf, "passport.jpg"), (image_bytes(fmt="GIF"), "photo.png"), (b"", "empty.jpg"),
                       (image_bytes()[:200], "cut.jpg")):
        answer = _upload(client, person, data, name)
        body = answer.get_data(as_text=True)
        assert answer.status_code == 200, name
        assert "Upload a JPEG or PNG photo." in body or "Choose a photo to upload." in body, name
        assert 'class="field has-error"' in body
    assert _stored(person) is None


def test_a_file_over_the_limit_is_refused_and_a_huge_image_reduced_or_refused(app, client, auth, world):
    auth.login(UserRole.ORGANIZER)
    person = world.kz_head.person_id
    app.config["PHOTO_MAX_BYTES"] = 50_000
    big = image_bytes(3000, 3000, "PNG", color="#123456")  # small to send, but...
    noisy = Image.effect_noise((400, 400), 100).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "PNG")
    assert len(out.getvalue()) > 50_000
    answer = _upload(client, person, out.getvalue(), "noise.png")
    assert answer.status_code == 200 and "larger than" in answer.get_data(as_text=True)
    assert _stored(person) is None
    # 9 megapixels within the size: reduced.
    assert _upload(client, person, big, "big.png").status_code == 302
    assert (_stored(person).width, _stored(person).height) == (600, 600)
    # A small file that claims more pixels than are ever decoded (a decompression bomb).
    out = io.BytesIO()
    Image.new("1", (10_000, 6_000)).save(out, "PNG")
    bomb = out.getvalue()
    assert len(bomb) < 50_000
    answer = _upload(client, person, bomb, "bomb.png")
    assert answer.status_code == 200 and "too many pixels" in answer.get_data(as_text=True)
    assert _stored(person).width == 600  # the photo before stays


def test_only_the_secretariat_the_party_and_the_person_see_a_photo(client, auth, world):
    auth.login(UserRole.ORGANIZER)
    kz_person, cn_person = world.kz_head.person_id, world.cn_head.person_id
    for person in (kz_person, cn_person):
        assert _upload(client, person, image_bytes()).status_code == 302
    auth.logout()
    assert client.get(f"/people/{kz_person}/photo").status_code == 302  # to log in
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    assert client.get(f"/people/{kz_person}/photo").status_code == 200
    for url in (f"/people/{cn_person}/photo", f"/people/{cn_person}/photo/edit"):
        assert client.get(url).status_code == 404
    assert client.post(f"/people/{cn_person}/photo/delete").status_code == 404
    assert _upload(client, cn_person, image_bytes()).status_code == 404
    auth.logout()
    auth.login(UserRole.DELEGATE, person_id=kz_person)
    assert client.get(f"/people/{kz_person}/photo").status_code == 200
    assert client.get(f"/people/{cn_person}/photo").status_code == 404
    assert client.get(f"/people/{kz_person}/photo/edit").status_code == 403
    auth.logout()
    auth.login(UserRole.STAFF)
    page = client.get(f"/people/{kz_person}").get_data(as_text=True)
    assert f'src="/people/{kz_person}/photo?v=' in page


def test_a_photo_is_removed_and_recorded(client, auth, world):
    auth.login(UserRole.FOCAL_POINT, party_id=world.kz.party_id)
    person = world.kz_head.person_id
    _upload(client, person, image_bytes())
    assert "Remove the photo" in client.get(f"/people/{person}/photo/edit").get_data(as_text=True)
    assert client.post(f"/people/{person}/photo/delete").status_code == 302
    assert _stored(person) is None
    assert client.get(f"/people/{person}/photo").status_code == 404
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == person,
                                                                 AuditEntry.action.like("person.photo%"))).all()
    assert actions == ["person.photo_added", "person.photo_removed"]
