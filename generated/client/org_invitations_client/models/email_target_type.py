from enum import StrEnum


class EmailTargetType(StrEnum):
    EMAIL = "email"

    def __str__(self) -> str:
        return str(self.value)
