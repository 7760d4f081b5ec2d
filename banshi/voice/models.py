"""Speech models on disk: locating, installing (checksum first) and reading their vocabulary."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import shutil
import struct
import tarfile
import tempfile
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from banshi.voice.errors import ModelInstallError, ModelMissing

log = logging.getLogger(__name__)
_FST_MAGIC, _SYMBOLS_MAGIC = 2125659606, 2125658996
_logged_missing = False


def find_model(settings_path: Path | str | None = None) -> Path | None:
    """The configured vosk model folder: the setting first, then ``$VOSK_MODEL``; never downloads."""
    for candidate in (settings_path, os.environ.get("VOSK_MODEL")):
        if candidate and is_model_dir(Path(candidate)):
            return Path(candidate)
    return None


def require_model(settings_path: Path | str | None = None) -> Path:
    """``find_model`` or ``ModelMissing``, logged to the operator log once per process."""
    global _logged_missing
    found = find_model(settings_path)
    if found is not None:
        return found
    message = (
        f"No vosk model found (setting: {settings_path!r}, VOSK_MODEL: {os.environ.get('VOSK_MODEL')!r}); "
        "voice answers are off, touch still works. Install one with `banshi voice install-model`."
    )
    if not _logged_missing:
        log.warning(message)
        _logged_missing = True
    raise ModelMissing(message)


def is_model_dir(path: Path) -> bool:
    return (path / "am" / "final.mdl").is_file() and (path / "conf").is_dir()


def model_vocabulary(model_path: Path) -> frozenset[str]:
    """Every word the model can output: ``graph/words.txt``, else the symbol table inside its FST."""
    return _vocabulary(str(Path(model_path).resolve()))


@functools.lru_cache(maxsize=4)
def _vocabulary(model_path: str) -> frozenset[str]:
    graph = Path(model_path) / "graph"
    words_txt = graph / "words.txt"
    if words_txt.is_file():
        return frozenset(line.split()[0] for line in words_txt.read_text("utf-8").splitlines() if line.strip())
    for fst in ("Gr.fst", "HCLG.fst"):
        if (graph / fst).is_file():
            with (graph / fst).open("rb") as handle:
                return _fst_output_symbols(handle, graph / fst)
    raise ModelMissing(f"{model_path} has no graph/words.txt and no FST with a symbol table.")


def missing_words(model_path: Path, grammar: Iterable[str]) -> list[str]:
    """Grammar words the model does not know; vosk silently drops them, so we must not."""
    vocabulary = model_vocabulary(model_path)
    words = {word for phrase in grammar for word in phrase.split() if word != "[unk]"}
    return sorted(words - vocabulary)


def _read_string(handle: BinaryIO) -> str:
    (length,) = struct.unpack("<i", handle.read(4))
    return handle.read(length).decode("utf-8")


def _fst_output_symbols(handle: BinaryIO, path: Path) -> frozenset[str]:
    # OpenFst binary header: magic, type, arc type, version, flags, properties, start, states, arcs.
    if struct.unpack("<i", handle.read(4))[0] != _FST_MAGIC:
        raise ModelMissing(f"{path} is not an OpenFst file.")
    _read_string(handle), _read_string(handle)
    _version, flags = struct.unpack("<ii", handle.read(8))
    handle.read(32)
    tables = [_read_symbols(handle) for bit in (1, 2) if flags & bit]
    if not tables:
        raise ModelMissing(f"{path} carries no symbol table; the model needs graph/words.txt.")
    return tables[-1]


def _read_symbols(handle: BinaryIO) -> frozenset[str]:
    handle.read(4)
    _read_string(handle)
    _available, size = struct.unpack("<qq", handle.read(16))
    words = []
    for _ in range(size):
        words.append(_read_string(handle))
        handle.read(8)
    return frozenset(words)


def install_model(path_or_url: str, sha256: str, dest: Path) -> Path:
    """Install a model (zip, tar or folder) into ``dest`` after its sha256 matches; returns the model dir."""
    source = _fetch(path_or_url)
    actual = _sha256_of(source)
    if actual.lower() != sha256.strip().lower():
        raise ModelInstallError(f"Checksum mismatch for {path_or_url}: expected {sha256}, got {actual}; not installed.")
    dest = Path(dest)
    with tempfile.TemporaryDirectory(prefix="banshi-model-") as staging:
        unpacked = _unpack(source, Path(staging))
        model = _locate_model(unpacked)
        target = dest / model.name
        if target.exists():
            raise ModelInstallError(f"{target} already exists; remove it first or choose another --dest.")
        dest.mkdir(parents=True, exist_ok=True)
        # Never move the operator's own folder away: copy from a folder, move out of our staging area.
        shutil.copytree(model, target) if source.is_dir() else shutil.move(str(model), target)
    if source != Path(path_or_url):
        source.unlink(missing_ok=True)  # the downloaded archive
    log.info("Installed vosk model %s (sha256 %s)", target, actual)
    return target


def _fetch(path_or_url: str) -> Path:
    parsed = urllib.parse.urlparse(path_or_url)
    if parsed.scheme in ("http", "https", "file"):
        handle, name = tempfile.mkstemp(prefix="banshi-model-download-")
        os.close(handle)
        urllib.request.urlretrieve(path_or_url, name)  # noqa: S310 - the operator asked for this URL
        return Path(name)
    path = Path(path_or_url)
    if not path.exists():
        raise ModelInstallError(f"{path} does not exist; pass a model archive, folder or URL.")
    return path


def _sha256_of(path: Path) -> str:
    """A file's sha256; a folder's is over its relative paths and contents, sorted."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _unpack(source: Path, staging: Path) -> Path:
    if source.is_dir():
        return source
    if zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            _refuse_unsafe(archive.namelist(), source)
            archive.extractall(staging)
    elif tarfile.is_tarfile(source):
        with tarfile.open(source) as archive:
            archive.extractall(staging, filter="data")
    else:
        raise ModelInstallError(f"{source} is neither a zip, a tar nor a folder.")
    return staging


def _refuse_unsafe(names: list[str], source: Path) -> None:
    for name in names:
        if name.startswith("/") or ".." in Path(name).parts:
            raise ModelInstallError(f"{source} contains an unsafe path {name!r}; refusing to unpack it.")


def _locate_model(root: Path) -> Path:
    if is_model_dir(root):
        return root
    for candidate in sorted(root.rglob("final.mdl")):
        if is_model_dir(candidate.parent.parent):
            return candidate.parent.parent
    raise ModelInstallError(f"No vosk model (am/final.mdl + conf/) inside {root}.")
