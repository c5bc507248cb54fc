import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing cached: rolled-back tests reuse ids, so a data version can repeat."""
    cache.clear()
    yield
    cache.clear()
