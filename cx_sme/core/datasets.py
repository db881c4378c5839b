"""The names of the stored data sets and of the KPI tables: plain constants, light enough
for the command line's parser (which must start without pandas)."""

DATASETS = ("sales", "complaints", "surveys")
KPI_TABLES = ("sales", "complaints", "surveys", "links")
