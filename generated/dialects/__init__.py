"""The reference APIs' contracts, derived by `make generate`. Do not edit."""
