"""The URL conf walked once for the tests that find pages in it instead of a hand-kept list."""

from django.urls import URLPattern, URLResolver, get_resolver


def routed_views() -> list[tuple[str, object]]:
    """(route, view callback) of every URL pattern, the routes of included URL confs joined."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                found.append((route, pattern.callback))

    walk(get_resolver().url_patterns, "")
    return found
