"""The base of the house: errors, translations, number and date formats, calendar periods,
Markdown escaping, configuration, the SQLite store and the stored data sets as frames.
Everything else imports from here; nothing here imports from another subpackage.
"""
