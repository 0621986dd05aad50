"""Exports: Excel workbooks (openpyxl) and PDF documents (reportlab) that leave the office."""
