"""The invitation email as composed: multipart text and HTML, the HTML escaped, a Message-ID of
the outbox message's (the same on every attempt)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage

from org_invitations.domain.model import Role
from org_invitations.mail.compose import compose
from org_invitations.services.delivery import InvitationNotice

NOTICE = InvitationNotice(
    message_id="9f86d081884c7d659a2feaa0c55ad015",
    created_at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
    to="grace@example.com",
    organization_name="Engines & <Co>",
    inviter_name="Ada Lovelace",
    invitee_name="Grace",
    roles=(Role.ADMIN,),
    notes='<img src=x onerror="alert(1)"> Welcome',
    expires_at=datetime(2026, 12, 7, 10, 0, tzinfo=UTC),
    link="https://invitations.example/invitations/oit_abc?x=1&y=2",
)


def parts(email: EmailMessage) -> tuple[str, str]:
    text, html = email.get_body(preferencelist=("plain",)), email.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def test_the_email_says_who_invites_whom_to_what_in_text_and_html() -> None:
    email = compose(NOTICE, "Invitations <invitations@example.com>")
    text, html = parts(email)

    assert "Ada Lovelace" in html and "an administrator" in html
    assert (email["To"], email["Message-ID"]) == (
        "grace@example.com",
        "<9f86d081884c7d659a2feaa0c55ad015@example.com>",
    )
    assert email["Subject"] == "Ada Lovelace invites you to join Engines & <Co>"
    for said in (
        "Hello Grace",
        "Ada Lovelace invites you to join Engines & <Co> as an administrator",
        "2026-12-07 at 10:00 UTC",
    ):
        assert said in text
    assert NOTICE.link in text and NOTICE.notes is not None and NOTICE.notes in text


def test_the_html_escapes_what_people_typed() -> None:
    _, html = parts(compose(NOTICE, "invitations@example.com"))

    assert "<img src=x" not in html and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert "Engines &amp; &lt;Co&gt;" in html
    assert 'href="https://invitations.example/invitations/oit_abc?x=1&amp;y=2"' in html


def test_a_second_attempt_is_the_same_message() -> None:
    first, second = compose(NOTICE, "invitations@example.com"), compose(NOTICE, "invitations@example.com")
    assert (first["Message-ID"], first["Date"]) == (second["Message-ID"], second["Date"])
