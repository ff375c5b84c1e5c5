from enum import StrEnum


class AccountTargetType(StrEnum):
    ACCOUNT = "account"

    def __str__(self) -> str:
        return str(self.value)
