"""Regulation numbers that domain-rules.md marks S (secondary source) or L (local choice).

Every one is a setting with the documented default, so the organization department can change it through
the environment or a settings override without touching the rules. Rules read them through
``django.conf.settings`` at call time, never at import time, so ``override_settings`` works in tests.
Apps add their own section below, each headed by the domain-rules section it implements.
"""

# §1 Rank ladder: county and township organs may set ranks up to 二级调研员 (rank 9), S.
RANK_CEILING_COUNTY = 9
