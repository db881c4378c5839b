"""Keeping the store safe: backup and restore, customers' privacy (erasure, pseudonyms)
and access (password, sign-in, roles).
"""
