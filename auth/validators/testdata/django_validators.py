"""Write django_validators.json: verdicts of Django's password validators
(UserAttributeSimilarity, MinimumLength, Numeric) and difflib quick_ratio
values, for the Go tests of auth/validators. CommonPasswordValidator is
left out: Jazz ships its own list.

    /usr/bin/python3 django_validators.py > django_validators.json

(any Python with Django installed; Debian: apt-get install python3-django).
"""
import json
import sys
from difflib import SequenceMatcher

import django
from django.conf import settings

settings.configure(INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes"], USE_I18N=False)
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.contrib.auth.password_validation import (  # noqa: E402
    MinimumLengthValidator, NumericPasswordValidator, UserAttributeSimilarityValidator)
from django.core.exceptions import ValidationError  # noqa: E402

users = [
    {"username": "alice", "first_name": "Alice", "last_name": "Smith", "email": "alice.smith@example.com"},
    {"username": "testclient", "first_name": "", "last_name": "", "email": "testclient@example.com"},
    {"username": "Zoë_Ünïcode", "first_name": "Zoë", "last_name": "Müller-Lüdenscheidt", "email": "zoë@exämple.com"},
    {"username": "bob", "first_name": "Robert", "last_name": "O'Brien", "email": "-bob-@x.y."},
    {},
]
passwords = [
    "", "a", "short", "1234567", "12345678", "password", "correct horse battery staple",
    "alice", "Alice123", "alicesmith", "smith.alice", "ecila", "example", "example.com",
    "alice.smith@example.com", "ALICE.SMITH@EXAMPLE.COM", "testclient", "clienttest", "tsetclient1",
    "zoë", "müller", "lüdenscheidt", "Robert", "obrien", "bob", "bobbobbobbobbobbobbobbobbobbobbob",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "٣٤٥٦٧٨٩٠١٢", "12345678x", " 1234 5678",
    "a" * 60 + "bob", "qwertyuiop", "x.y", "y",
]


def outcome(validator, password, user=None):
    try:
        validator.validate(password, user)
        return None
    except ValidationError as e:
        return {"code": e.code, "message": e.messages[0]}


validators = {
    "similarity": UserAttributeSimilarityValidator(),
    "similarity_0.5_username_only": UserAttributeSimilarityValidator(user_attributes=["username"], max_similarity=0.5),
    "similarity_1.0": UserAttributeSimilarityValidator(max_similarity=1.0),
}
cases = []
for u in users:
    user = User(**u) if u else None
    for pw in passwords:
        cases.append({"user": u, "password": pw,
                      "verdicts": {name: outcome(v, pw, user) for name, v in validators.items()}})

single = []
for pw in passwords:
    single.append({"password": pw, "min_length_8": outcome(MinimumLengthValidator(), pw),
                   "min_length_1": outcome(MinimumLengthValidator(1), pw),
                   "min_length_12": outcome(MinimumLengthValidator(12), pw),
                   "numeric": outcome(NumericPasswordValidator(), pw)})

pairs = [("", ""), ("a", ""), ("abc", "abc"), ("abc", "cba"), ("aab", "abb"), ("password", "passport"),
         ("alice", "alice.smith"), ("zoë", "zoe"), ("A", "A" * 10), ("hello world", "world hello!"),
         ("🔑🔑x", "🔑y")]
out = {
    "about": "django.contrib.auth.password_validation of Django %s" % django.get_version(),
    "help_texts": {
        "min_length_8": MinimumLengthValidator().get_help_text(),
        "min_length_1": MinimumLengthValidator(1).get_help_text(),
        "similarity": UserAttributeSimilarityValidator().get_help_text(),
        "numeric": NumericPasswordValidator().get_help_text(),
    },
    "similarity_cases": cases,
    "single_cases": single,
    "quick_ratio": [{"a": a, "b": b, "ratio": SequenceMatcher(a=a, b=b).quick_ratio()} for a, b in pairs],
}
json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write("\n")
