"""Server-rendered pages. Each module holds one subject's routes in its ``router``."""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

# In the order of the navigation; each module defines ``router``.
MODULES = ("auth", "today", "plan", "program", "history", "exercises", "progress", "importing", "account")


def routers() -> list[APIRouter]:
    return [import_module(f"exhaust.web.pages.{name}").router for name in MODULES]
