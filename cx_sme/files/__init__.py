"""Uploaded files, bytes in: the safety checks run before any parser, the .xlsx and CSV
readers, and the table shape they detect (title rows, header, totals). Out comes a
table of raw cells plus what was detected.
"""
