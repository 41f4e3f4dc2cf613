"""The three roles of signed-in people, least privileged first (docs/accounts.md)."""

ROLES = ("advocate", "reviewer", "admin")
