"""robots.txt, read as RFC 9309 says: rules for the user agent token `timeline` (or `*`); a
robots.txt that is not there (any 4xx) allows everything; one that cannot be read (5xx, no
answer) forbids everything, since a site whose rules are unknown may have forbidden it."""

from __future__ import annotations

import urllib.robotparser
from dataclasses import dataclass

# The product token robots.txt groups are matched on (RFC 9309, 2.2.1): the first word of the
# user agent, without its version.
PRODUCT_TOKEN = "timeline"
# RFC 9309, 2.5: a crawler must parse at least the first 500 KiB; what follows may be ignored.
MAX_ROBOTS_BYTES = 500 * 1024
# A Crawl-delay above this is not honoured as it stands: the site is asked no faster, but a
# command is not made to wait for minutes between two pages.
MAX_CRAWL_DELAY = 30.0


@dataclass(frozen=True)
class RobotsRules:
    """What one origin's robots.txt allows timeline."""

    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    unreadable: str | None = None  # why everything is forbidden, when it could not be read

    @classmethod
    def allow_all(cls) -> RobotsRules:
        return cls(None)

    @classmethod
    def forbid_all(cls, reason: str) -> RobotsRules:
        return cls(None, reason)

    @classmethod
    def parse(cls, text: str) -> RobotsRules:
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(text.splitlines())
        return cls(parser)

    def allows(self, url: str) -> bool:
        if self.unreadable is not None:
            return False
        return self.parser is None or self.parser.can_fetch(PRODUCT_TOKEN, url)

    @property
    def crawl_delay(self) -> float:
        """The pause the site asks for between two requests (Crawl-delay), within reason."""
        if self.parser is None:
            return 0.0
        delay = self.parser.crawl_delay(PRODUCT_TOKEN)
        try:
            return min(max(float(delay or 0), 0.0), MAX_CRAWL_DELAY)
        except (TypeError, ValueError):
            return 0.0
