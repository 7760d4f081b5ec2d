"""``banshi hall serve | enrol-code | report | simulate`` (``display`` is added by ``banshi.hall_board``)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import typer

from banshi.config import load_settings
from banshi.hall.model import HallRole



app = typer.Typer(help="The service hall: tickets, calls, counters.")
hall_app = typer.Typer(no_args_is_help=True, help="The hall service (取号/叫号), its reports and its simulation.")
app.add_typer(hall_app, name="hall")

DatabaseOption = typer.Option(None, help="SQLAlchemy URL (sqlite:///file or postgresql+psycopg://…); default from settings")
HallOption = typer.Option(None, exists=True, dir_okay=False, help="The hall's layout (YAML); default from settings, "
                          "else the shipped demo hall.")


def _database(database_url: str | None) -> str:
    return database_url or load_settings().hall_database_url


def _hall_file(path: Path | None) -> Path | None:
    return path or load_settings().hall.hall_file


@hall_app.command("serve")
def serve(
    database_url: str | None = DatabaseOption,
    hall: Path | None = HallOption,
    host: str | None = typer.Option(None, help="Address to listen on (default from settings: 127.0.0.1)."),
    port: int | None = typer.Option(None, help="Port; 0 picks a free one (default from settings: 8766)."),
    keys_dir: Path | None = typer.Option(None, help="The hall's private keys (default: hall-keys in the data dir)."),
    log_level: str = typer.Option("warning", help="uvicorn log level."),
    exit_with_parent: bool = typer.Option(False, help="Stop when the starting process dies (harnesses)."),
) -> None:
    """Run the hall service until interrupted (state is in the database: a restart resumes the day)."""
    import uvicorn

    from banshi.hall.app import create_hall_app
    from banshi.hall.config import load_hall_config
    from banshi.sync.hub.cli import _AnnouncingServer, _listen
    from banshi.sync.hub.workers import die_with_parent

    settings = load_settings()
    host = host or settings.hall.host
    sock = _listen(host, settings.hall.port if port is None else port)
    config = load_hall_config(_hall_file(hall))
    application = create_hall_app(_database(database_url), keys_dir or settings.device.data_dir / "hall-keys", config)
    if exit_with_parent:
        die_with_parent()
    url = f"http://{host}:{sock.getsockname()[1]}"
    server = _AnnouncingServer(uvicorn.Config(application, log_level=log_level, access_log=False), url)
    server.run(sockets=[sock])
    sys.exit(0 if server.started else 1)


@hall_app.command("enrol-code")
def enrol_code(role: HallRole = typer.Option(..., help="What the device will be: kiosk, counter or board."),
               database_url: str | None = DatabaseOption,
               keys_dir: Path | None = typer.Option(None, help="The hall's private keys (default: hall-keys in the "
                                                    "data dir); the code names their fingerprint.")) -> None:
    """Print a one-time code that enrols one device at this hall in ``role`` (fixed for life)."""
    from banshi.hall.roles import enrolment_codes

    keys = keys_dir or load_settings().device.data_dir / "hall-keys"
    typer.echo(enrolment_codes(_database(database_url), keys, [("device", role)])["device"])


@hall_app.command("report")
def report(
    day: str = typer.Option(date.today().isoformat(), "--date", help="The hall's day, YYYY-MM-DD."),
    database_url: str | None = DatabaseOption,
    hall: Path | None = HallOption,
    csv_out: Path | None = typer.Option(None, "--csv", help="Write the CSV here (default: print it)."),
    page_out: Path | None = typer.Option(None, "--page", help="Also write a printable HTML page here."),
) -> None:
    """Per service: tickets, waits (median, p90), no-shows, service times, ratings."""
    from banshi.hall.config import load_hall_config
    from banshi.hall.report import day_report, printable_page, to_csv

    try:
        date.fromisoformat(day)
    except ValueError:
        typer.echo(f"--date {day!r} is not a date; write it as YYYY-MM-DD.", err=True)
        raise typer.Exit(code=2) from None
    config = load_hall_config(_hall_file(hall))
    rows = day_report(_database(database_url), config, day)
    text = to_csv(rows)
    if csv_out is None:
        typer.echo(text, nl=False)
    else:
        csv_out.write_text(text, encoding="utf-8")
    if page_out is not None:
        page_out.write_text(printable_page(config, day, rows), encoding="utf-8")


@hall_app.command("simulate")
def simulate(
    kiosks: int = typer.Option(4, min=1, max=50),
    counters: int = typer.Option(10, min=1, max=50),
    citizens: int = typer.Option(200, min=1, max=100_000),
    speedup: float = typer.Option(600.0, min=1.0, max=100_000.0, help="Simulated seconds per real second."),
    kill_every: int = typer.Option(0, min=0, help="SIGKILL the hall service every T tickets (0: never)."),
    database_url: str | None = typer.Option(None, help="Default: a fresh SQLite file in a temporary folder."),
    seed: int = typer.Option(1),
) -> None:
    """Run a day against a real hall service on loopback with real kiosk, counter and board processes."""
    from banshi.hall.simulate import SimulationPlan, run_simulation

    plan = SimulationPlan(kiosks=kiosks, counters=counters, citizens=citizens, speedup=speedup,
                          kill_every=kill_every, database_url=database_url, seed=seed)
    result = run_simulation(plan, progress=lambda line: typer.echo(line, err=True))
    typer.echo(result.summary())
    raise typer.Exit(code=0 if result.clean else 1)
