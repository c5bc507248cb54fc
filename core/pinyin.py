"""Pinyin search keys for Chinese names, so a busy official can type "zx" to find 扎西."""

from pypinyin import lazy_pinyin


def pinyin_keys(name: str) -> tuple[str, str]:
    """Return (full pinyin, initials), lower-case ASCII: 扎西 → ("zhaxi", "zx").

    Non-Chinese characters (the dot in 阿苦·日布, Latin letters) are kept only where they are letters.
    """
    syllables = [s for s in lazy_pinyin(name, errors="ignore") if s.strip()]
    letters = [s.lower() for s in syllables if s.isascii() and s.isalpha()]
    return "".join(letters), "".join(s[0] for s in letters)
