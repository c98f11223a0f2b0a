"""Write django_tokens.json: password reset tokens made and checked by a real
Django (PasswordResetTokenGenerator), for the Go tests of auth/tokens.

Run with a Django installed (Debian: apt-get install python3-django):

    python3 django_tokens.py > django_tokens.json

(use the Python that has Django: /usr/bin/python3 where a pyenv shim comes first).

The clock is frozen through the generator's _now(), so two runs give the
same file. Keys are test keys only.
"""
import datetime
import json
import sys

import django
from django.conf import settings

SECRET_KEY = "jazz-interop-test-secret-key-0123456789-DO-NOT-USE-IN-PRODUCTION"
OTHER_KEY = "jazz-interop-other-secret-key-used-as-the-wrong-or-old-key"
settings.configure(SECRET_KEY=SECRET_KEY, USE_TZ=True, PASSWORD_RESET_TIMEOUT=259200)
django.setup()

from django.contrib.auth.tokens import PasswordResetTokenGenerator  # noqa: E402

EPOCH = datetime.datetime(2001, 1, 1)
FIXED_NOW = datetime.datetime(2023, 11, 14, 22, 13, 20)  # 1700000000 as naive UTC
UTC = datetime.timezone.utc


class User:
    """The attributes PasswordResetTokenGenerator reads from a user."""

    EMAIL_FIELD = "email"

    def __init__(self, pk, password, last_login, email):
        self.pk, self.password, self.last_login, self.email = pk, password, last_login, email

    @classmethod
    def get_email_field_name(cls):
        return cls.EMAIL_FIELD


class Frozen(PasswordResetTokenGenerator):
    def __init__(self, now, secret=SECRET_KEY):
        self.secret = secret
        super().__init__()
        self.now = now

    def _now(self):
        return self.now


HASH = "pbkdf2_sha256$260000$JazzInteropSalt0123456$IsEgPKxxNX1d4xnLNjUhuDgYU0fFiT5pTzQfpUE96EY="
OTHER_HASH = "pbkdf2_sha256$260000$JazzInteropSalt0123456$LUaZbz+X0Z32T6KmTzzJiwJ55wtvCI2DHhFSarK52Qk="
users = {
    "basic": User(42, HASH, datetime.datetime(2023, 11, 1, 8, 30, 15, tzinfo=UTC), "alice@example.com"),
    "never_logged_in": User(7, HASH, None, "bob@example.com"),
    "microseconds": User(42, HASH, datetime.datetime(2023, 11, 1, 8, 30, 15, 987654, tzinfo=UTC), "alice@example.com"),
    "no_email": User(42, HASH, datetime.datetime(2023, 11, 1, 8, 30, 15, tzinfo=UTC), ""),
    "unicode_email": User(1, HASH, datetime.datetime(2020, 2, 29, 23, 59, 59, tzinfo=UTC), "zoë@exämple.com"),
    "uuid_pk": User("6f1c2a4e-9d3b-4c5a-8e7f-0a1b2c3d4e5f", HASH, None, "carol@example.com"),
}
changes = {
    "password_changed": lambda u: User(u.pk, OTHER_HASH, u.last_login, u.email),
    "logged_in_again": lambda u: User(u.pk, u.password, datetime.datetime(2023, 11, 14, 22, 20, 0, tzinfo=UTC), u.email),
    "email_changed": lambda u: User(u.pk, u.password, u.last_login, "mallory@example.com"),
    "other_pk": lambda u: User(43, u.password, u.last_login, u.email),
    "microseconds_only": lambda u: User(u.pk, u.password, None if u.last_login is None else u.last_login.replace(microsecond=123), u.email),
}


def at(seconds):
    return FIXED_NOW + datetime.timedelta(seconds=seconds)


vectors = []
for name, user in users.items():
    gen = Frozen(FIXED_NOW)
    token = gen.make_token(user)
    checks = []
    for label, offset in [("same time", 0), ("timeout exactly", 259200), ("timeout + 1s", 259201),
                          ("before it was made", -3600)]:
        checks.append({"case": label, "now_offset_seconds": offset,
                       "ok": Frozen(at(offset)).check_token(user, token)})
    checks.append({"case": "other secret", "now_offset_seconds": 0,
                   "ok": Frozen(FIXED_NOW, OTHER_KEY).check_token(user, token)})
    changed = []
    for cname, change in changes.items():
        changed.append({"change": cname, "ok": Frozen(FIXED_NOW).check_token(change(user), token)})
    vectors.append({
        "name": name,
        "user": {
            "pk": str(user.pk),
            "password": user.password,
            "last_login": None if user.last_login is None else user.last_login.isoformat(),
            "email": user.email,
        },
        "hash_value": gen._make_hash_value(user, gen._num_seconds(FIXED_NOW)),
        "token": token,
        "checks": checks,
        "after_change": changed,
    })

user = users["basic"]
good = Frozen(FIXED_NOW).make_token(user)
ts, mac = good.split("-")
tampered = {
    "empty": "",
    "no dash": ts + mac,
    "two dashes": ts + "-" + mac + "-x",
    "flipped character": ts + "-" + ("0" if mac[0] != "0" else "1") + mac[1:],
    "uppercase": good.upper(),
    "timestamp changed": Frozen(at(1)).make_token(user).split("-")[0] + "-" + mac,
    "truncated mac": good[:-1],
    "timestamp not base36": "!!-" + mac,
    "timestamp too long": "1" * 14 + "-" + mac,
}
out = {
    "about": "django.contrib.auth.tokens.PasswordResetTokenGenerator, made by Django %s (sha256)" % django.get_version(),
    "secret_key": SECRET_KEY,
    "other_key": OTHER_KEY,
    "key_salt": PasswordResetTokenGenerator.key_salt,
    "now": FIXED_NOW.isoformat() + "Z",
    "now_seconds_since_2001": int((FIXED_NOW - EPOCH).total_seconds()),
    "timeout_seconds": 259200,
    "recipe": "token = base36(ts) + '-' + hex(HMAC-SHA256(SHA256(key_salt + secret), str(pk) + password + "
              "str(last_login in UTC without microseconds or zone, '' if never) + str(ts) + email))[::2]; "
              "ts = whole seconds since 2001-01-01; rejected when now - ts > timeout",
    "vectors": vectors,
    "tampered": [{"case": k, "token": v, "ok": Frozen(FIXED_NOW).check_token(user, v)} for k, v in tampered.items()],
}
json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write("\n")
