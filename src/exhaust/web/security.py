"""Session cookies, CSRF tokens and the sign-in rate limit.

The session cookie is signed, not stored: it carries the user's id, their session epoch
(bumping it in the database signs every session out) and a random CSRF secret. Every
visitor gets one, signed in or not, so the sign-in form is protected too. Forms send the
secret back in a hidden field and the page's scripts in an ``X-CSRF-Token`` header; a
cross-site form cannot read the cookie to copy it (the double-submit pattern, OWASP CSRF
Prevention Cheat Sheet), and SameSite=Lax keeps the cookie off cross-site POSTs anyway.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "exhaust_session"
FLASH = "exhaust_flash"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
MAX_AGE_S = 30 * 24 * 3600  # a month: a lifter at the gym should not be asked to sign in


@dataclass(frozen=True)
class SessionData:
    user_id: int | None
    epoch: int
    csrf: str

    @classmethod
    def anonymous(cls) -> SessionData:
        return cls(None, 0, secrets.token_urlsafe(24))

    def signed_in(self, user_id: int, epoch: int) -> SessionData:
        # A new CSRF secret at sign-in: a secret planted before it is worth nothing after.
        return SessionData(user_id, epoch, secrets.token_urlsafe(24))


class Signer:
    def __init__(self, key: str) -> None:
        self._session = URLSafeTimedSerializer(key, salt="exhaust.session")
        self._flash = URLSafeTimedSerializer(key, salt="exhaust.flash")

    def dump(self, data: SessionData) -> str:
        return self._session.dumps([data.user_id, data.epoch, data.csrf])

    def load(self, value: str | None) -> SessionData | None:
        if not value:
            return None
        try:
            user_id, epoch, csrf = self._session.loads(value, max_age=MAX_AGE_S)
        except (BadSignature, ValueError, TypeError):
            return None
        if not (user_id is None or isinstance(user_id, int)) or not isinstance(epoch, int) or not isinstance(csrf, str):
            return None
        return SessionData(user_id, epoch, csrf)

    def dump_flash(self, kind: str, message: str) -> str:
        return self._flash.dumps([kind, message[:2000]])

    def load_flash(self, value: str | None) -> tuple[str, str] | None:
        if not value:
            return None
        try:
            kind, message = self._flash.loads(value, max_age=600)
        except (BadSignature, ValueError, TypeError):
            return None
        return str(kind), str(message)


def same_secret(given: str | None, expected: str) -> bool:
    return given is not None and secrets.compare_digest(given.encode(), expected.encode())


class RateLimiter:
    """At most ``limit`` failed sign-ins per key in ``window_s`` seconds (a sliding window).

    Kept in this process's memory: with several worker processes each counts on its own, so
    the effective limit is ``limit`` times the workers; still far below what guessing needs
    against argon2."""

    def __init__(self, limit: int = 10, window_s: float = 600) -> None:
        self.limit = limit
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times

    def retry_after(self, *keys: str) -> int:
        """Seconds until a blocked key may try again; 0 when none is blocked."""
        now = time.monotonic()
        with self._lock:
            waits = [
                times[0] + self.window_s - now for key in keys if len(times := self._recent(key, now)) >= self.limit
            ]
        return int(max(waits)) + 1 if waits else 0

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)
            if len(self._failures) > 10_000:  # forget quiet keys so memory stays bounded
                for key in [k for k, v in self._failures.items() if not v or v[-1] <= now - self.window_s]:
                    del self._failures[key]

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
