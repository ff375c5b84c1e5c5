from enum import StrEnum


class InvitationExpansion(StrEnum):
    ROLES = "roles"

    def __str__(self) -> str:
        return str(self.value)
