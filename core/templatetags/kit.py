"""Template filters of the page kit: ``{{ course.hours|hours }}``, ``{{ record.total|yuan }}``."""

from django import template

from core.formats import hours_text, yuan_text

register = template.Library()

register.filter("hours", hours_text)
register.filter("yuan", yuan_text)
