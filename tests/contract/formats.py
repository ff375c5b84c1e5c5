"""Schemathesis hooks (schemathesis.toml `hooks`): values for the contract's own string formats.

`canonical-email` (openapi/components/schemas/Email.yaml) refuses addresses a regular
expression cannot describe (a label mixing Latin with Cyrillic letters, a character
unassigned in Unicode), so schemathesis would draw schema-valid-looking addresses the
server rightly refuses. It draws them label by label instead, each label in one script,
full-width forms included, so every drawn address is one the contract accepts.
"""

from __future__ import annotations

import string

import schemathesis
from hypothesis import strategies as st

from org_invitations.domain.emails import email_problem

LABEL_ALPHABETS = (
    string.ascii_letters + string.digits + "_+-",
    "абвгдежзийклмнопрстуфхцчшщыэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЫЭЮЯ",
    "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ",
    "".join(chr(0xFF10 + i) for i in range(10)) + "".join(chr(0xFF41 + i) for i in range(26)),  # full-width
    "日本語中文字漢",
)

label = st.sampled_from(LABEL_ALPHABETS).flatmap(lambda alphabet: st.text(alphabet, min_size=1, max_size=10))
labels = st.lists(label, min_size=1, max_size=3).map(".".join)
canonical_emails = st.builds("{}@{}".format, labels, labels).filter(
    lambda address: len(address) <= 254 and email_problem(address) is None
)

schemathesis.openapi.format("canonical-email", canonical_emails)
