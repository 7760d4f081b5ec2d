from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
import qrcode
from PIL import Image

from banshi.identity.decoders import DECODERS, PyzbarDecoder, UnknownDecoderError, get_decoder
from banshi.identity.frames import FrameSourceError, ImageFiles, read_image, video_file
from banshi.identity.kinds import CodeKind, body_of, classify
from banshi.identity.stability import StableResultFilter
from banshi.identity.synthetic import write_video

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}


def qr_picture(text: str, box: int = 6) -> np.ndarray:
    return np.asarray(qrcode.make(text, box_size=box, border=4).get_image().convert("L"))


def sample_cases(samples: Path) -> list[tuple[Path, str]]:
    cases = []
    for image in sorted(samples.glob("qrcode-*/*")):
        expected = image.with_suffix(".txt")
        if image.suffix in IMAGE_SUFFIXES and expected.is_file():
            cases.append((image, expected.read_bytes().decode("utf-8")))
    return cases


def test_the_pipeline_reads_at_least_95_percent_of_real_photos_exactly(samples: Path) -> None:
    decoder = get_decoder("zxing")
    cases = sample_cases(samples)
    exact = sum(any(c.text == text for c in decoder.decode(read_image(path))) for path, text in cases)
    assert len(cases) > 100
    assert exact / len(cases) >= 0.95, f"{exact}/{len(cases)}"


@pytest.mark.parametrize("name", list(DECODERS))
def test_no_decoder_finds_a_code_in_photos_without_one(samples: Path, name: str) -> None:
    decoder = get_decoder(name)
    images = [p for p in sorted(samples.glob("falsepositives-*/*")) if p.suffix in IMAGE_SUFFIXES]
    found = {str(p.relative_to(samples)): decoder.decode(read_image(p)) for p in images}
    assert len(found) > 40
    assert {name: codes for name, codes in found.items() if codes} == {}


def test_pyzbar_treats_its_orientation_error_as_no_result(samples: Path) -> None:
    decoder = PyzbarDecoder()
    for image in sorted(samples.glob("qrcode-*/*")):
        if image.suffix in IMAGE_SUFFIXES:
            decoder.decode(read_image(image))  # must not raise


@pytest.mark.parametrize("name", list(DECODERS))
def test_every_decoder_returns_text_and_four_corners_around_the_code(name: str) -> None:
    picture = qr_picture("BSR:R-2026-000123")
    codes = get_decoder(name).decode(picture)
    assert [c.text for c in codes] == ["BSR:R-2026-000123"]
    xs = [x for x, _ in codes[0].corners]
    assert len(codes[0].corners) == 4 and min(xs) >= 4 * 6 - 2 and max(xs) <= picture.shape[1] - 4 * 6 + 2


def test_corners_are_in_stored_pixels_even_when_exif_says_rotate(tmp_path: Path) -> None:
    picture = np.full((300, 600), 255, np.uint8)
    picture[20:20 + 174, 400:400 + 174] = qr_picture("hello", box=6)[:174, :174]
    path = tmp_path / "rotated.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    Image.fromarray(picture).save(path, exif=exif, quality=95)
    assert read_image(path).shape == (300, 600)
    (code,) = get_decoder().decode(read_image(path))
    assert all(x > 390 and y < 210 for x, y in code.corners)


def test_an_unreadable_file_raises_a_frame_source_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not an image at all" * 10)
    with pytest.raises(FrameSourceError):
        read_image(junk)
    with pytest.raises(FrameSourceError):
        read_image(tmp_path / "missing.png")


def test_an_unknown_decoder_name_is_refused() -> None:
    with pytest.raises(UnknownDecoderError, match="pyzbar"):
        get_decoder("tesseract")


def test_image_files_and_video_files_yield_frames_through_one_interface(tmp_path: Path) -> None:
    picture = cv2.cvtColor(qr_picture("BST:A042"), cv2.COLOR_GRAY2BGR)
    cv2.imwrite(str(tmp_path / "a.png"), picture)
    video = write_video(tmp_path / "v.avi", iter([picture] * 3))
    for source in (ImageFiles([tmp_path / "a.png"]), video_file(video)):
        frames = list(source.frames())
        source.close()
        assert frames and get_decoder().decode(frames[0])[0].text == "BST:A042"


def test_a_missing_video_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FrameSourceError):
        video_file(tmp_path / "none.avi")


@pytest.mark.parametrize(
    ("text", "kind"),
    [("BS1:ABC", CodeKind.CITIZEN_CODE), ("BSR:R1", CodeKind.RECEIPT), ("BST:A1", CodeKind.TICKET),
     ("https://example.org", CodeKind.UNKNOWN), ("bs1:abc", CodeKind.UNKNOWN)],
)  # fmt: skip
def test_codes_are_classified_by_prefix(text: str, kind: CodeKind) -> None:
    assert classify(text) is kind


def test_the_body_of_a_code_drops_only_its_prefix() -> None:
    assert body_of("BSR:R-1") == "R-1" and body_of("other") == "other"


def test_a_payload_is_accepted_only_after_n_consecutive_frames() -> None:
    stable = StableResultFilter(required=3)
    assert [stable.feed(p) for p in ["A", "A", None, "A", "A", "A", "A"]] == [None, None, None, None, None, "A", None]


def test_a_different_payload_interrupts_the_streak() -> None:
    stable = StableResultFilter(required=2)
    assert [stable.feed(p) for p in ["A", "B", "A", "A", "B", "B"]] == [None, None, None, "A", None, "B"]


def test_the_same_code_is_reported_again_after_it_left_the_view() -> None:
    stable = StableResultFilter(required=1, forget_after=2)
    assert [stable.feed(p) for p in ["A", "A", None, None, "A"]] == ["A", None, None, None, "A"]
