"""Derived from openapi/dialects/vmware/. Do not edit."""
