"""Every setting of Kiểm chứng in one table, read from the environment in one place.

``SETTINGS`` lists name, default and help. A ``Settings`` object holds the values of one
instance: the CLI and ``create_app`` build it once (``Settings.from_env()``) and hand it down,
as httpx hands a ``Timeout`` to its client; a library user may build one from a dict.
``Settings.get(name)`` casts and validates. The docs test fails when a setting here is missing
from docs/settings.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Callable, Mapping, SupportsFloat, SupportsInt, cast
from urllib.parse import urlsplit

from .errors import SettingError
from .version import __version__


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    cast: Callable[[str], object] = str


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("not a valid bool (use 1/0, true/false, yes/no)")


def _positive_float(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError("must be greater than 0")
    return number


def _optional_probability(value: str) -> float | None:
    if not value.strip():
        return None
    number = float(value)
    if not 0 <= number <= 1:
        raise ValueError("must be between 0 and 1")
    return number


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError("must be greater than 0")
    return number


def _non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be 0 or more")
    return number


def _public_url(value: str) -> str:
    """A site's base URL: http(s), a host, no query or fragment; kept without a trailing slash."""
    text = value.strip().rstrip("/")
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            "must be an http:// or https:// address such as https://kiemchung.example.vn"
        )
    if parts.query or parts.fragment or parts.username:
        raise ValueError("must be a plain base address, without user, query or fragment")
    return text


def _outlet_name(value: str) -> str:
    """The publisher's name as readers see it: on one line, 1 to 80 characters."""
    text = " ".join(value.split())
    if not 1 <= len(text) <= 80:
        raise ValueError("must be the outlet's name, 1 to 80 characters (such as Báo Ví Dụ)")
    return text


def _broker_url(value: str) -> str:
    text = value.strip()
    if text and urlsplit(text).scheme not in ("redis", "rediss", "unix"):
        raise ValueError("must be a Redis address such as redis://127.0.0.1:6379/0")
    return text


def _networks(value: str) -> tuple[IPv4Network | IPv6Network, ...]:
    try:
        return tuple(
            ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip()
        )
    except ValueError as error:
        raise ValueError(f"not a list of addresses or networks ({error})") from None


def _hosts(value: str) -> tuple[str, ...]:
    names = tuple(part.strip().lower().rstrip(".") for part in value.split(",") if part.strip())
    for name in names:
        if any(c in name for c in "/@ ") or (":" in name and not name.startswith("[")):
            raise ValueError(f"{name!r} is not a host name (no scheme, port or path)")
    return names


def _database_url(value: str) -> str:
    text = value.strip()
    if text and not text.startswith(("postgresql://", "postgresql+psycopg://", "sqlite:///")):
        raise ValueError(
            "must be a postgresql+psycopg://… or sqlite:///… URL (empty: the SQLite file in the "
            "data directory)"
        )
    return text


def _default_home() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "kiemchung")


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "KIEMCHUNG_HOME",
        "",
        "Data directory holding the SQLite database and index files "
        "(default: $XDG_DATA_HOME/kiemchung or ~/.local/share/kiemchung).",
    ),
    Setting(
        "KIEMCHUNG_DATABASE_URL",
        "",
        "Where the database lives, as a SQLAlchemy URL: empty for the SQLite file in "
        "KIEMCHUNG_HOME; postgresql+psycopg://user@host/kiemchung for PostgreSQL with pgvector.",
        _database_url,
    ),
    Setting(
        "KIEMCHUNG_PG_EF_SEARCH",
        "256",
        "On PostgreSQL, the candidates pgvector's HNSW keeps while it walks the graph "
        "(hnsw.ef_search): recall@10 against exact search 0.88 at 100,000 entries and 0.85 at "
        "1,000,000 with 256 (bench/README.md); more finds more at a longer walk.",
        _positive_int,
    ),
    Setting(
        "KIEMCHUNG_ALLOW_PRIVATE_HOSTS",
        "0",
        "Allow fetching private, loopback and "
        "link-local addresses (only for tests and intranet sources).",
        _bool,
    ),
    Setting("KIEMCHUNG_FETCH_TIMEOUT", "15", "Seconds before a fetch gives up.", _positive_float),
    Setting(
        "KIEMCHUNG_FETCH_MAX_BYTES",
        "5000000",
        "Largest response body accepted, in bytes.",
        _positive_int,
    ),
    Setting(
        "KIEMCHUNG_FETCH_MAX_REDIRECTS",
        "5",
        "Most redirects followed for one fetch.",
        _positive_int,
    ),
    Setting(
        "KIEMCHUNG_USER_AGENT",
        f"KiemChungBot/{__version__} (+https://github.com/kiemchung/kiemchung)",
        "User-Agent sent with every fetch and matched against robots.txt.",
    ),
    Setting(
        "KIEMCHUNG_CHROMIUM",
        "auto",
        "The Chromium program that takes a screenshot of each archived source (a path or a "
        "name on PATH); auto: /usr/bin/chromium, else chromium or chromium-browser on PATH; "
        "empty: no screenshots, sources are archived as WARC files only.",
    ),
    Setting(
        "KIEMCHUNG_MATCH_THRESHOLD",
        "",
        "Probability at or above which the first match is "
        "declared the same claim; empty means the threshold calibrated with the shipped "
        "model (higher: fewer false matches, more missed ones).",
        _optional_probability,
    ),
    Setting(
        "KIEMCHUNG_CLAIM_THRESHOLD",
        "0.5",
        "Score above which a sentence is reported as a check-worthy claim.",
        float,
    ),
    Setting(
        "KIEMCHUNG_MAX_CLAIM_CHARS",
        "2000",
        "Longest claim, in characters: a fact-check whose claimReviewed is longer is refused "
        "on import, and a longer sentence is not taken as a claim (matching cost grows with it).",
        _positive_int,
    ),
    Setting(
        "KIEMCHUNG_WHOLE_POST_CHARS",
        "700",
        "A document this long or shorter (a social post, a forwarded message, a tip) that has a "
        "claim is matched whole, as the tipline matches what a reader sends: its one claim takes "
        "the post's answer; where it has several, each is matched alone too and the post's "
        "answer goes to the claim it is about. 0: each claim is matched alone.",
        _non_negative_int,
    ),
    Setting(
        "KIEMCHUNG_MATCH_POSTS_WITHOUT_CLAIMS",
        "1",
        "A post (see KIEMCHUNG_WHOLE_POST_CHARS) in which no sentence scored as a claim is "
        "matched whole too, as the tipline would match it, and kept as one claim only where it "
        "is matched to a fact-check. 0: such a post is not matched.",
        _bool,
    ),
    Setting(
        "KIEMCHUNG_MAX_POST_CHARS",
        "200000",
        "Longest document, in characters: a longer post, page or text is cut to it (and "
        "reported), a longer text given to `kiemchung claims` is refused.",
        _positive_int,
    ),
    Setting(
        "KIEMCHUNG_SECRET_KEY",
        "",
        "Secret for session cookies of the web app (generated and "
        "kept in the data directory when empty).",
    ),
    Setting(
        "KIEMCHUNG_PUBLIC_URL",
        "",
        "The site's public base address (https://kiemchung.example.vn): every public link, "
        "feed, canonical link and ClaimReview is built from it, and its host is allowed; "
        "empty: the address the request came to, when its host is allowed.",
        _public_url,
    ),
    Setting(
        "KIEMCHUNG_OUTLET_NAME",
        "Kiểm chứng",
        "The newsroom's name as the publisher of its fact-checks: the ClaimReview author, the "
        "share card, the feeds, og:site_name, the public pages' title and header and the "
        "subject of emails to readers (1 to 80 characters).",
        _outlet_name,
    ),
    Setting(
        "KIEMCHUNG_ALLOWED_HOSTS",
        "",
        "Host names the web app answers (comma-separated; *.example.vn for subdomains); other "
        "Host headers get 400. Empty: the host of KIEMCHUNG_PUBLIC_URL and loopback names when "
        "that is set, any host otherwise.",
        _hosts,
    ),
    Setting(
        "KIEMCHUNG_TRUSTED_PROXIES",
        "",
        "Addresses or networks of reverse proxies (comma-separated, 127.0.0.1,10.0.0.0/8) "
        "whose X-Forwarded-For, -Proto and -Host headers are believed; empty: none are.",
        _networks,
    ),
    Setting(
        "KIEMCHUNG_MONITOR_EVERY",
        "900",
        "Default seconds between two polls of a source "
        "(sources add --every overrides it per source).",
        _positive_float,
    ),
    Setting(
        "KIEMCHUNG_MONITOR_HOST_GAP",
        "1",
        "Least seconds between two requests to the same "
        "host while monitoring (one request at a time per host).",
        float,
    ),
    Setting(
        "KIEMCHUNG_MONITOR_WORKERS",
        "4",
        "Hosts polled at the same time by the monitor.",
        _positive_int,
    ),
    Setting(
        "KIEMCHUNG_MONITOR_MAX_ITEMS",
        "50",
        "Most new items taken from one source in one poll (the rest wait for the next poll).",
        _positive_int,
    ),
    Setting(
        "KIEMCHUNG_MONITOR_FACTCHECK_PAGES",
        "50",
        "Most pages a claimreview source fetches "
        "in one poll, and most child sitemaps it reads (the rest wait for the next poll).",
        _positive_int,
    ),
    Setting(
        "KIEMCHUNG_MONITOR_BACKOFF",
        "60",
        "Seconds before retrying a source after its first "
        "failure; doubled after each further failure.",
        _positive_float,
    ),
    Setting(
        "KIEMCHUNG_MONITOR_BACKOFF_MAX",
        "21600",
        "Most seconds between retries of a failing source.",
        _positive_float,
    ),
    Setting(
        "KIEMCHUNG_MONITOR_UNHEALTHY_AFTER",
        "5",
        "Consecutive failures after which a source "
        "is shown as unhealthy (it is then retried only every KIEMCHUNG_MONITOR_BACKOFF_MAX "
        "seconds).",
        _positive_int,
    ),
    Setting(
        "KIEMCHUNG_NARRATIVE_SIMILARITY",
        "0.85",
        "Least cosine similarity between a claim and a narrative for the claim to join it.",
        float,
    ),
    Setting(
        "KIEMCHUNG_NARRATIVE_OVERLAP",
        "0.25",
        "Least share of content words a claim must "
        "have in common with a narrative to join it (the lexical guard).",
        float,
    ),
    Setting(
        "KIEMCHUNG_ALERT_WEBHOOK",
        "",
        "URL that alerts are POSTed to as JSON (Slack, "
        "Discord and Mattermost compatible); empty: alerts are only stored.",
    ),
    Setting(
        "KIEMCHUNG_ALERT_WINDOW",
        "21600",
        "Seconds of the alert window: growth is counted "
        "over it, and one narrative gets at most one alert per window.",
        _positive_float,
    ),
    Setting(
        "KIEMCHUNG_ALERT_MIN_DOCUMENTS",
        "3",
        "New documents in one window that make a "
        "narrative matching a false fact-check worth an alert.",
        _positive_int,
    ),
    Setting(
        "KIEMCHUNG_ALERT_RATINGS",
        "false",
        "Rating labels (comma-separated, on the shared "
        "scale) whose fact-checks trigger the spreading-again alert.",
    ),
    Setting(
        "KIEMCHUNG_ALERT_Z",
        "3",
        "z-score above the usual growth of a narrative at which a "
        "new narrative's growth is alerted.",
        float,
    ),
    Setting(
        "KIEMCHUNG_BROKER_URL",
        "",
        "Redis address of the work queue (redis://host:6379/0); set, the monitor schedules "
        "onto the queue, publication enqueues the rematch and `kiemchung worker` processes do "
        "the work; empty: everything runs in-process.",
        _broker_url,
    ),
    Setting(
        "KIEMCHUNG_WORKER_TRIES",
        "5",
        "Tries of a queued task before it is dead-lettered with its reason "
        "(`kiemchung worker failed`).",
        _positive_int,
    ),
    Setting(
        "KIEMCHUNG_WORKER_BACKOFF",
        "15",
        "Seconds before a failed task is tried again; doubled after each further failure "
        "(at most an hour).",
        _positive_float,
    ),
    Setting(
        "KIEMCHUNG_WORKER_HEARTBEAT",
        "60",
        "Seconds without a sign of life after which a worker counts as gone and the tasks it "
        "had taken are given to the others.",
        _positive_float,
    ),
    Setting(
        "KIEMCHUNG_MATCH_TIMEOUT",
        "10",
        "With a broker: seconds the web app waits for a worker to match a reader's text "
        "before answering 503 (the web app itself loads no encoder then).",
        _positive_float,
    ),
    Setting(
        "KIEMCHUNG_IMAGE_MAX_BYTES",
        "10000000",
        "Largest image file accepted (tipline, channels, match --image), in bytes.",
        _positive_int,
    ),
    Setting(
        "KIEMCHUNG_IMAGE_MAX_PIXELS",
        "40000000",
        "Most pixels (width × height) an image may have; a larger one is refused as a "
        "possible decompression bomb before it is decoded.",
        _positive_int,
    ),
    Setting(
        "KIEMCHUNG_IMAGE_DISTANCE",
        "56",
        "Most bits (of 256) in which two images' PDQ hashes may differ for them to count as "
        "copies of one picture (higher: more re-edited copies found, more false ones).",
        _positive_int,
    ),
    Setting(
        "KIEMCHUNG_IMAGE_RETENTION_DAYS",
        "2",
        "Days an image a reader sent is kept when no queue item and no fact-check is about it "
        "(a picture checked and answered at once); the monitor then deletes it.",
        _positive_float,
    ),
    Setting(
        "KIEMCHUNG_OCR_LANGUAGES",
        "vie+eng",
        "Tesseract languages read in images (their Debian packages must be installed).",
    ),
    Setting(
        "KIEMCHUNG_TESSERACT",
        "tesseract",
        "The tesseract program that reads text in images (a name on PATH or a path).",
    ),
    Setting(
        "KIEMCHUNG_IMAGE_FETCH",
        "0",
        "Fetch the images a fact-check's claim appeared as (ClaimReview "
        "itemReviewed.appearance) through the guarded fetch when it is imported; off: only "
        "images given as local files are read.",
        _bool,
    ),
    Setting(
        "KIEMCHUNG_CHANNEL_KEY",
        "",
        "Fernet key that encrypts the reply addresses messaging channels keep (make one with "
        "`kiemchung channels key`; several, comma-separated, newest first, to rotate); channels "
        "refuse to start without it.",
    ),
    Setting(
        "KIEMCHUNG_CHANNEL_RETENTION_DAYS",
        "30",
        "Days a reply address is kept at most while a reader waits for a verdict or a "
        "correction; it is deleted as soon as the reader has been told.",
        _positive_float,
    ),
    Setting(
        "KIEMCHUNG_TELEGRAM_TOKEN",
        "",
        "Telegram bot token (from @BotFather); empty: the Telegram channel is off.",
    ),
    Setting(
        "KIEMCHUNG_TELEGRAM_SECRET",
        "",
        "Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token with every webhook "
        "(1-256 of A-Z a-z 0-9 _ -); required with the token.",
    ),
    Setting(
        "KIEMCHUNG_TELEGRAM_API",
        "https://api.telegram.org",
        "Base URL of the Telegram Bot API (a local Bot API server, or a stand-in for tests).",
    ),
    Setting(
        "KIEMCHUNG_MESSENGER_PAGE_TOKEN",
        "",
        "Facebook Page access token for the Messenger Send API; empty: the Messenger channel "
        "is off.",
    ),
    Setting(
        "KIEMCHUNG_MESSENGER_APP_SECRET",
        "",
        "Facebook app secret that signs Messenger webhooks (X-Hub-Signature-256); required "
        "with the page token.",
    ),
    Setting(
        "KIEMCHUNG_MESSENGER_VERIFY_TOKEN",
        "",
        "Token the Messenger webhook set-up sends as hub.verify_token (any string you choose); "
        "required with the page token.",
    ),
    Setting(
        "KIEMCHUNG_MESSENGER_API",
        "https://graph.facebook.com/v21.0",
        "Base URL of the Facebook Graph API that Messenger replies are sent through.",
    ),
    Setting(
        "KIEMCHUNG_ZALO_ACCESS_TOKEN",
        "",
        "Zalo Official Account access token (OA API v3); empty: the Zalo channel is off.",
    ),
    Setting(
        "KIEMCHUNG_ZALO_APP_ID",
        "",
        "Zalo app id, part of what Zalo signs each webhook with; required with the token.",
    ),
    Setting(
        "KIEMCHUNG_ZALO_OA_SECRET",
        "",
        "The Official Account's secret key (not the app secret) that Zalo signs webhooks "
        "with; required with the token.",
    ),
    Setting(
        "KIEMCHUNG_ZALO_API",
        "https://openapi.zalo.me",
        "Base URL of the Zalo OA API that replies are sent through.",
    ),
    Setting(
        "KIEMCHUNG_SMTP_URL",
        "",
        "SMTP server that mails the one follow-up to web-form readers who left an email "
        "address (smtps://user:password@host:465, or smtp://host:587 with STARTTLS when "
        "offered); empty: they are not mailed.",
    ),
    Setting(
        "KIEMCHUNG_SMTP_FROM",
        "",
        "Sender of those emails (Kiểm chứng <tipline@example.vn>); required with the SMTP URL.",
    ),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


class Settings:
    """The settings of one Kiểm chứng instance: raw values by name, cast when read.

    ``Settings()`` is every default; ``Settings({"KIEMCHUNG_FETCH_TIMEOUT": "5"})`` changes one
    (values are written as in the environment); ``Settings.from_env()`` reads the environment.
    """

    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        unknown = sorted(set(values or {}) - set(_BY_NAME))
        if unknown:
            raise SettingError(
                f"Unknown setting {unknown[0]} (every setting is in docs/settings.md)."
            )
        self._values = dict(values or {})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings named in ``environ`` (default: the process environment)."""
        environ = os.environ if environ is None else environ
        return cls({name: environ[name] for name in _BY_NAME if name in environ})

    def replace(self, **values: str) -> Settings:
        """A copy with ``values`` changed (by setting name)."""
        return Settings({**self._values, **values})

    def get(self, name: str) -> object:
        """The value of setting ``name``: the one given, else the default, cast."""
        setting = _BY_NAME[name]
        raw = self._values.get(name, setting.default)
        try:
            return setting.cast(raw)
        except ValueError as error:
            raise SettingError(f"Setting {name} has value {raw!r}: {error}.") from None

    def integer(self, name: str) -> int:
        """The value of a whole-number setting."""
        return int(cast(SupportsInt, self.get(name)))

    def number(self, name: str) -> float:
        """The value of a numeric setting."""
        return float(cast(SupportsFloat, self.get(name)))

    def home(self) -> Path:
        """The data directory, created on first use."""
        value = str(self.get("KIEMCHUNG_HOME")) or _default_home()
        path = Path(value).expanduser()
        if path.exists() and not path.is_dir():
            raise SettingError(f"Data directory {path} is a file, not a directory.")
        try:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)  # private: store/files.py
        except OSError as error:
            raise SettingError(
                f"Data directory {path} cannot be created: {error.strerror}."
            ) from None
        return path

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and self._values == other._values

    def __repr__(self) -> str:
        return f"Settings({self._values!r})"


def get(name: str) -> object:
    """The value of setting ``name`` read from the environment now.

    Only for the matching and training code, which is not yet handed a ``Settings``; everything
    else is given one.
    """
    return Settings.from_env().get(name)
