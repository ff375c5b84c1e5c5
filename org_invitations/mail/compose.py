"""An invitation notice as an email: multipart text and HTML from templates (HTML escaped),
with a Message-ID that is the outbox message's, so that a resent copy is recognizably the same."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from org_invitations.domain.invitations import roles_in_words
from org_invitations.services.delivery import InvitationNotice


@cache
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("org_invitations.mail", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        keep_trailing_newline=True,
    )


def compose(notice: InvitationNotice, sender: str) -> EmailMessage:
    roles = roles_in_words(notice.roles)
    context = {
        "invitee_name": notice.invitee_name,
        "inviter_name": notice.inviter_name,
        "organization_name": notice.organization_name,
        "roles": roles,
        "notes": notice.notes,
        "expires": f"{notice.expires_at:%Y-%m-%d at %H:%M} UTC",
        "link": notice.link,
    }
    email = EmailMessage()
    email["Subject"] = f"{notice.inviter_name} invites you to join {notice.organization_name}"
    email["From"] = sender
    email["To"] = notice.to
    email["Date"] = format_datetime(notice.created_at)
    email["Message-ID"] = message_id(notice.message_id, sender)
    email.set_content(_templates().get_template("invitation.txt").render(context))
    email.add_alternative(_templates().get_template("invitation.html").render(context), subtype="html")
    return email


def message_id(outbox_id: str, sender: str) -> str:
    domain = parseaddr(sender)[1].rpartition("@")[2] or "org-invitations.invalid"
    return f"<{outbox_id}@{domain}>"
