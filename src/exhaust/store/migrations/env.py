"""Alembic environment: migrations run on the connection exhaust hands over
(store/database.py's ``migrate``), never on a URL of their own."""

from __future__ import annotations

from alembic import context

from exhaust.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached if someone runs `alembic` by hand
    raise SystemExit("exhaust runs its migrations itself when it opens a database")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
