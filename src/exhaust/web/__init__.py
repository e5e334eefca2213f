"""The web app (FastAPI): pages for people, a JSON API for scripts, over the same services."""

from exhaust.web.app import create_app

__all__ = ["create_app"]
