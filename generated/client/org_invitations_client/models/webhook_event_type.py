from enum import StrEnum


class WebhookEventType(StrEnum):
    INVITATION_ACCEPTED = "invitation.accepted"
    INVITATION_CANCELLED = "invitation.cancelled"
    INVITATION_CREATED = "invitation.created"
    INVITATION_DECLINED = "invitation.declined"
    INVITATION_EXPIRED = "invitation.expired"
    INVITATION_RESENT = "invitation.resent"

    def __str__(self) -> str:
        return str(self.value)
