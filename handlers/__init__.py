"""Thin HTTP adapters, one module per API area; each method is named by its operationId.

A handler unpacks the request into a generated model, calls one core service,
and returns a generated model. Refusals are raised, never built here.
"""
