"""Derived from openapi/dialects/aws/. Do not edit."""
