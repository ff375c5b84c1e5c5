"""Email addresses: one canonical form per person, and the addresses that only look like one.

The canonical form is Unicode NFKC, then case-folded: `ADA@Example.com` in full-width
letters and `ada@example.com` are one address, so they are one live invitation. An address is
refused when it carries characters nobody types on purpose (controls, format
characters such as zero-width spaces, spaces), when NFKC turns it into another shape
(a full-width at sign, U+FF20), when a label is empty (a trailing dot), or when a label mixes
Latin letters with Cyrillic or Greek ones, the scripts whose letters pass for each
other (`paypal` with a Cyrillic a, U+0430). A label wholly in one script is an ordinary
internationalized address and is accepted: refusing whole-script look-alikes would
refuse every Cyrillic or Greek address with them.
"""

from __future__ import annotations

import unicodedata

INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})
CONFUSABLE_WITH_LATIN = ("CYRILLIC", "GREEK")


def canonical_email(address: str) -> str:
    """The form addresses are compared and stored in; assumes `email_problem(address)` is None."""
    return unicodedata.normalize("NFKC", address).casefold()


def email_problem(address: str) -> str | None:
    """Why the address is refused, or None when it is acceptable."""
    canonical = canonical_email(address)
    for character in address + canonical:  # NFKC can make spaces: U+00A8 is a space and a diaeresis
        if unicodedata.category(character) in INVISIBLE_CATEGORIES:
            return f"contains the invisible or control character U+{ord(character):04X}"
    local, at, domain = canonical.partition("@")
    if not at or "@" in domain or not local:
        return "is not one local part, an @ and a domain once normalized (NFKC)"
    labels = [*local.split("."), *domain.split(".")]
    if "" in labels:
        return "has an empty label (a leading, trailing or doubled dot)"
    for label in labels:
        scripts = {script for character in label if (script := _script(character))}
        if "LATIN" in scripts and scripts & set(CONFUSABLE_WITH_LATIN):
            return (
                f"mixes Latin with {' and '.join(sorted(scripts - {'LATIN'})).title()} letters in {label!r}"
            )
    return None


def _script(character: str) -> str | None:
    """Latin, Cyrillic or Greek for a letter of those scripts (by its Unicode name), else None."""
    if not unicodedata.category(character).startswith("L"):
        return None
    name = unicodedata.name(character, "")
    for script in ("LATIN", *CONFUSABLE_WITH_LATIN):
        if name.startswith(script + " "):
            return script
    return None
