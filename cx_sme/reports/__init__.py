"""The monthly report: the data gathered once, the Excel workbook and the one-page PDF."""
