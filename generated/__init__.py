"""Code derived from openapi/ by `make generate`. Do not edit."""
