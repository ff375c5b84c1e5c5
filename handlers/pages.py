"""The invitation page: where an invitation's link leads a person (openapi/ops.yaml).

HTML for a person, over the same core as the API: the invitation as its holder may see it,
and a form to accept (signing in with an API key, or creating an account there) or decline,
protected against cross-site request forgery by a form token bound to a SameSite cookie.
"""

from __future__ import annotations

from typing import Any

from connexion import request
from pydantic import ValidationError
from starlette.responses import Response

from org_invitations.domain.emails import email_problem
from org_invitations.domain.errors import DomainError, InvitationNotFound, RateLimited
from org_invitations.domain.invitations import Invitation, Status, TargetType, roles_in_words
from org_invitations.generated import models
from org_invitations.handlers.base import HandlerGroup, client_address
from org_invitations.web.pages import page
from org_invitations.web.problems import PROBLEMS

COOKIE = "org_invitations_form"
TEMPLATE = "invitation.html"
STATES = {
    Status.PENDING: ("Waiting for an answer", None),
    Status.ACCEPTED: ("Accepted", "This invitation has already been accepted."),
    Status.DECLINED: ("Declined", "This invitation was declined."),
    Status.CANCELLED: ("Cancelled", "This invitation was cancelled by the organization."),
    Status.EXPIRED: ("Expired", "This invitation has expired. Ask whoever invited you for a new one."),
}
NOT_FOUND = "No invitation has this link. Check that it was copied whole, or ask for a new invitation."


class Refused(Exception):
    """What to tell the person, and the page's status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class InvitationPageHandlers(HandlerGroup):
    def show_invitation_page(self, invitation_token: str) -> Response:
        cookie = request.cookies.get(COOKIE) or self.services.forms.new_cookie()
        try:
            invitation = self.services.invitations.preview(invitation_token, client_address())
        except DomainError as error:
            return self._refused(error)
        shown = self._page(invitation, invitation_token, cookie)
        shown.set_cookie(
            COOKIE,
            cookie,
            httponly=True,
            samesite="strict",
            secure=self.services.settings.public_base_url.startswith("https://"),
            path="/invitations",
        )
        return shown

    def answer_invitation_page(self, invitation_token: str, body: dict[str, Any]) -> Response:
        form = {name: value.strip() for name, value in body.items() if isinstance(value, str)}
        cookie = request.cookies.get(COOKIE)
        if not self.services.forms.valid(cookie, invitation_token, form.get("csrf_token", "")):
            return self._refused(
                Refused(403, "This form has expired or did not come from this page: reload the page."),
                heading="Please reload the page",
            )
        try:
            invitation = self.services.invitations.preview(invitation_token, client_address())
        except DomainError as error:
            return self._refused(error)
        try:
            if form["action"] == "decline":
                account_id = self._signed_in(form.get("api_key"))
                answered = self.services.invitations.decline_by_token(
                    account_id, invitation_token, client_address()
                )
                return self._page(
                    answered, invitation_token, cookie, message="You declined the invitation.", done=True
                )
            account_id, api_key = self._account_for(form)
            answered = self.services.invitations.accept_by_token(
                account_id, invitation_token, client_address()
            )
        except RateLimited as limited:
            return self._refused(limited)
        except (Refused, DomainError) as refusal:
            status, message = _said(refusal)
            current = self._current(invitation, invitation_token)
            return self._page(current, invitation_token, cookie, status=status, message=message)
        joined = f"You joined {answered.organization.name}."
        return self._page(answered, invitation_token, cookie, message=joined, done=True, api_key=api_key)

    # --- what the page needs ---------------------------------------------------------------

    def _signed_in(self, api_key: str | None) -> str | None:
        if not api_key:
            return None
        account_id = self.services.accounts.authenticate_api_key(api_key)
        if account_id is None:
            raise Refused(400, "This API key does not work. Check it, or create an account instead.")
        return account_id

    def _account_for(self, form: dict[str, str]) -> tuple[str, str | None]:
        """The accepting account: signed in with an API key, or made here (its new key shown once)."""
        account_id = self._signed_in(form.get("api_key"))
        if account_id is not None:
            return account_id, None
        if not form.get("name"):
            raise Refused(400, "To accept, sign in with your API key, or give a name to create your account.")
        email = form.get("email") or None
        try:
            wanted = models.AccountCreate.model_validate({"name": form["name"], "email": email})
        except ValidationError:
            raise Refused(400, "This name cannot be used: give 1 to 100 visible characters.") from None
        problem = email_problem(email) if email else None
        if problem:
            raise Refused(400, f"This email address cannot be used: it {problem}.")
        created = self.services.accounts.create(wanted.name, email)
        return created.account.id, created.api_key

    def _current(self, invitation: Invitation, token: str) -> Invitation:
        """The invitation as it stands now (a refusal may have recorded its expiry)."""
        try:
            return self.services.invitations.preview(token, client_address())
        except DomainError:
            return invitation

    def _page(
        self,
        invitation: Invitation,
        token: str,
        cookie: str | None,
        *,
        status: int = 200,
        message: str | None = None,
        done: bool = False,
        api_key: str | None = None,
    ) -> Response:
        state, said = STATES[invitation.status]
        inviters = self.services.accounts.get_many({invitation.created_by})
        inviter = inviters.get(invitation.created_by)
        answerable = invitation.status is Status.PENDING and not done
        return page(
            TEMPLATE,
            status,
            invitation=invitation,
            inviter=inviter.name if inviter else invitation.management_account_name,
            invitee=invitation.email if invitation.target.type is TargetType.EMAIL else "your account",
            roles=roles_in_words(invitation.roles),
            state=state,
            expires=f"{invitation.expires_at:%d %B %Y, %H:%M} UTC",
            message=message or said,
            done=done,
            api_key=api_key,
            answerable=answerable,
            csrf_token=self.services.forms.of(cookie, token) if answerable and cookie else None,
        )

    @staticmethod
    def _refused(refusal: Refused | DomainError, heading: str | None = None) -> Response:
        """A page without the invitation: not found, too many lookups, a form from elsewhere."""
        status, message = _said(refusal)
        headers = {"Retry-After": str(refusal.retry_after)} if isinstance(refusal, RateLimited) else None
        if heading is None:
            heading = "Please wait a moment" if isinstance(refusal, RateLimited) else "Invitation not found"
        return page(TEMPLATE, status, headers, invitation=None, heading=heading, message=message)


def _said(refusal: Refused | DomainError) -> tuple[int, str]:
    if isinstance(refusal, Refused):
        return refusal.status, refusal.message
    if isinstance(refusal, InvitationNotFound):
        return 404, NOT_FOUND
    return PROBLEMS[type(refusal)].status, refusal.detail
