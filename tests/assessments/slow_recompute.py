"""Loaded into the real worker of the fault test (``--include tests.assessments.slow_recompute``): one quota pool
per batch, and a pause in each pool's computation, so that the test can kill the worker between pools."""

import time

from django.conf import settings

from assessments import recompute

POOL_PAUSE_SECONDS = 0.4

settings.ASSESSMENTS_RECOMPUTE_BATCH_MEMBERS = 1
_compute_pool = recompute.compute_pool


def _slow_compute_pool(**kwargs):
    time.sleep(POOL_PAUSE_SECONDS)
    return _compute_pool(**kwargs)


recompute.compute_pool = _slow_compute_pool
