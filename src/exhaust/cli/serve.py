"""`exhaust serve`: the web app under uvicorn (loaded by the app when run).

Only typer and the standard library at module level: `exhaust --help` stays fast.
"""

from __future__ import annotations

import os
import socket
from typing import Annotated

import typer

commands = typer.Typer(rich_markup_mode=None, add_completion=False)  # one command: Typer would add its own


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


@commands.command("serve")
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on; 0.0.0.0 for every network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL (default: the root --db, EXHAUST_DATABASE_URL, else SQLite)."),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Worker processes (several behind a proxy).")
    ] = 1,
    secure_cookies: Annotated[
        bool, typer.Option("--secure-cookies", help="Send the session cookie over HTTPS only (behind a TLS proxy).")
    ] = False,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option("--forwarded-allow-ips", help="Proxies trusted for X-Forwarded-For/-Proto (comma list, or '*')."),
    ] = "127.0.0.1",
    json_out: Annotated[bool, typer.Option("--json", help="Print where it serves as JSON, then serve.")] = False,
) -> None:
    """Serve the web app: plan, train with a rest timer, and look back, in a browser."""
    from exhaust.cli import context
    from exhaust.cli.output import EXIT_FINDING, console, emit_json, fail, handled
    from exhaust.store.database import ENV_URL, open_database, resolve_url

    url = resolve_url(db or context.db_url)
    with handled(json_out):
        database = open_database(url)  # migrate once here, and fail here with a clear message
        engine = database.engine.dialect.name
        database.dispose()
    if not _port_free(host, port):
        raise fail(
            f"cannot listen on {host}:{port}: the port is in use or not allowed; choose another with --port",
            EXIT_FINDING,
            json_out,
        )
    shown_host = f"[{host}]" if ":" in host else host
    address = f"http://{shown_host}:{port}/"
    if json_out:
        emit_json({"url": address, "database": engine, "workers": workers})
    else:
        console().print(
            f"exhaust serves at {address} ({engine} database, {workers} worker{'s' * (workers != 1)}). "
            "Open it in a browser; on a new database the first visitor creates the owner account. Ctrl+C stops it.",
            markup=False,
            soft_wrap=True,
        )
    os.environ[ENV_URL] = url  # the worker processes open the same database
    if secure_cookies:
        os.environ["EXHAUST_SECURE_COOKIES"] = "1"
    import uvicorn

    uvicorn.run(
        "exhaust.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="warning",
        access_log=False,
        server_header=False,
    )
