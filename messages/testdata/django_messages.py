"""Writes django_messages.json: message cookies and session values made by
real Django (3.2, Debian 12's python3-django), for messages/django_test.go.

Run from this directory: python3 django_messages.py > django_messages.json
The clock is frozen at 1700000000. Compressed cookies depend on the zlib
build, so the test decodes them rather than comparing bytes.
"""
import hashlib
import json
import time

# Freeze the clock as the shared interop vectors do, so the timestamps in the
# signed values are always 1r31eq.
time.time = lambda: 1700000000.0

from django.conf import settings

SECRET_KEY = "jazz-interop-test-secret-key-0123456789-DO-NOT-USE-IN-PRODUCTION"
settings.configure(SECRET_KEY=SECRET_KEY, INSTALLED_APPS=["django.contrib.messages"])

import django  # noqa: E402

django.setup()

from django.contrib.messages import constants  # noqa: E402
from django.contrib.messages.storage.base import Message  # noqa: E402
from django.contrib.messages.storage.cookie import CookieStorage, MessageEncoder  # noqa: E402
from django.contrib.messages.storage.fallback import FallbackStorage  # noqa: E402
from django.contrib.messages.storage.session import SessionStorage  # noqa: E402
from django.core import signing  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.utils.safestring import mark_safe  # noqa: E402


class FakeSession(dict):
    pass


def request(cookie=None):
    r = HttpRequest()
    r.session = FakeSession()
    if cookie is not None:
        r.COOKIES[CookieStorage.cookie_name] = cookie
    return r


def as_json(msgs):
    out = []
    for m in msgs:
        if isinstance(m, Message):
            out.append({"level": m.level, "text": str(m.message),
                        "extra_tags": m.extra_tags or "", "safe": hasattr(m.message, "__html__")})
        else:
            out.append({"marker": m})
    return out


lists = {
    "one info": [Message(constants.INFO, "Saved.")],
    "levels and tags": [
        Message(constants.DEBUG, "debug"),
        Message(constants.SUCCESS, "Profile updated", extra_tags="fade  big"),
        Message(constants.ERROR, 'Quote " backslash \\ and ; , = chars'),
        Message(55, "custom level"),
    ],
    "unicode and html": [
        Message(constants.WARNING, "caf\u00e9 \u2603 \U0001F600 <b>&amp;</b>\x7f\n\t"),
        Message(constants.INFO, mark_safe("<a href=\"/x\">safe link</a>")),
    ],
    "compressed": [Message(constants.INFO, "Repeated text that compresses well. " * 20)],
}

cookies = []
for name, msgs in lists.items():
    storage = CookieStorage(request())
    encoded = storage._encode(msgs)
    back = CookieStorage(request(encoded))
    decoded, all_retrieved = back._get()
    cookies.append({"name": name, "messages": as_json(msgs), "cookie": encoded,
                    "compressed": encoded.startswith("."),
                    "decoded": as_json(decoded), "all_retrieved": all_retrieved})

# The pre-3.2 format (signed compact JSON, no base64) that 3.2 still reads.
legacy_json = json.dumps([Message(constants.INFO, "old format")], separators=(",", ":"), cls=MessageEncoder)
legacy = CookieStorage(request()).signer.sign(legacy_json)
legacy_decoded, _ = CookieStorage(request(legacy))._get()

# A cookie ending with the not-finished marker, as the fallback storage writes.
marker_cookie = CookieStorage(request())._encode([Message(constants.INFO, "first"), CookieStorage.not_finished])
marker_msgs, marker_all = CookieStorage(request(marker_cookie))._get()

tampered = []
good = cookies[0]["cookie"]
for label, value in [
    ("flipped character", good[:-5] + ("A" if good[-5] != "A" else "B") + good[-4:]),
    ("no signature", good.rsplit(":", 1)[0]),
    ("other key", signing.Signer(b"django.http.cookies" + b"jazz-interop-other-secret-key-used-as-the-wrong-or-old-key",
                                 salt="django.contrib.messages").sign_object(
        [Message(constants.INFO, "Saved.")], serializer=__import__("django.contrib.messages.storage.cookie",
                                                                    fromlist=["MessageSerializer"]).MessageSerializer,
        compress=True)),
    ("session cookie salt", signing.get_cookie_signer(salt="django.contrib.sessions").sign("WyJfX2pzb25fbWVzc2FnZSJd")),
    ("garbage", "not-a-cookie"),
]:
    st = CookieStorage(request(value))
    msgs, _ = st._get()
    tampered.append({"name": label, "cookie": value, "decoded": msgs, "used": st.used})

# Session storage: the JSON string kept under "_messages".
sessions = []
for name in ["one info", "levels and tags", "unicode and html"]:
    req = request()
    st = SessionStorage(req)
    for m in lists[name]:
        st.add(m.level, m.message, m.extra_tags or "")
    st.level = 1
    st._queued_messages = []
    for m in lists[name]:
        st.add(m.level, m.message, m.extra_tags or "")
    st.update(HttpResponse())
    sessions.append({"name": name, "messages": as_json(lists[name]), "session_value": req.session.get("_messages")})

# Fallback: 40 messages of hex text (which compresses to about half) overflow
# the 2048-byte cookie, so the newest go to the session.
req = request()
fb = FallbackStorage(req)
fb.level = 1
for i in range(40):
    fb.add(constants.INFO, "Message %02d " % i + hashlib.sha256(b"%d" % i).hexdigest())
resp = HttpResponse()
fb.update(resp)
fallback_cookie = resp.cookies["messages"].value
req2 = request(fallback_cookie)
req2.session = FakeSession(req.session)
read = list(FallbackStorage(req2))
cookie_part, cookie_all = CookieStorage(request(fallback_cookie))._get()

print(json.dumps({
    "django_version": django.get_version(),
    "secret_key": SECRET_KEY,
    "cookie_name": CookieStorage.cookie_name,
    "max_cookie_size": CookieStorage.max_cookie_size,
    "cookies": cookies,
    "legacy_3_1": {"cookie": legacy, "decoded": as_json(legacy_decoded)},
    "not_finished": {"cookie": marker_cookie, "decoded": as_json(marker_msgs), "all_retrieved": marker_all},
    "tampered": tampered,
    "session": sessions,
    "fallback": {
        "added": 40,
        "cookie": fallback_cookie,
        "cookie_length": len(resp.cookies["messages"].coded_value),
        "cookie_messages": len(cookie_part),
        "cookie_all_retrieved": cookie_all,
        "session_value": req.session.get("_messages"),
        "read_back": [m.message for m in read],
    },
}, indent=1, ensure_ascii=True))
