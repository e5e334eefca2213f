from __future__ import annotations

import pytest

from exhaust.domain.catalogue import Catalogue
from exhaust.services.catalogue import get_catalogue


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return get_catalogue()
