from enum import StrEnum


class InvitationAction(StrEnum):
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"
    CREATED = "created"
    DECLINED = "declined"
    EXPIRED = "expired"
    RESENT = "resent"

    def __str__(self) -> str:
        return str(self.value)
