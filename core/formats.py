"""How numbers read on every page and export: hours without a trailing ".0", money with 元 and thousands."""

from decimal import Decimal, InvalidOperation


def hours_text(value) -> str:
    """2.0 → "2", 1.50 → "1.5", None → "" (training hours, leave hours)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)
    return f"{number:f}"


def yuan_text(value) -> str:
    """12345.5 → "12,345.50 元", None → "" (pay, allowances, funds)."""
    if value is None or value == "":
        return ""
    try:
        return f"{Decimal(str(value)):,.2f} 元"
    except InvalidOperation:
        return str(value)
