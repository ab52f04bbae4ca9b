"""Behind a reverse proxy: the public URL, allowed hosts, forwarded headers only from trusted
proxies, HSTS and Secure cookies over HTTPS, rate limits per reader, and anonymous writes refused
from their headers alone. The last test puts a real nginx on loopback in front of the app."""

import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from xml.etree import ElementTree

import httpx
import pytest
from fastapi.testclient import TestClient

from fixtures_desk import DESK_PASSWORD
from kiemchung.desk import publishing, queue, research, review, tips
from kiemchung.web.app import create_app
from kiemchung.web.proxy import client_address, exposure_notice, host_allowed
from kiemchung.web.security import Limit

PUBLIC = "https://kiemchung.example.vn"
UNLIMITED = {name: Limit(100_000, 60.0) for name in ("write", "login", "read", "anonymous")}


def publish(store, people, base, summary="Uống nước chanh nóng chữa khỏi ung thư"):
    tips.submit(store, summary, None, False, [])
    item = [i for i in queue.listing(store) if i.text == summary][0]
    research.add_evidence(store, item.id, "https://www.who.int/cancer", "WHO nói không",
                          people["factchecker"], "WHO")
    verdict = review.draft(store, item.id, people["factchecker"], summary, "false",
                           "Không có bằng chứng khoa học.", [])
    return review.approve(store, verdict.id, people["editor"], base)


def configured(store, **values):
    store.settings = store.settings.replace(**values)
    return store


def every_public_link(client, slug):
    """Every absolute link the public side gives for fact-check ``slug``."""
    page = client.get(f"/kiem-chung/{slug}").text
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', page, re.S).group(1))
    listing = client.get("/api/v1/factchecks").json()["items"][0]
    rss = ElementTree.fromstring(client.get("/feed.rss").content)
    atom = ElementTree.fromstring(client.get("/feed.atom").content)
    ns = "{http://www.w3.org/2005/Atom}"
    return [data["url"], data["author"]["url"], listing["url"], listing["author"]["url"],
            rss.find("channel/link").text, rss.find("channel/item/link").text,
            rss.find("channel/item/guid").text, atom.find(f"{ns}id").text,
            atom.find(f"{ns}entry/{ns}id").text, atom.find(f"{ns}entry/{ns}link").get("href")]


def test_every_public_link_uses_the_public_url_not_the_editors_address(desk_store, people):
    store = configured(desk_store, KIEMCHUNG_PUBLIC_URL=PUBLIC + "/")
    slug = publish(store, people, "http://127.0.0.1:8123")  # where the editor approved from
    with TestClient(create_app(store, limits=UNLIMITED), base_url="http://127.0.0.1:8123") as c:
        links = every_public_link(c, slug)
    assert all(link.startswith(PUBLIC + "/") for link in links), links
    assert f"{PUBLIC}/kiem-chung/{slug}" in links
    assert f"{PUBLIC}/kiem-chung/{slug}" in publishing.urls(store)  # the library's key too


def test_a_fact_check_published_before_the_setting_links_to_the_public_url(desk_store, people):
    slug = publish(desk_store, people, "http://127.0.0.1:8123")
    store = configured(desk_store, KIEMCHUNG_PUBLIC_URL=PUBLIC)
    with TestClient(create_app(store, limits=UNLIMITED), base_url=PUBLIC) as client:
        links = every_public_link(client, slug)
    assert not [link for link in links if "127.0.0.1" in link]


def test_without_a_public_url_links_follow_the_allowed_host_asked_for(desk_store, people):
    store = configured(desk_store, KIEMCHUNG_ALLOWED_HOSTS="tin.example.vn")
    slug = publish(store, people, "http://127.0.0.1:8123")
    with TestClient(create_app(store, limits=UNLIMITED), base_url="http://tin.example.vn") as c:
        assert all(link.startswith("http://tin.example.vn/") for link in every_public_link(c, slug))


def test_a_hostile_host_header_gets_400_and_never_reaches_a_feed(desk_store, people):
    store = configured(desk_store, KIEMCHUNG_PUBLIC_URL=PUBLIC)
    publish(store, people, PUBLIC)
    with TestClient(create_app(store, limits=UNLIMITED), base_url=PUBLIC) as client:
        refused = client.get("/feed.rss", headers={"host": "evil.example"})
        assert refused.status_code == 400
        assert "evil.example" in refused.json()["error"]
        assert client.get("/feed.rss", headers={"host": "kiemchung.example.vn"}).status_code == 200
        assert client.get("/api/v1/health", headers={"host": "127.0.0.1:8000"}).status_code == 200


def test_a_forwarded_host_is_believed_only_from_a_trusted_proxy_and_still_checked(desk_store):
    store = configured(desk_store, KIEMCHUNG_TRUSTED_PROXIES="127.0.0.1",
                       KIEMCHUNG_ALLOWED_HOSTS="kiemchung.example.vn,testserver")
    with _client(store, "127.0.0.1") as proxied:
        assert proxied.get("/", headers={"x-forwarded-host": "evil.example"}).status_code == 400
        named = proxied.get("/feed.rss", headers={"x-forwarded-host": "kiemchung.example.vn"})
        assert "<link>http://kiemchung.example.vn/</link>" in named.text
    with _client(store, "198.51.100.9") as direct:
        ignored = direct.get("/feed.rss", headers={"x-forwarded-host": "evil.example"})
        assert ignored.status_code == 200 and "evil.example" not in ignored.text


def test_allowed_hosts_match_names_and_subdomains_without_ports():
    allowed = ("kiemchung.vn", "*.toasoan.vn", "[::1]")
    assert host_allowed("KiemChung.vn:443", allowed)
    assert host_allowed("desk.toasoan.vn", allowed)
    assert host_allowed("[::1]:8000", allowed)
    assert not host_allowed("toasoan.vn.evil.example", allowed)
    assert not host_allowed("evilkiemchung.vn", allowed)
    assert not host_allowed("", allowed)
    assert host_allowed("anything.example", None)


def test_serving_beyond_loopback_without_a_public_url_says_so():
    from kiemchung.settings import Settings

    assert "KIEMCHUNG_PUBLIC_URL" in exposure_notice("0.0.0.0", Settings())
    assert exposure_notice("127.0.0.1", Settings()) is None
    assert exposure_notice("0.0.0.0", Settings({"KIEMCHUNG_PUBLIC_URL": PUBLIC})) is None


def test_the_reader_is_the_right_most_address_no_trusted_proxy_wrote():
    from ipaddress import ip_network

    proxies = (ip_network("127.0.0.1/32"), ip_network("10.0.0.0/8"))
    assert client_address("127.0.0.1", "203.0.113.7", proxies) == "203.0.113.7"
    # A reader who writes their own X-Forwarded-For cannot choose their address.
    assert client_address("127.0.0.1", "1.2.3.4, 203.0.113.7, 10.0.0.2", proxies) == "203.0.113.7"
    assert client_address("127.0.0.1", "not-an-address", proxies) == "127.0.0.1"


def _client(store, peer, limits=UNLIMITED, base="http://testserver"):
    return TestClient(create_app(store, limits=limits), client=(peer, 50000), base_url=base)


def test_forwarded_https_gives_hsts_and_secure_cookies_only_from_a_trusted_proxy(desk_store,
                                                                                 people):
    store = configured(desk_store, KIEMCHUNG_TRUSTED_PROXIES="127.0.0.1")
    forwarded = {"x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.7"}
    form = {"email": "bien.tap@toasoan.vn", "password": DESK_PASSWORD, "next": "/desk"}
    for peer, trusted in (("127.0.0.1", True), ("198.51.100.9", False)):
        with _client(store, peer) as client:
            page = client.get("/dang-nhap", headers=forwarded)
            assert ("strict-transport-security" in page.headers) is trusted
            assert ("Secure" in page.headers["set-cookie"]) is trusted
            token = client.cookies.get("kc_csrf")  # a Secure cookie: sent by hand over http
            login = client.post("/dang-nhap", follow_redirects=False,
                                headers={**forwarded, "cookie": f"kc_csrf={token}"},
                                data={**form, "csrf_token": token})
            session = [c for c in login.headers.get_list("set-cookie") if "kc_session=" in c]
            assert session and ("Secure" in session[0]) is trusted


def test_one_reader_flooding_login_does_not_lock_out_another(desk_store, people):
    store = configured(desk_store, KIEMCHUNG_TRUSTED_PROXIES="127.0.0.1")
    limits = {**UNLIMITED, "login": Limit(3, 60.0)}
    body = {"email": "bien.tap@toasoan.vn", "password": "sai"}
    with _client(store, "127.0.0.1", limits) as client:
        attacker = {"x-forwarded-for": "198.51.100.66"}
        codes = [client.post("/api/v1/session", json=body, headers=attacker).status_code
                 for _ in range(5)]
        assert codes[-1] == 429
        staff = {"x-forwarded-for": "203.0.113.10"}
        good = client.post("/api/v1/session", headers=staff,
                           json={**body, "password": DESK_PASSWORD})
        assert good.status_code == 200, good.text


def test_forged_forwarded_for_from_an_untrusted_peer_gets_no_new_bucket(desk_store):
    limits = {**UNLIMITED, "login": Limit(2, 60.0)}
    body = {"email": "bien.tap@toasoan.vn", "password": "sai"}
    with _client(desk_store, "198.51.100.66", limits) as client:
        answers = [client.post("/api/v1/session", json=body,
                               headers={"x-forwarded-for": f"10.9.9.{n}"}) for n in range(4)]
    assert answers[-1].status_code == 429
    assert 1 <= int(answers[-1].headers["retry-after"]) <= 60  # a client knows when to return


def test_anonymous_desk_writes_are_limited_per_client(desk_store):
    limits = {**UNLIMITED, "anonymous": Limit(2, 60.0)}
    store = configured(desk_store, KIEMCHUNG_TRUSTED_PROXIES="127.0.0.1")
    with _client(store, "127.0.0.1", limits) as client:
        flood = {"x-forwarded-for": "198.51.100.66"}
        codes = [client.post("/api/v1/claims/1/notes", json={"body": "x"}, headers=flood)
                 .status_code for _ in range(4)]
        assert codes == [401, 401, 429, 429]
        other = client.post("/api/v1/claims/1/notes", json={"body": "x"},
                            headers={"x-forwarded-for": "203.0.113.10"})
        assert other.status_code == 401


def test_platform_webhooks_and_the_tipline_are_not_counted_as_anonymous_writes(desk_store):
    limits = {**UNLIMITED, "anonymous": Limit(1, 60.0)}
    with _client(desk_store, "203.0.113.7", limits) as client:
        for _ in range(3):
            assert client.post("/channels/telegram", json={}).status_code != 429
            assert client.post("/api/v1/tips", json={"text": ""}).status_code != 429


def test_an_anonymous_write_is_refused_before_its_body_is_read(desk_store):
    app = create_app(desk_store, limits=UNLIMITED)
    sent = []

    async def receive():
        raise AssertionError("the body was read")

    async def send(message):
        sent.append(message)

    for path in ("/api/v1/claims/1/notes", "/desk/claims/1/notes"):
        sent.clear()
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                 "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
                 "query_string": b"", "root_path": "", "client": ("203.0.113.7", 5000),
                 "server": ("testserver", 80),
                 "headers": [(b"host", b"testserver"), (b"content-length", b"900000"),
                             (b"content-type", b"application/json")]}
        _run_apart(app(scope, receive, send))
        assert sent[0]["status"] == 401


def _run_apart(coroutine):
    """Run ``coroutine`` to its end on an event loop of its own, in a thread of its own: another
    test's browser may have left a loop running in this one."""
    failures = []

    def run():
        try:
            asyncio.run(coroutine)
        except BaseException as error:  # handed back to the test below
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


# -- a real nginx in front ------------------------------------------------------------------

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port, process, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}: {process.stderr.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


NGINX_CONF = """
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port} ssl;
    server_name kiemchung.example.vn;
    ssl_certificate {tmp}/cert.pem; ssl_certificate_key {tmp}/key.pem;
    location / {{
      proxy_pass http://127.0.0.1:{app_port};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }}
  }}
}}
"""


@pytest.fixture
def nginx_front(tmp_path, desk_store, people):
    """The app under uvicorn on loopback, with nginx terminating TLS in front of it."""
    if NGINX is None or not shutil.which("openssl"):
        if os.environ.get("KIEMCHUNG_REQUIRE_BROWSER"):
            pytest.fail("nginx and openssl are needed (apt-get install nginx openssl)")
        pytest.skip("nginx or openssl is not installed")
    import uvicorn

    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=kiemchung.example.vn", "-keyout", tmp_path / "key.pem",
                    "-out", tmp_path / "cert.pem"], check=True, capture_output=True)
    store = configured(desk_store, KIEMCHUNG_PUBLIC_URL=PUBLIC,
                       KIEMCHUNG_TRUSTED_PROXIES="127.0.0.1")
    limits = {**UNLIMITED, "login": Limit(3, 60.0)}
    app_port, port = _free_port(), _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store, limits=limits), host="127.0.0.1",
                                           port=app_port, log_level="error", proxy_headers=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    (tmp_path / "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp_path, port=port,
                                                          app_port=app_port))
    nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                             stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(app_port, nginx)
        _wait_for(port, nginx)
        yield port, store
    finally:
        nginx.terminate()
        nginx.wait(10)
        server.should_exit = True
        thread.join(10)


def test_behind_nginx_with_tls(nginx_front, people):
    port, store = nginx_front
    slug = publish(store, people, "http://127.0.0.1:8000")

    def front(address):
        return httpx.Client(base_url=f"https://127.0.0.1:{port}", verify=False,
                            headers={"host": "kiemchung.example.vn"}, timeout=10,
                            transport=httpx.HTTPTransport(verify=False, local_address=address))

    with front("127.0.0.1") as client:
        page = client.get(f"/kiem-chung/{slug}")
        assert page.status_code == 200
        assert page.headers["strict-transport-security"].startswith("max-age=")
        assert "Secure" in page.headers["set-cookie"]
        assert f'"url": "{PUBLIC}/kiem-chung/{slug}"' in page.text
        feed = client.get("/feed.rss").text
        assert f"{PUBLIC}/kiem-chung/{slug}" in feed and "127.0.0.1" not in feed
        assert client.get("/", headers={"host": "evil.example"}).status_code == 400
        # The rate limit counts each reader apart: nginx tells the app who is asking.
        wrong = {"email": "bien.tap@toasoan.vn", "password": "sai"}
        codes = [client.post("/api/v1/session", json=wrong).status_code for _ in range(4)]
        assert codes[-1] == 429
    with front("127.0.0.2") as other_reader:
        answer = other_reader.post("/api/v1/session",
                                   json={"email": "bien.tap@toasoan.vn", "password": DESK_PASSWORD})
        assert answer.status_code == 200, answer.text
        session = [c for c in answer.headers.get_list("set-cookie") if "kc_session=" in c]
        assert session and "Secure" in session[0]
