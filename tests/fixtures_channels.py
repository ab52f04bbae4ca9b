"""The messaging channels: a stand-in for Telegram, Messenger and Zalo on loopback (the
``site`` server answering their send APIs), and the web app served by uvicorn on a free port,
so webhooks and replies both travel over real HTTP (tests/test_channels_*.py)."""

import email
import email.policy
import hashlib
import hmac
import json
import socket
import socketserver
import threading
import time
from dataclasses import dataclass

import httpx
import pytest

TELEGRAM_TOKEN = "123456:TEST-bot-token"
TELEGRAM_SECRET = "bi-mat-cua-webhook"
PAGE_TOKEN = "PAGE-TOKEN-xyz"
APP_SECRET = "messenger-app-secret"
VERIFY_TOKEN = "xac-minh-webhook"
ZALO_TOKEN = "zalo-access-token"
ZALO_APP_ID = "4318412342389472"
ZALO_OA_SECRET = "zalo-oa-secret-key"
CHANNEL_KEY = "l0aG3t8gkXyKQF8yU4z3u1m6Tgq3HMZ2v0Q1Yk6o2xA="


def _ok(payload):
    return 200, "application/json", {}, json.dumps(payload).encode(), 0, None


@dataclass
class Platforms:
    """The stand-in platforms: what each was sent, as JSON."""

    site: object

    def sent(self, path_part):
        return [json.loads(seen.body) for seen in self.site.seen
                if path_part in seen.path and seen.method == "POST"]

    def telegram(self):
        return self.sent("/sendMessage")

    def messenger(self):
        return self.sent("/me/messages")

    def zalo(self):
        return self.sent("/oa/message/cs")

    def wait(self, what, count, timeout=20.0):
        """What ``what()`` returns once it has ``count`` messages (follow-ups are sent in the
        background)."""
        deadline = time.monotonic() + timeout
        while len(what()) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return what()


@pytest.fixture
def platforms(site, monkeypatch):
    """The three platforms' APIs on the loopback site, and the settings pointing at them."""
    site.route(f"/bot{TELEGRAM_TOKEN}/sendMessage", json.dumps({"ok": True, "result": {}}),
               content_type="application/json")
    site.route(f"/bot{TELEGRAM_TOKEN}/setWebhook", json.dumps({"ok": True, "result": True}),
               content_type="application/json")
    site.routes[f"/graph/me/messages?access_token={PAGE_TOKEN}"] = lambda handler: _ok(
        {"recipient_id": "1", "message_id": "m_1"})
    site.route("/zalo/v3.0/oa/message/cs", json.dumps({"error": 0, "message": "Success"}),
               content_type="application/json")
    for name, value in {
        "KIEMCHUNG_ALLOW_PRIVATE_HOSTS": "1",
        "KIEMCHUNG_CHANNEL_KEY": CHANNEL_KEY,
        "KIEMCHUNG_TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "KIEMCHUNG_TELEGRAM_SECRET": TELEGRAM_SECRET,
        "KIEMCHUNG_TELEGRAM_API": site.base,
        "KIEMCHUNG_MESSENGER_PAGE_TOKEN": PAGE_TOKEN,
        "KIEMCHUNG_MESSENGER_APP_SECRET": APP_SECRET,
        "KIEMCHUNG_MESSENGER_VERIFY_TOKEN": VERIFY_TOKEN,
        "KIEMCHUNG_MESSENGER_API": site.base + "/graph",
        "KIEMCHUNG_ZALO_ACCESS_TOKEN": ZALO_TOKEN,
        "KIEMCHUNG_ZALO_APP_ID": ZALO_APP_ID,
        "KIEMCHUNG_ZALO_OA_SECRET": ZALO_OA_SECRET,
        "KIEMCHUNG_ZALO_API": site.base + "/zalo",
    }.items():
        monkeypatch.setenv(name, value)
    return Platforms(site)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def channel_store(platforms, request):
    """The desk's store (three library entries), opened after the channel settings are set."""
    return request.getfixturevalue("desk_store")


@pytest.fixture
def served(channel_store):
    """The web app on a free loopback port (uvicorn in a thread); yields its base URL."""
    import uvicorn

    from kiemchung.web.app import create_app
    from kiemchung.web.security import Limit

    app = create_app(channel_store, limits={n: Limit(100_000, 60.0) for n in ("write", "login",
                                                                              "read")})
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def post(url, body, headers=None):
    """POST raw bytes as the platform would (real HTTP, generous timeout for the first match)."""
    data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    return httpx.post(url, content=data, timeout=120,
                      headers={"content-type": "application/json", **(headers or {})})


def telegram_update(update_id, text=None, chat_id=987654321123, language="vi", photo=None):
    """A private-chat message update as the Bot API documents it."""
    message = {"message_id": update_id, "date": 1733400000,
               "from": {"id": chat_id, "is_bot": False, "first_name": "An",
                        "language_code": language},
               "chat": {"id": chat_id, "first_name": "An", "type": "private"}}
    if text is not None:
        message["text"] = text
    if photo is not None:
        message["photo"] = photo
    return {"update_id": update_id, "message": message}


def send_telegram(base, update, secret=TELEGRAM_SECRET):
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
    return post(f"{base}/channels/telegram", update, headers)


def messenger_event(mid, text=None, psid="6789012345678901", attachments=None):
    """A page's messages webhook as the Messenger Platform documents it."""
    message = {"mid": mid}
    if text is not None:
        message["text"] = text
    if attachments:
        message["attachments"] = attachments
    return {"object": "page", "entry": [{"id": "112233", "time": 1733400000000, "messaging": [
        {"sender": {"id": psid}, "recipient": {"id": "112233"}, "timestamp": 1733400000000,
         "message": message}]}]}


def messenger_signature(body, secret=APP_SECRET):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def zalo_event(msg_id, text, user_id="2468135790123456789", event="user_send_text",
               attachments=None):
    """A user_send_text (or _link, _image) event as Zalo's OA API v3 webhook documents it."""
    message = {"msg_id": msg_id, "text": text}
    if attachments:
        message["attachments"] = attachments
    return {"app_id": ZALO_APP_ID, "user_id_by_app": "5522113344", "event_name": event,
            "timestamp": "1733400000123", "sender": {"id": user_id},
            "recipient": {"id": "579745863508352884"}, "message": message}


def zalo_mac(body, timestamp="1733400000123", app_id=ZALO_APP_ID, secret=ZALO_OA_SECRET):
    return "mac=" + hashlib.sha256(app_id.encode() + body + timestamp.encode()
                                   + secret.encode()).hexdigest()


class _Smtp(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to take a message: no STARTTLS, no authentication."""

    def _say(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self._say("220 127.0.0.1 stand-in ESMTP")
        data, lines = False, []
        while line := self.rfile.readline():
            if data:
                if line.rstrip(b"\r\n") == b".":
                    self.server.mails.append(email.message_from_bytes(b"".join(lines),
                                                                      policy=email.policy.default))
                    data, lines = False, []
                    self._say("250 queued")
                else:
                    lines.append(line[1:] if line.startswith(b"..") else line)
                continue
            verb = line[:4].upper()
            if verb == b"EHLO":
                self._say("250-127.0.0.1")
                self._say("250 8BITMIME")
            elif verb == b"DATA":
                data = True
                self._say("354 go ahead")
            elif verb == b"QUIT":
                self._say("221 bye")
                return
            else:
                self._say("250 ok")


@pytest.fixture
def mailbox(monkeypatch):
    """A stand-in SMTP server on loopback; the list of the messages it was given."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Smtp)
    server.daemon_threads = True
    server.mails = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("KIEMCHUNG_SMTP_URL", f"smtp://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("KIEMCHUNG_SMTP_FROM", "Kiểm chứng <tipline@kiemchung.example>")
    yield server.mails
    server.shutdown()
    server.server_close()
