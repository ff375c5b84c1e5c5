"""org-invitations: organizations invite accounts or people by email to join them.

The package is the core (domain rules, storage, services, settings) plus the
web composition root in `org_invitations.web`; only `web` knows about HTTP.
"""
