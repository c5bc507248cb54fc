"""HTML escaping for the kit's hot loops (the options of a filter card, the cells of a table page).

Django's ``conditional_escape`` and ``format_html`` are right everywhere and used everywhere else; in a loop
over a few hundred options or cells, their lazy-string wrappers (``keep_lazy``) cost more than the escaping
itself. These do the same escaping with the standard library's ``html.escape``, which is what Django's own
``escape`` calls.
"""

import html

from django.utils.safestring import SafeString


def escaped(value) -> str:
    """``value`` as HTML text: its own HTML if it has one (a SafeString, a rendered cell), else escaped
    (``& < > " '``), exactly as ``django.utils.html.conditional_escape`` gives."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def safe_join(parts) -> SafeString:
    """Join strings that are already HTML into one safe string."""
    return SafeString("".join(parts))
