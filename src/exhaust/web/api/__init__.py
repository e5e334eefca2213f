"""The JSON API under /api/v1. Each module holds one subject's routes in its ``router``."""

from __future__ import annotations

from importlib import import_module

from fastapi import APIRouter

MODULES = ("account", "workouts", "plans", "programs", "history", "exercises", "progress", "importing")


def routers() -> list[APIRouter]:
    from exhaust.web.api.account import sign_in

    return [sign_in, *(import_module(f"exhaust.web.api.{name}").router for name in MODULES)]
