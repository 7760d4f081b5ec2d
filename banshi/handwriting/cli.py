"""`banshi handwriting recognise FILE...` and `banshi handwriting build-templates`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from banshi.handwriting.ink import InkError, read_ink

app = typer.Typer(no_args_is_help=True)
handwriting = typer.Typer(no_args_is_help=True, help="Handwritten Chinese characters to candidates.")
app.add_typer(handwriting, name="handwriting")


@handwriting.command()
def recognise(
    files: list[Path] = typer.Argument(..., help='Stroke files: {"width": W, "height": H, "strokes": [[[x, y], …], …]}.'),
    zinnia_model: Path | None = typer.Option(None, help="Zinnia model file (else the handwriting setting)."),
    expect: str = typer.Option("", help="Expected words, comma-separated (e.g. division names): ranked higher."),
) -> None:
    """Print one JSON line per file: {"path": …, "candidates": [best first, at most 10]}; exit 1 if any failed."""
    from banshi.config import load_settings
    from banshi.handwriting.context import Context
    from banshi.handwriting.recogniser import Recogniser, RecogniserUnavailable

    settings = load_settings().handwriting
    recogniser = Recogniser.open(zinnia_model or settings.zinnia_model, settings.templates)
    context = Context.expecting(expect.split(",")) if expect else None
    failed = 0
    for path in files:
        try:
            line = {"path": str(path), "candidates": recogniser.recognise(read_ink(path), context)}
        except InkError as error:
            failed += 1
            line = {"path": str(path), "error": str(error)}
        except RecogniserUnavailable as error:
            typer.echo(f"banshi: {error}", err=True)
            raise typer.Exit(1) from None
        typer.echo(json.dumps(line, ensure_ascii=False))
    raise typer.Exit(1 if failed else 0)


@handwriting.command("build-templates")
def build_templates(
    hanzi_writer_data: Path = typer.Option(Path(".cache/handwriting/hanzi-writer-data"), exists=True, file_okay=False,
                                           help="The unpacked npm package hanzi-writer-data."),
    out: Path = typer.Option(Path("banshi/handwriting/data/templates-mmah.npz"), help="Template file to write."),
) -> None:
    """Build the matcher's templates for the 6,763 GB2312 characters from Make Me a Hanzi medians."""
    from banshi.handwriting.sources import gb2312_level, hanzi_writer_strokes
    from banshi.handwriting.templates import build, save

    templates = build(gb2312_level(1) + gb2312_level(2), lambda c: hanzi_writer_strokes(hanzi_writer_data, c))
    save(templates, out)
    typer.echo(f"{len(templates.characters)} templates → {out} ({out.stat().st_size:,} bytes)")


