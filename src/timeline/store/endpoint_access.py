"""Where a SPARQL endpoint is, how long it may take, and who may be told the store's
credentials: only the store's own origins, in answer to the scheme the server asks for, never on a
redirect elsewhere and never from a URL (timeline.store.sparql_client asks the endpoint)."""

from __future__ import annotations

import base64
import os
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from timeline.version import DEFAULT_USER_AGENT, USER_AGENT_VARIABLE
from timeline.errors import TimelineError

__all__ = ["CREDENTIAL_VARIABLES", "EndpointError", "EndpointSettings", "credentials_for", "mask_credentials", "opener", "origin"]


class EndpointError(TimelineError):
    """The endpoint could not be asked or did not answer with SPARQL results."""


CREDENTIAL_VARIABLES = ("TIMELINE_STORE_USER", "TIMELINE_STORE_PASSWORD")


@dataclass(frozen=True)
class EndpointSettings:
    url: str
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 60.0
    max_retries: int = 3
    backoff: float = 2.0
    max_retry_after: float = 120.0
    update_url: str | None = None
    graph_store_url: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    max_response_bytes: int = 1 << 30
    takes_credentials: bool = True  # a store; a linking endpoint (Wikidata) is sent none

    def __post_init__(self) -> None:
        for url in (self.url, self.update_url, self.graph_store_url):
            if url and _has_credentials(url):
                raise EndpointError(
                    "Put credentials in $TIMELINE_STORE_USER and $TIMELINE_STORE_PASSWORD or in a netrc file, "
                    f"not in the URL ({mask_credentials(url)}); nothing was sent."
                )
            if url and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise EndpointError(f"{mask_credentials(url)} is not an http(s) URL of a SPARQL endpoint.")

    @property
    def credential_origins(self) -> list[str]:
        """The origins the credentials were given for: the store's own URLs, and no others."""
        return sorted({origin(url) for url in (self.url, self.update_url, self.graph_store_url) if url})

    @classmethod
    def from_environment(
        cls, url: str, timeout: float | None = None, update_url: str | None = None, graph_store_url: str | None = None,
        credentials: bool = True,
    ) -> EndpointSettings:
        """Settings for a URL with the user agent from the environment and, for a store
        (`credentials`), the store's credentials. An endpoint that is not the store (Wikidata,
        asked by `timeline link`) never gets them."""
        user_agent = os.environ.get(USER_AGENT_VARIABLE) or DEFAULT_USER_AGENT
        user, password = credentials_for(url) if credentials else (None, None)
        return cls(
            url=url, user_agent=user_agent, timeout=timeout if timeout is not None else cls.timeout,
            update_url=update_url, graph_store_url=graph_store_url, user=user, password=password, takes_credentials=credentials,
        )


def _has_credentials(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.username is not None or parts.password is not None


def origin(url: str) -> str:
    """scheme://host:port, the unit credentials are scoped to."""
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = 0
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def mask_credentials(text: str) -> str:
    """The text with the user:password@ of any URL in it masked."""
    return re.sub(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s]*@", r"\1***@", text)


def credentials_for(url: str) -> tuple[str | None, str | None]:
    """Credentials for a store URL: $TIMELINE_STORE_USER and $TIMELINE_STORE_PASSWORD, else the
    netrc file ($NETRC or ~/.netrc) entry of the URL's host; never the command line."""
    user, password = (os.environ.get(name) for name in CREDENTIAL_VARIABLES)
    if user and password:
        return user, password
    import netrc

    path = os.environ.get("NETRC") or os.path.expanduser("~/.netrc")
    if not os.path.isfile(path):
        return None, None
    try:
        entry = netrc.netrc(path).authenticators(urllib.parse.urlsplit(url).hostname or "")
    except (netrc.NetrcParseError, OSError) as error:
        raise EndpointError(f"The netrc file {path} cannot be read: {error}") from None
    if entry is None:
        return None, None
    return entry[0], entry[2]


class _Redirects(urllib.request.HTTPRedirectHandler):
    """A few redirects, over http(s) only. urllib keeps credentials off the new request (the auth
    handlers add them as unredirected headers) and adds them again only for the store's origins."""

    max_redirections = 5

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise EndpointError(f"{req.full_url} redirected to {mask_credentials(newurl)}, which is not http(s); nothing more was sent.")
        if code in (307, 308) and req.get_method() == "POST":
            # The two redirects that keep the method and body (urllib follows them for GET
            # only, and a 307 to a POST looked like a redirect loop). Only the request's own
            # headers go along: credentials are unredirected, added again only for the store.
            return urllib.request.Request(newurl, data=req.data, headers=dict(req.headers), method="POST")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _StoreBasicAuth(urllib.request.HTTPBasicAuthHandler):
    """HTTP Basic credentials for the store's origins, and no other: sent in answer to a Basic
    challenge, then with every later request to those origins (as an unredirected header,
    which urllib never copies onto a redirect). Never before the server asked for Basic: a
    server that asks for Digest (Virtuoso's /sparql-auth) never sees the password itself.
    (urllib's own prior-auth password manager marks any URL that once answered 2xx, a
    redirect's target included, as one to send credentials to.)"""

    def __init__(self, settings: EndpointSettings, passwords: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(passwords)
        token = base64.b64encode(f"{settings.user}:{settings.password}".encode()).decode()
        self._header = f"Basic {token}"
        self._origins = set(settings.credential_origins)
        self._asked = False

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self._asked and origin(req.full_url) in self._origins and not req.has_header("Authorization"):
            req.add_unredirected_header("Authorization", self._header)
        return req

    def https_request(self, req: urllib.request.Request) -> urllib.request.Request:
        return self.http_request(req)

    def http_error_401(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any) -> Any:
        challenges = " ".join(headers.get_all("WWW-Authenticate") or []).lower()
        if "basic" in challenges and origin(req.full_url) in self._origins:
            self._asked = True
        return super().http_error_401(req, fp, code, msg, headers)


def opener(settings: EndpointSettings) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_Redirects()]
    if settings.user and settings.password:
        # Basic or Digest, whichever the server asks for, for the store's origins only.
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for allowed in settings.credential_origins:
            passwords.add_password(None, allowed + "/", settings.user, settings.password)
        handlers += [_StoreBasicAuth(settings, passwords), urllib.request.HTTPDigestAuthHandler(passwords)]
    return urllib.request.build_opener(*handlers)
