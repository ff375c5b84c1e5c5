from enum import StrEnum


class TargetType(StrEnum):
    ACCOUNT = "account"
    EMAIL = "email"

    def __str__(self) -> str:
        return str(self.value)
