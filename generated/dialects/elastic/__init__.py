"""Derived from openapi/dialects/elastic/. Do not edit."""
