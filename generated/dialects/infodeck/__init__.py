"""Derived from openapi/dialects/infodeck/. Do not edit."""
