"""Centre photos: JPEG/PNG/WebP up to 5 MB, re-encoded without metadata, with alt text."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from centres.models import Centre
from centres.photo_renditions import rendition_name
from tests.test_admin_workflow import _form_data


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _image(fmt="JPEG", size=(3000, 1500), exif=True, name=None) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 80, 40))
    options = {}
    if exif and fmt in ("JPEG", "WEBP", "PNG"):
        tags = Image.Exif()
        tags[0x010F] = "Kamera GmbH"  # Make
        tags[0x8825] = {2: (52.0, 29.0, 0.0)}  # GPSInfo: where it was taken
        options["exif"] = tags.tobytes()
    image.save(buffer, format=fmt, **options)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}[fmt]
    content_type = f"image/{extension.replace('jpg', 'jpeg')}"
    return SimpleUploadedFile(name or f"foto.{extension}", buffer.getvalue(), content_type)


def _upload(client, centre, photo, alt="Das Haus von der Straße aus"):
    url = reverse("admin:centres_centre_change", args=[centre.pk])
    data = _form_data(client, url)
    data.update(photo=photo, photo_alt=alt)
    return client.post(url, data)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_photo_is_reencoded_without_metadata_and_downscaled(client, editor, centre_a, fmt):
    client.force_login(editor)
    response = _upload(client, centre_a, _image(fmt))
    assert response.status_code == 302, response.context["adminform"].form.errors
    centre_a.refresh_from_db()
    assert centre_a.photo.name.startswith("centres/")
    with centre_a.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == fmt
        assert max(image.size) == 2000
        assert image.size == (2000, 1000)
        assert not image.getexif()
        assert "exif" not in image.info


def test_photo_is_shown_with_its_alt_text(client, editor, centre_a):
    client.force_login(editor)
    _upload(client, centre_a, _image(size=(400, 300)))
    centre_a.refresh_from_db()
    page = client.get(centre_a.get_absolute_url()).text
    assert f'src="{centre_a.photo.url}" alt="Das Haus von der Straße aus"' in page


def test_photo_needs_alt_text(client, editor, centre_a):
    client.force_login(editor)
    response = _upload(client, centre_a, _image(size=(400, 300)), alt="")
    assert response.status_code == 200
    assert "photo_alt" in response.context["adminform"].form.errors
    centre_a.refresh_from_db()
    assert not centre_a.photo


def test_database_refuses_a_photo_without_alt_text(centre_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Centre.objects.filter(pk=centre_a.pk).update(photo="centres/x.jpg", photo_alt="")


def test_other_formats_are_refused(client, editor, centre_a):
    client.force_login(editor)
    response = _upload(client, centre_a, _image("GIF", size=(40, 30), exif=False))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["photo"]
    assert "JPEG" in errors[0]


def test_files_that_are_not_images_are_refused(client, editor, centre_a):
    client.force_login(editor)
    fake = SimpleUploadedFile("foto.jpg", b"<?php echo 'hallo'; ?>", "image/jpeg")
    response = _upload(client, centre_a, fake)
    assert response.status_code == 200
    assert "photo" in response.context["adminform"].form.errors


def test_photos_over_5_mb_are_refused(client, editor, centre_a):
    client.force_login(editor)
    # Uncompressed noise: 1600 × 1600 pixels make a PNG of about 7.7 MB.
    noisy = Image.effect_noise((1600, 1600), 100).convert("RGB")
    buffer = io.BytesIO()
    noisy.save(buffer, format="PNG", compress_level=0)
    assert buffer.tell() > 5 * 1024 * 1024
    upload = SimpleUploadedFile("gross.png", buffer.getvalue(), "image/png")
    response = _upload(client, centre_a, upload)
    assert response.status_code == 200
    assert "5 MB" in response.context["adminform"].form.errors["photo"][0]


def test_a_replaced_photos_file_is_removed_from_storage(
    client, editor, centre_a, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, centre_a, _image(name="erstes.jpg"))
    centre_a.refresh_from_db()
    first = centre_a.photo.name
    storage = centre_a.photo.storage

    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, centre_a, _image(name="zweites.jpg"))
    centre_a.refresh_from_db()

    assert centre_a.photo.name != first
    assert not storage.exists(first)
    assert storage.exists(centre_a.photo.name)


def test_a_deleted_centres_photo_is_removed_from_storage(
    client, editor, centre_a, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, centre_a, _image())
    centre_a.refresh_from_db()
    name, storage = centre_a.photo.name, centre_a.photo.storage

    with django_capture_on_commit_callbacks(execute=True):
        Centre.objects.filter(pk=centre_a.pk).delete()

    assert not storage.exists(name)


def _stored_bytes(centre) -> bytes:
    centre.refresh_from_db()
    with centre.photo.open("rb") as stored:
        return stored.read()


def test_a_jpeg_comment_does_not_survive(client, editor, centre_a):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (20, 120, 40)).save(
        buffer, format="JPEG", comment=b"<?php system($_GET['c']); ?> Home of staff: Musterstr. 1"
    )
    client.force_login(editor)

    response = _upload(client, centre_a, SimpleUploadedFile("foto.jpg", buffer.getvalue()))

    assert response.status_code == 302
    stored = _stored_bytes(centre_a)
    assert b"Musterstr" not in stored
    assert b"<?php" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert "comment" not in image.info


def test_png_text_and_icc_profiles_do_not_survive(client, editor, centre_a):
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "Home of staff: Musterstr. 1")
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (20, 120, 40)).save(
        buffer, format="PNG", pnginfo=text, icc_profile=b"fake-profile-Musterstr"
    )
    client.force_login(editor)

    response = _upload(client, centre_a, SimpleUploadedFile("foto.png", buffer.getvalue()))

    assert response.status_code == 302
    assert b"Musterstr" not in _stored_bytes(centre_a)


def test_a_picture_declaring_too_many_pixels_is_refused_before_decoding(
    client, editor, centre_a, monkeypatch
):
    buffer = io.BytesIO()
    Image.new("1", (5000, 5000)).save(buffer, format="PNG")  # 25 megapixels in a few KB
    client.force_login(editor)

    def decoded(*args, **kwargs):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", decoded)
    response = _upload(client, centre_a, SimpleUploadedFile("gross.png", buffer.getvalue()))

    assert response.status_code == 200
    assert "Das Bild hat zu viele Pixel (höchstens 24 Megapixel)." in response.text
    centre_a.refresh_from_db()
    assert not centre_a.photo


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(client, editor, centre_a, monkeypatch):
    buffer = io.BytesIO()
    Image.new("RGB", (5600, 4200), (20, 120, 40)).save(buffer, format="JPEG", quality=50)
    requested = []
    draft = Image.Image.draft

    def spy(self, mode, size):
        result = draft(self, mode, size)
        requested.append(self.size)
        return result

    monkeypatch.setattr(Image.Image, "draft", spy)
    client.force_login(editor)

    response = _upload(client, centre_a, SimpleUploadedFile("gross.jpg", buffer.getvalue()))

    assert response.status_code == 302
    assert requested == [(2800, 2100)]  # half the size, decoded before the downscale
    with Image.open(io.BytesIO(_stored_bytes(centre_a))) as image:
        assert image.size == (2000, 1500)


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, editor, centre_a, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    client.force_login(editor)

    response = _upload(client, centre_a, _image(size=(800, 600)))

    assert response.status_code == 413
    assert "Die gesendeten Daten sind zu groß" in response.text
    centre_a.refresh_from_db()
    assert not centre_a.photo


def _rendition_names(centre) -> list[str]:
    return [rendition_name(centre.photo.name, width) for width in (480, 960)]


def test_a_saved_photo_gets_its_480_and_960_px_renditions(client, editor, centre_a):
    client.force_login(editor)
    _upload(client, centre_a, _image(size=(3000, 2000)))
    centre_a.refresh_from_db()

    assert (centre_a.photo_width, centre_a.photo_height) == (2000, 1333)
    for name, width in zip(_rendition_names(centre_a), (480, 960), strict=True):
        with centre_a.photo.storage.open(name, "rb") as stored, Image.open(stored) as image:
            assert image.width == width
            assert image.format == "JPEG"
            assert not image.getexif()


def test_a_small_photo_gets_no_rendition_larger_than_itself(client, editor, centre_a):
    client.force_login(editor)
    _upload(client, centre_a, _image(size=(800, 600)))
    centre_a.refresh_from_db()

    small, large = _rendition_names(centre_a)
    assert centre_a.photo.storage.exists(small)
    assert not centre_a.photo.storage.exists(large)
    assert (
        centre_a.photo_srcset
        == f"{centre_a.photo.storage.url(small)} 480w, {centre_a.photo.url} 800w"
    )


def test_the_card_and_the_page_offer_the_renditions_as_srcset(
    client, editor, centre_a, make_offering
):
    client.force_login(editor)
    _upload(client, centre_a, _image(size=(3000, 2000)))
    centre_a.refresh_from_db()
    small, large = (centre_a.photo.storage.url(name) for name in _rendition_names(centre_a))
    srcset = f'srcset="{small} 480w, {large} 960w, {centre_a.photo.url} 2000w"'

    card = re.search(r'<img class="card__photo"[^>]*>', client.get("/zentren/").text).group(0)
    photo = re.search(
        r'<img class="centre-photo"[^>]*>', client.get(centre_a.get_absolute_url()).text
    ).group(0)

    for img in (card, photo):
        assert srcset in img
        assert 'sizes="' in img
        assert 'width="2000" height="1333"' in img
        assert 'alt="Das Haus von der Straße aus"' in img
    assert 'loading="lazy"' in card


def test_a_replaced_photos_renditions_are_removed_from_storage(
    client, editor, centre_a, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, centre_a, _image(name="erstes.jpg"))
    centre_a.refresh_from_db()
    first = _rendition_names(centre_a)
    storage = centre_a.photo.storage
    assert all(storage.exists(name) for name in first)

    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, centre_a, _image(name="zweites.jpg"))
    centre_a.refresh_from_db()

    assert not any(storage.exists(name) for name in first)
    assert all(storage.exists(name) for name in _rendition_names(centre_a))


def test_photos_stored_before_get_their_size_and_renditions_from_the_command(centre_a):
    storage = Centre._meta.get_field("photo").storage
    name = storage.save("centres/alt.jpg", _image(size=(1200, 900)))
    Centre.objects.filter(pk=centre_a.pk).update(photo=name, photo_alt="Das alte Foto")
    output = io.StringIO()

    call_command("photo_renditions", stdout=output)
    call_command("photo_renditions", stdout=output)  # a second run changes nothing

    centre_a.refresh_from_db()
    assert (centre_a.photo_width, centre_a.photo_height) == (1200, 900)
    assert sorted(storage.listdir("centres")[1]) == ["alt.480w.jpg", "alt.960w.jpg", "alt.jpg"]
    assert output.getvalue() == "1 Fotos bearbeitet.\n1 Fotos bearbeitet.\n"
