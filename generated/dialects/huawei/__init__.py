"""Derived from openapi/dialects/huawei/. Do not edit."""
