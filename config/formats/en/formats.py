"""The same formats as Chinese pages (config/formats/zh_Hans/formats.py): one date format everywhere."""

from config.formats.zh_Hans.formats import *  # noqa: F403
