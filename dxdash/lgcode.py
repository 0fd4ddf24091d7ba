"""全国地方公共団体コード (団体コード): normalisation and check digit.

Sources write the code as 5 digits (JIS X 0402, no check digit), 6 digits, or 6 digits written as
an integer so the leading zero is lost (札幌市 011002 → 11002). Everything in the store is the
6-digit text form; prefectures are also addressed by their 2-digit code, the nation by "00".
"""
from __future__ import annotations

import re

NATION = "00"


class LgCodeError(ValueError):
    """A 団体コード that cannot be normalised or whose check digit is wrong."""


def check_digit(code5: str) -> str:
    """Check digit of a 5-digit code: weights 6,5,4,3,2; (11 - sum mod 11) mod 10."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return str((11 - total % 11) % 10)


def with_check_digit(code5: str) -> str:
    return code5 + check_digit(code5)


def normalize(raw: object, *, digits_hint: int | None = None) -> str:
    """Return the 6-digit 団体コード for a code written as 5 or 6 digits (leading zero possibly lost).

    `digits_hint` says how the source writes codes (5 = JIS without check digit, 6 = with it); it
    resolves the one ambiguous case, a 5-character string that could be either.
    Raises LgCodeError naming what was wrong.
    """
    text = str(raw).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not re.fullmatch(r"\d{4,6}", text):
        raise LgCodeError(f"団体コード {raw!r} は 5 桁または 6 桁の数字ではありません")
    if len(text) == 6:
        code6 = text
    elif digits_hint == 5:
        code6 = with_check_digit(text.zfill(5))
    elif len(text) == 5 and digits_hint is None:
        # Ambiguous: a 6-digit code that lost its leading zero also has 5 characters.
        # Prefer the reading whose check digit is valid.
        padded = text.zfill(6)
        if is_valid(padded):
            code6 = padded
        else:
            code6 = with_check_digit(text)
    else:
        code6 = text.zfill(6)
    if not is_valid(code6):
        raise LgCodeError(
            f"団体コード {raw!r} のチェックデジットが誤っています（{code6[:5]} なら {with_check_digit(code6[:5])} のはずです）"
        )
    return code6


def is_valid(code6: str) -> bool:
    return bool(re.fullmatch(r"\d{6}", code6)) and check_digit(code6[:5]) == code6[5]


def pref_code_of(code6: str) -> str:
    return code6[:2]


def prefecture_lg_code(pref_code: str) -> str:
    """The 6-digit 団体コード of a prefecture itself (石川県 17 → 170003)."""
    return with_check_digit(pref_code + "000")
