"""Where emails go: `.eml` files a developer can open (the default), or an SMTP server."""

from __future__ import annotations

import os
import smtplib
import ssl
import tempfile
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from org_invitations.mail.compose import compose
from org_invitations.services.delivery import InvitationNotice
from org_invitations.settings import Settings


@dataclass(frozen=True)
class EmlDirectory:
    """Each email a file `<message id>.eml`: written whole (then renamed), so a reader never
    sees half a file, and the same message twice is the same file."""

    directory: Path
    sender: str

    def send(self, notice: InvitationNotice) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        data = compose(notice, self.sender).as_bytes()
        handle, partial = tempfile.mkstemp(dir=self.directory, suffix=".part")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(partial, self.directory / f"{notice.message_id}.eml")


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    security: str  # none, starttls, tls
    username: str | None
    password: str | None
    timeout: float
    sender: str

    def send(self, notice: InvitationNotice) -> None:
        self.deliver(compose(notice, self.sender))

    def deliver(self, email: EmailMessage) -> None:
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.security == "tls":
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with smtp:
            if self.security == "starttls":
                smtp.starttls(context=context)
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(email)


def mailer_for(settings: Settings) -> EmlDirectory | SmtpServer:
    if settings.email_transport == "smtp":
        return SmtpServer(
            host=settings.smtp_host,
            port=settings.smtp_port,
            security=settings.smtp_security,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            timeout=settings.smtp_timeout_seconds,
            sender=settings.email_from,
        )
    return EmlDirectory(settings.email_directory, settings.email_from)
