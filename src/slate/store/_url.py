"""Database URLs as they may be shown: the password masked wherever a URL is printed or logged."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

MASK = "***"
_USERINFO = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:@/]*):(?P<password>[^@/]*)@", re.I)
_QUERY_PASSWORD = re.compile(r"(?P<key>[?&]password=)[^&#]*", re.I)


def display_url(url: str) -> str:
    """``url`` with its password (``user:PASSWORD@`` or ``?password=``) replaced by ``***``."""
    shown = _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", str(url), count=1)
    return _QUERY_PASSWORD.sub(lambda m: f"{m['key']}{MASK}", shown)


def passwords(url: str) -> list[str]:
    """The secrets a URL carries (for removing them from messages that quote it)."""
    found: list[str] = []
    m = _USERINFO.match(str(url))
    if m and m["password"]:
        found += {m["password"], unquote(m["password"])}
    try:
        query = urlsplit(str(url)).query
    except ValueError:
        query = ""
    found += [v for k, v in parse_qsl(query) if k.lower() == "password" and v]
    return found


def redact(message: str, url: str) -> str:
    """``message`` with every secret of ``url`` masked."""
    for secret in sorted(passwords(url), key=len, reverse=True):
        message = message.replace(secret, MASK)
    return message
