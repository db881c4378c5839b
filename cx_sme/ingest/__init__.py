"""From a read table to stored rows: column mapping, parsing, row-level validation, the
importer (prepare, then commit in one transaction), the import log (list, replace,
undo) and the CSV exports.
"""
