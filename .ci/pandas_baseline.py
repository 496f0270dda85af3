"""The issue's CSV baseline for make bench-1m-cli: pandas reads the
benchmark CSV and computes per client the revenue share, the mean days
late of paid invoices and the open amount (read_csv + groupby), the work
clientrisk's report does on the same rows. Usage: pandas_baseline.py CSV"""
import sys

import pandas as pd

df = pd.read_csv(sys.argv[1], parse_dates=["Invoice Date", "Due Date", "Paid Date"])
df["late"] = (df["Paid Date"] - df["Due Date"]).dt.days
df["open"] = df["Amount"].where(df["Paid Date"].isna(), 0)
g = df.groupby("Customer ID").agg(revenue=("Amount", "sum"), late=("late", "mean"), open=("open", "sum"))
g["share"] = g["revenue"] / g["revenue"].sum()
print(len(g), "clients; top share", g["share"].max())
