"""Pages: today (to be written)."""

from __future__ import annotations

from fastapi import APIRouter

from exhaust.web.deps import Csrf

router = APIRouter(dependencies=[Csrf])
