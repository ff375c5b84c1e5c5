from enum import StrEnum


class InvitationDeliveryStatus(StrEnum):
    FAILED = "failed"
    PENDING = "pending"
    SENT = "sent"
    SKIPPED = "skipped"
    SUPERSEDED = "superseded"

    def __str__(self) -> str:
        return str(self.value)
