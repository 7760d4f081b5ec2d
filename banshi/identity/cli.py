"""``banshi scan`` and ``banshi codes issue|verify|demo-keys``.

Decoders, OpenCV and crypto are imported inside the commands so that ``banshi --help`` stays fast.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from banshi.paths import asset

if TYPE_CHECKING:
    from banshi.identity.codes import CitizenClaims
    from banshi.identity.decoders import DecodedCode, Decoder
    from banshi.identity.keyfolder import KeyFolder

# Kept in step with banshi.identity.decoders.DECODERS (a test checks it).
DECODER_NAMES = ("zxing", "zxing-raw", "pyzbar")

app = typer.Typer(no_args_is_help=True, help="Scan QR codes and issue or verify citizen codes.")
codes_app = typer.Typer(no_args_is_help=True, help="Issue and verify signed citizen codes.")
app.add_typer(codes_app, name="codes")

DecoderOption = Annotated[str, typer.Option("--decoder", help=f"One of: {', '.join(DECODER_NAMES)}.")]
KeysOption = Annotated[Path, typer.Option("--keys", help="A folder written by `codes demo-keys`.")]


def _code_json(code: DecodedCode) -> dict[str, object]:
    return {"text": code.text, "corners": [list(p) for p in code.corners], "kind": code.kind.value}


def _scan_one(path: Path, decoder: Decoder) -> tuple[dict[str, object], bool]:
    from banshi.identity.frames import FrameSourceError, read_image

    started = time.perf_counter()
    try:
        found = decoder.decode(read_image(path))
    except FrameSourceError as error:
        ms = round((time.perf_counter() - started) * 1000, 2)
        return {"path": str(path), "codes": [], "ms": ms, "error": str(error)}, False
    ms = round((time.perf_counter() - started) * 1000, 2)
    return {"path": str(path), "codes": [_code_json(c) for c in found], "ms": ms}, True


def _decoder_or_exit(name: str) -> Decoder:
    from banshi.identity.decoders import UnknownDecoderError, get_decoder

    try:
        return get_decoder(name)
    except UnknownDecoderError as error:
        raise typer.BadParameter(str(error), param_hint="--decoder") from None


@app.command()
def scan(
    paths: Annotated[list[Path] | None, typer.Argument(help="Image files to scan.")] = None,
    decoder: DecoderOption = "zxing",
    camera_index: Annotated[int | None, typer.Option("--camera", help="Scan live from camera N.")] = None,
    max_frames: Annotated[int, typer.Option(help="With --camera: stop after this many frames (0: never).")] = 0,
) -> None:
    """Print one JSON line per image: {"path", "codes": [{"text", "corners", "kind"}], "ms"}."""
    chosen = _decoder_or_exit(decoder)
    if camera_index is not None:
        from banshi.identity.live import live_decoder

        _scan_camera(camera_index, live_decoder(decoder), max_frames)  # the camera service's settings
        return
    if not paths:
        raise typer.BadParameter("give at least one image path, or --camera N", param_hint="PATH")
    all_read = True
    for path in paths:
        line, ok = _scan_one(path, chosen)
        all_read &= ok
        typer.echo(json.dumps(line, ensure_ascii=False))
    if not all_read:
        raise typer.Exit(code=1)


def _scan_camera(index: int, decoder: Decoder, max_frames: int) -> None:
    from banshi.identity.frames import FrameSourceError, camera
    from banshi.identity.live import live_stability

    try:
        source = camera(index)
    except FrameSourceError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None
    stable = live_stability(2)
    try:
        for count, frame in enumerate(source.frames(), start=1):
            started = time.perf_counter()
            found = decoder.decode(frame)
            if stable.feed(found[0].text if found else None) is not None:
                ms = round((time.perf_counter() - started) * 1000, 2)
                line = {"path": f"camera:{index}", "codes": [_code_json(c) for c in found], "ms": ms}
                typer.echo(json.dumps(line, ensure_ascii=False))
            if max_frames and count >= max_frames:
                break
    finally:
        source.close()


def _key_folder(keys: Path) -> KeyFolder:
    from banshi.identity.keyfolder import KeyFolder

    return KeyFolder(keys if keys != Path() else asset("keys", "demo"))


@codes_app.command("demo-keys")
def demo_keys(
    folder: Annotated[Path, typer.Argument(help="Where to write the demo keys and trust list.")],
    office: Annotated[str, typer.Option(help="Issuing office name.")] = "Banshi Demo Office",
    algorithm: Annotated[str, typer.Option(help="EdDSA or ES256.")] = "EdDSA",
) -> None:
    """Generate a DEMO root key, issuer key and root-signed trust list (never for real use)."""
    if algorithm not in ("EdDSA", "ES256"):
        raise typer.BadParameter("choose EdDSA or ES256", param_hint="--algorithm")
    from banshi.identity.keyfolder import write_demo_keys

    write_demo_keys(folder, office=office, algorithm=algorithm)  # type: ignore[arg-type]
    typer.echo(f"Wrote demo-only keys and trust list to {folder}")


MAX_REF_CHARS = 64  # a reference is a key into an office's records, not data; longer ones would not fit a QR
OLDEST_BIRTH_YEAR = 1900


def _citizen_ref(ref: str) -> str:
    if not 1 <= len(ref) <= MAX_REF_CHARS or not ref.isprintable() or ref != ref.strip():
        raise typer.BadParameter(f"give 1-{MAX_REF_CHARS} printable characters, no spaces around them")
    return ref


def _birth_year(year: int) -> int:
    this_year = time.gmtime().tm_year
    if not OLDEST_BIRTH_YEAR <= year <= this_year:
        raise typer.BadParameter(f"give a year from {OLDEST_BIRTH_YEAR} to {this_year}")
    return year


@codes_app.command("issue")
def issue(
    ref: Annotated[str, typer.Option(help=f"Opaque citizen reference (not an ID number), 1-{MAX_REF_CHARS} "
                                     "characters.", callback=_citizen_ref)],
    name: Annotated[str, typer.Option(help="Full name; only its masked form goes into the code.")],
    birth_year: Annotated[int, typer.Option(help="Year of birth.", callback=_birth_year)],
    out: Annotated[Path, typer.Option(help="Output path without extension; writes .png and .pdf.")],
    keys: KeysOption = Path(),
    valid_days: Annotated[int, typer.Option(min=1, max=3650, help="Days until the code expires (1-3650).")] = 365,
) -> None:
    """Issue a citizen code; print its text and write a printable card."""
    from banshi.identity.card import render_card, render_card_pdf
    from banshi.identity.codes import CitizenClaims, issue_code

    issuer = _key_folder(keys).issuer_key()
    claims = CitizenClaims.new(ref, name, birth_year, issuer.office, int(time.time()), valid_days=valid_days)
    code = issue_code(claims, issuer)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".png").write_bytes(render_card(code, claims))
    out.with_suffix(".pdf").write_bytes(render_card_pdf(code, claims))
    typer.echo(code)


@codes_app.command("verify")
def verify(
    text: Annotated[str | None, typer.Argument(help="The code text (or use --image).")] = None,
    image: Annotated[Path | None, typer.Option(help="Read the code from this image.")] = None,
    keys: KeysOption = Path(),
    clock_file: Annotated[Path | None, typer.Option(help="Trusted-time state file.")] = None,
) -> None:
    """Verify a citizen code offline; print JSON; exit 1 when it is rejected."""
    from banshi.identity.clock import TrustedClock
    from banshi.identity.codes import verify_code
    from banshi.identity.rejections import CodeRejected

    folder = _key_folder(keys)
    payload = text if text is not None else _text_from_image(image)
    try:
        verified = verify_code(payload, folder.trust_list(), TrustedClock(clock_file))
    except CodeRejected as rejected:
        typer.echo(json.dumps({"ok": False, "reason": rejected.reason.value, "detail": rejected.detail}))
        raise typer.Exit(code=1) from None
    claims = _claims_json(verified.claims)
    typer.echo(json.dumps({"ok": True, "claims": claims, "issuer": verified.issuer_office}, ensure_ascii=False))


def _claims_json(claims: CitizenClaims) -> dict[str, object]:
    """The claims as printable JSON: facts sealed to the hub are ciphertext only the hub opens, so they are
    shown as whether the code carries them, not as bytes."""
    shown: dict[str, object] = {k: v for k, v in vars(claims).items() if not isinstance(v, bytes)}
    shown["carries_sealed_name"] = bool(claims.sealed_name)
    shown["carries_sealed_id_number"] = bool(claims.sealed_id_number)
    return shown


def _text_from_image(image: Path | None) -> str:
    from banshi.identity.decoders import get_decoder
    from banshi.identity.frames import FrameSourceError, read_image

    if image is None:
        raise typer.BadParameter("give the code text or --image PATH", param_hint="TEXT")
    try:
        found = get_decoder().decode(read_image(image))
    except FrameSourceError as error:
        raise typer.BadParameter(str(error), param_hint="--image") from None
    if not found:
        raise typer.BadParameter(f"no QR code found in {image}", param_hint="--image")
    return found[0].text
