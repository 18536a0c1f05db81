"""The `zhongjie` command line."""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import json
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import httpx
import typer
import uvicorn
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Role
from zhongjie.base.clock import utcnow
from zhongjie.base.errors import DomainError
from zhongjie.base.messages import render
from zhongjie.base.settings import Settings
from zhongjie.domain import audit
from zhongjie.domain.agencies.licenses import read_license_file, store_licenses
from zhongjie.domain.awards import seal
from zhongjie.domain.awards.letters import LetterInvalid, verify_letter_file
from zhongjie.domain.calendar import read_file
from zhongjie.domain.catalog.importer import ChangeAuthor, ImportReport, import_catalog_file
from zhongjie.domain.credit.records import import_credit_rows
from zhongjie.domain.draws import verify_record
from zhongjie.domain.ocds.publication import publish_missing
from zhongjie.domain.projects.deadlines import CalendarChange, apply_calendar
from zhongjie.domain.sources import read_rows
from zhongjie.events.broker import EventBroker
from zhongjie.models import AuditEntry, AuditSeal
from zhongjie.models.database import Database
from zhongjie.schema.api import schema as api_schema
from zhongjie.server.database_setup import configure, prepare_database
from zhongjie.server.demo import load_demo_data
from zhongjie.server.logs import configure_logging
from zhongjie.server.scheduler import run_timed_jobs
from zhongjie.server.serving import uvicorn_options
from zhongjie.server.webhooks import dispatch_webhooks

app = typer.Typer(
    help="Zhongjie (中介): GraphQL API of an online intermediary service marketplace.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
import_app = typer.Typer(help="Import data exported by other government systems.", no_args_is_help=True)
app.add_typer(import_app, name="import")
webhooks_app = typer.Typer(help="Webhook delivery.", no_args_is_help=True)
seal_app = typer.Typer(help="The platform's electronic seal (电子印章).", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log (审计日志).", no_args_is_help=True)
ocds_app = typer.Typer(help="The OCDS releases (开放合同数据).", no_args_is_help=True)
app.add_typer(audit_app, name="audit")
app.add_typer(ocds_app, name="ocds")
app.add_typer(seal_app, name="seal")
app.add_typer(webhooks_app, name="webhooks")

T = TypeVar("T")
Language = Annotated[str, typer.Option("--lang", help="Language of messages: zh-CN or en.")]


def _with_database(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    async def run() -> T:
        database = configure(Database.from_url(settings.resolved_database_url), settings)
        try:
            return await work(database)
        finally:
            await database.dispose()

    return asyncio.run(run())


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port.")] = None,
    workers: Annotated[int | None, typer.Option(help="Number of server processes.")] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Create and seed a local database; GraphiQL on.")
    ] = False,
) -> None:
    """Serve the GraphQL API."""
    # worker processes read their settings from the environment
    overrides = {
        "ZHONGJIE_HOST": host,
        "ZHONGJIE_PORT": port and str(port),
        "ZHONGJIE_DEMO": demo and "true",
        "ZHONGJIE_JSON_LOGS": os.environ.get("ZHONGJIE_JSON_LOGS", "true"),
    }
    os.environ.update({name: value for name, value in overrides.items() if value})
    settings = Settings()
    if settings.demo:
        _with_database(settings, lambda database: _prepare_demo(database, settings))
        typer.echo(f"Demo mode. GraphiQL: {settings.base_url}/graphql")
        typer.echo(f"Database: {settings.resolved_database_url}")
        if settings.oidc_issuer is None:
            typer.echo("Demo identity provider (demo only): get a token with `zhongjie token --role owner`")
            typer.echo("  and send it as the header  Authorization: Bearer <token>")
    configure_logging()
    uvicorn.run(
        "zhongjie.server.app:create_app",
        log_config=None,
        access_log=False,
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers or settings.workers,
        **uvicorn_options(settings),
    )


async def _prepare_demo(database: Database, settings: Settings) -> None:
    await prepare_database(database)
    report = await load_demo_data(database, settings.project_thresholds())
    typer.echo(
        f"Demo catalog: {report.created} created, {report.updated} updated, {report.unchanged} unchanged."
    )


@app.command()
def migrate() -> None:
    """Upgrade the database to the current schema and sync the shipped reference data."""
    settings = Settings()
    _with_database(settings, prepare_database)
    typer.echo("Database is at the current schema.")


@app.command()
def schema() -> None:
    """Print the GraphQL schema (SDL)."""
    sys.stdout.write(api_schema.as_str() + "\n")


@app.command()
def token(
    role: Annotated[Role, typer.Option(help="Role of the demo user.")],
    org: Annotated[str | None, typer.Option(help="Organisation code instead of the demo user's.")] = None,
    region: Annotated[
        str | None, typer.Option(help="6-digit region code instead of the demo user's.")
    ] = None,
    sector: Annotated[str | None, typer.Option(help="Industry sector of an authority.")] = None,
    url: Annotated[str | None, typer.Option(help="Base URL of the demo server.")] = None,
) -> None:
    """Print a bearer token from the demo server's identity provider (demo mode only)."""
    base = (url or Settings().base_url).rstrip("/")
    form = {"role": role.value, "org": org or "", "region": region or "", "sector": sector or ""}
    try:
        response = httpx.post(f"{base}/demo-oidc/token", data=form, timeout=10)
    except httpx.HTTPError as error:
        typer.echo(f"Cannot reach the demo server at {base}: {error}", err=True)
        raise typer.Exit(2) from error
    if response.status_code == 404:
        typer.echo(f"{base} is not running in demo mode (zhongjie serve --demo).", err=True)
        raise typer.Exit(2)
    if response.status_code != 200:
        typer.echo(f"The demo server refused: {response.status_code} {response.text[:300]}", err=True)
        raise typer.Exit(2)
    typer.echo(response.json()["access_token"])


@app.command()
def jobs() -> None:
    """Run one round of the timed jobs now (they also run inside every server)."""
    done = _with_database(Settings(), lambda database: run_timed_jobs(database, utcnow()))
    typer.echo(
        "another process is running them" if done is None else ", ".join(f"{k}={v}" for k, v in done.items())
    )


@webhooks_app.command("dispatch")
def dispatch() -> None:
    """Deliver webhooks until stopped: a dispatcher of its own, beside or instead of the servers'
    (set ZHONGJIE_WEBHOOK_DISPATCH=false on the servers to leave delivery to these)."""
    configure_logging()
    settings = Settings()

    async def run(database: Database) -> None:
        broker = EventBroker(database, settings.events_poll_seconds)
        broker.start()
        try:
            await dispatch_webhooks(database, settings, broker.signal)
        finally:
            await broker.stop()

    with contextlib.suppress(KeyboardInterrupt):
        _with_database(settings, run)


@import_app.command("licenses")
def import_licenses(
    file: Annotated[
        Path, typer.Argument(help="CSV export of the e-license registry.", exists=True, dir_okay=False)
    ],
) -> None:
    """Load the e-license registry (电子证照) used to verify qualifications; idempotent by license id."""
    try:
        records = read_license_file(file)
    except (ValueError, OSError) as error:
        typer.echo(f"Nothing imported: {error}", err=True)
        raise typer.Exit(1) from error
    count = _with_database(Settings(), lambda database: store_licenses(database, records))
    typer.echo(f"licenses={count}")


@import_app.command("holidays")
def import_holidays(
    file: Annotated[
        Path,
        typer.Argument(
            help="The State Council's arrangement as CSV: date, kind (holiday|workday), name[, provisional].",
            exists=True,
            dir_okay=False,
        ),
    ],
    lang: Language = "zh-CN",
) -> None:
    """Load a year's holidays and make-up workdays (节假日安排); each year in the file replaces that year.
    Idempotent; open deadlines the new days move are moved, and listed."""
    try:
        years = read_file(file)
    except (DomainError, UnicodeError, OSError) as error:
        message = error.message(lang) if isinstance(error, DomainError) else str(error)
        typer.echo(f"Nothing imported: {message}", err=True)
        raise typer.Exit(1) from error

    async def work(database: Database) -> CalendarChange:
        async def apply(session: AsyncSession) -> CalendarChange:
            return await apply_calendar(session, years, f"import of {file.name}", utcnow())

        return await database.run_transaction(apply)

    change = _with_database(Settings(), work)
    for year in years:
        state = "changed" if year.year in change.years else "unchanged"
        kind = "provisional" if year.provisional else "official"
        typer.echo(f"{year.year}: {kind}, {len(year.days)} days, {state}")
    for moved in change.moved:
        before, after = moved.before.isoformat(), moved.after.isoformat()
        typer.echo(f"moved {moved.project_code} {moved.deadline}: {before} -> {after}")
    typer.echo(f"years changed={len(change.years)} deadlines moved={len(change.moved)}")


@import_app.command("credit")
def import_credit(
    file: Annotated[
        Path,
        typer.Argument(
            help="Credit China / enterprise credit publicity export (CSV, XLSX, JSON).",
            exists=True,
            dir_okay=False,
        ),
    ],
    lang: Language = "zh-CN",
) -> None:
    """Import credit records, de-duplicated by source and source id; profiles are recomputed."""
    try:
        rows = read_rows(file)
    except DomainError as error:
        typer.echo(error.message(lang), err=True)
        raise typer.Exit(2) from error
    report = _with_database(
        Settings(), lambda database: import_credit_rows(database, rows, f"import of {file.name}", utcnow())
    )
    for number, key, params in report.rejected:
        reason = render(
            key.split(":")[0], lang, **{"field": key.partition(":")[2], "value": "", "choices": "", **params}
        )
        typer.echo(f"row {number}: {reason}", err=True)
    if report.rejected:
        typer.echo(f"Nothing imported: {len(report.rejected)} invalid rows.", err=True)
        raise typer.Exit(1)
    typer.echo(f"created={report.created} updated={report.updated} unchanged={report.unchanged}")


@app.command("verify-draw")
def verify_draw(
    file: Annotated[
        Path, typer.Argument(help="A published draw record (JSON).", exists=True, dir_okay=False)
    ],
) -> None:
    """Re-compute a published draw offline; exits non-zero on any mismatch."""
    try:
        record = json.loads(file.read_text(encoding="utf-8"))
        problems = verify_record(record)
    except (ValueError, KeyError, TypeError) as error:
        typer.echo(f"not a draw record: {error}", err=True)
        raise typer.Exit(2) from error
    for problem in problems:
        typer.echo(
            f"MISMATCH {problem.where}: expected {problem.expected!r}, record has {problem.found!r}", err=True
        )
    if problems:
        raise typer.Exit(1)
    typer.echo(f"draw verified: {record['algorithm']}, commitment {record['commitment']}")


@app.command("verify-letter")
def verify_letter(
    file: Annotated[
        Path, typer.Argument(help="A downloaded confirmation letter (JSON).", exists=True, dir_okay=False)
    ],
    jwks: Annotated[
        Path,
        typer.Option(
            help="The platform's published keys, saved from /.well-known/jwks.json.",
            exists=True,
            dir_okay=False,
        ),
    ],
) -> None:
    """Verify a confirmation letter (中选确认书) offline; exits non-zero if any byte was changed."""
    try:
        keys = json.loads(jwks.read_text(encoding="utf-8"))
    except ValueError as error:
        typer.echo(f"not a key set: {error}", err=True)
        raise typer.Exit(2) from error
    try:
        letter = verify_letter_file(file.read_bytes(), keys)
    except LetterInvalid as invalid:
        typer.echo(f"INVALID: {invalid}", err=True)
        raise typer.Exit(1) from invalid
    typer.echo(
        f"letter verified: {letter['number']}, {letter['project']['code']}, {letter['agency']['name']}"
    )


@audit_app.command("verify")
def verify_audit() -> None:
    """Re-compute the audit log's hash chains and seals; exits 1 naming every edited, removed or reordered
    entry."""

    async def run(database: Database) -> tuple[int, int, list[audit.Break]]:
        async with database.session() as session:
            entries = await session.scalar(select(func.count()).select_from(AuditEntry)) or 0
            seals = await session.scalar(select(func.count()).select_from(AuditSeal)) or 0
            return entries, seals, await audit.verify(session)

    entries, seals, breaks = _with_database(Settings(), run)
    for found in breaks:
        typer.echo(f"BROKEN at {found}", err=True)
    if breaks:
        raise typer.Exit(1)
    typer.echo(f"audit log intact: {entries} entries, {seals} seals")


@ocds_app.command("publish-missing")
def publish_missing_releases() -> None:
    """Store the releases of stages recorded before releases were stored as published (once, after an
    upgrade from a version that built them at every request), as the rows read now."""
    settings = Settings()

    async def run(database: Database) -> int:
        async with database.transaction() as session:
            return await publish_missing(session, settings.ocds_publisher())

    typer.echo(f"releases stored: {_with_database(settings, run)}")


@seal_app.command("rotate")
def rotate_seal() -> None:
    """Start signing letters with a new seal key; earlier keys stay published, so old letters verify."""

    async def run(database: Database) -> str:
        async with database.transaction() as session:
            return (await seal.rotate(session, utcnow())).kid

    typer.echo(f"signing with {_with_database(Settings(), run)}")


@import_app.command("catalog")
def import_catalog(
    file: Annotated[
        Path, typer.Argument(help="CSV, XLSX or JSON export of service items.", exists=True, dir_okay=False)
    ],
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the valid rows even if some rows are invalid.")
    ] = False,
    actor: Annotated[str | None, typer.Option(help="Who is importing (recorded in the history).")] = None,
    reason: Annotated[str | None, typer.Option(help="Why (recorded in the history).")] = None,
    lang: Language = "zh-CN",
) -> None:
    """Import service items idempotently by code; changed items get a new version."""
    author = ChangeAuthor(
        actor=actor or f"import:{getpass.getuser()}", reason=reason or f"import of {file.name}"
    )
    try:
        report = _with_database(
            Settings(),
            lambda database: import_catalog_file(database, file, author, skip_invalid=skip_invalid),
        )
    except DomainError as error:
        typer.echo(error.message(lang), err=True)
        raise typer.Exit(2) from error
    _print_report(report, lang)
    if report.has_rejections and not report.applied:
        raise typer.Exit(1)


def _print_report(report: ImportReport, lang: str) -> None:
    for rejected in report.rejected:
        reasons = "; ".join(render(problem.key, lang, **problem.params) for problem in rejected.problems)
        typer.echo(f"row {rejected.row} ({rejected.code or '-'}): {reasons}", err=True)
    if report.has_rejections and not report.applied:
        typer.echo(
            f"Nothing imported: {len(report.rejected)} invalid rows (use --skip-invalid to import the rest).",
            err=True,
        )
    typer.echo(
        f"created={report.created} updated={report.updated} "
        f"unchanged={report.unchanged} rejected={len(report.rejected)}"
    )


def main() -> None:
    app()
