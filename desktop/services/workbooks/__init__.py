"""Data for the Excel workbooks: one module per workbook reads the database in one short
session and returns the plain data its writer in `desktop.exports` renders (the writers
never query). `make.make_workbook` runs one of them by its code in the catalogue."""
