"""Use cases: each opens a unit of work, applies the domain rules, and commits."""
