"""`banshi voice ...`: render a prompt, recognise a WAV, install a model, print a grammar."""

from __future__ import annotations

import json
import shutil
from enum import StrEnum
from pathlib import Path

import typer

from banshi.cli_options import not_blank

from banshi.voice.audio import WavFileSource
from banshi.voice.errors import VoiceError
from banshi.voice.intents import grammar as build_grammar
from banshi.voice.intents import match
from banshi.voice.models import install_model, model_vocabulary, require_model
from banshi.voice.stt import Recognizer, recognize

app = typer.Typer(no_args_is_help=True)
voice = typer.Typer(no_args_is_help=True, help="Speech out, speech in and voice commands.")
app.add_typer(voice, name="voice")

LANGUAGE = typer.Option("zh_CN", "--language", "-l", help="zh_CN or en.")


class ChineseSpeech(StrEnum):
    cmn = "cmn"
    yue = "yue"


CHINESE = typer.Option(ChineseSpeech.cmn, "--chinese", help="What a 中文 screen speaks: cmn (Mandarin) or yue (Cantonese).")


def _fail(error: VoiceError) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(1)


@voice.command()
def say(text: str, language: str = LANGUAGE, out: Path = typer.Option(..., "--out", "-o"),
        rate: int = typer.Option(140, help="Words per minute."),
        volume: float = typer.Option(1.0, help="0.0-2.0 (1.0 is espeak's normal loudness)."),
        chinese: ChineseSpeech = CHINESE) -> None:
    """Render TEXT to a WAV file."""
    from banshi.voice.speakable import SpeechLanguage
    from banshi.voice.tts import SpeechSynthesizer, voices_for

    try:
        import tempfile

        with tempfile.TemporaryDirectory() as cache:
            voices = voices_for(SpeechLanguage(chinese.value))
            wav = SpeechSynthesizer(Path(cache), rate=rate, volume=volume, voices=voices).render(text, language)
            shutil.copyfile(wav, out)
    except VoiceError as error:
        _fail(error)
    typer.echo(str(out))


@voice.command("recognize")
def recognize_command(wav: Path, language: str = LANGUAGE,
                      model: Path | None = typer.Option(None, help="vosk model folder (else $VOSK_MODEL).")) -> None:
    """Recognise WAV with the language's command grammar; print the text and the intent as JSON."""
    try:
        model_path = require_model(model)
        phrases = build_grammar(language, vocabulary=model_vocabulary(model_path))
        heard = recognize(WavFileSource(wav), Recognizer(model_path, phrases))
    except VoiceError as error:
        _fail(error)
    intent = match(heard.text, language)
    typer.echo(json.dumps({"text": heard.text, "confidence": round(heard.confidence, 3), "intent": intent.name,
                           "slots": dict(intent.slots), "intent_confidence": intent.confidence},
                          ensure_ascii=False))


@voice.command("install-model")
def install_model_command(path_or_url: str = typer.Argument(..., callback=not_blank),
                          sha256: str = typer.Option(..., help="Expected sha256 (hex)."),
                          dest: Path = typer.Option(Path("models"), help="Folder to install into.")) -> None:
    """Install a vosk model (zip, tar or folder) after checking its sha256; never downloads unasked."""
    try:
        installed = install_model(path_or_url, sha256, dest)
    except VoiceError as error:
        _fail(error)
    typer.echo(f"installed {installed}; set VOSK_MODEL={installed} or the voice model setting")


@voice.command("check")
def check_command(services: Path | None = typer.Option(None, help="A folder of service definitions "
                                                                  "(else the shipped ones)."),
                  chinese: ChineseSpeech = CHINESE) -> None:
    """Say every spoken string (catalogs, every service text, read-back values) through the real voice;
    print each that switches language or loses a tone. Exit 1 if any does."""
    import tempfile

    from banshi.services.errors import ServiceDefinitionError
    from banshi.voice import shipped
    from banshi.voice.speakable import SpeechLanguage
    from banshi.voice.tts import SpeechSynthesizer, voices_for

    findings, checked = [], 0
    with tempfile.TemporaryDirectory() as cache:
        synthesizer = SpeechSynthesizer(Path(cache), voices=voices_for(SpeechLanguage(chinese.value)))
        try:
            for language in ("zh_CN", "en"):
                texts = shipped.spoken_strings(language, services)
                findings += shipped.check(texts, synthesizer, language)
                checked += len(texts)
        except (ServiceDefinitionError, VoiceError) as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(1) from None
        finally:
            synthesizer.close()
    for finding in findings:
        typer.echo(str(finding))
    typer.echo(f"{checked} spoken strings checked, {len(findings)} findings")
    if findings:
        raise typer.Exit(1)


@voice.command("grammar")
def grammar_command(language: str = LANGUAGE) -> None:
    """Print the recogniser grammar (a JSON phrase list) generated from the intent templates."""
    typer.echo(json.dumps(build_grammar(language), ensure_ascii=False, indent=1))
