#!/usr/bin/env python3
"""What an analyst would otherwise write: pandas + openpyxl, the same rate and
total checks as hedui's R001 and T001, findings written to a workbook.

Usage: python3 benches/analyst.py FOLDER OUT.xlsx

It reads every .xlsx under FOLDER, finds each header row holding 完成量,
takes each target column (协议…/目标…/指标…) with the done and rate columns
after it, checks every district row's rate (completed / target, rounded half
up to the decimals shown; numbers are taken as 0.00%, since pandas does not
see number formats) and every 合计 row against the sum of the districts.
"""

import sys
from decimal import Decimal, ROUND_HALF_UP
from pathlib import Path

import pandas as pd

TARGET_WORDS = ("协议", "目标", "指标")


def parse_rate(value):
    """(fraction, decimals of the percentage) or None."""
    if isinstance(value, str):
        text = value.strip().replace("％", "%")
        if not text.endswith("%"):
            return None
        number = text[:-1]
        decimals = len(number.split(".")[1]) if "." in number else 0
        try:
            return Decimal(number) / 100, decimals
        except Exception:
            return None
    if isinstance(value, (int, float)) and not pd.isna(value):
        return Decimal(repr(float(value))), 2
    return None


def number(value):
    if isinstance(value, (int, float)) and not pd.isna(value):
        return Decimal(repr(float(value)))
    return None


def check_sheet(path, sheet, df, findings):
    for h in range(len(df)):
        row = df.iloc[h]
        if not any(isinstance(v, str) and "完成量" in v for v in row):
            continue
        triples = [
            c
            for c in range(len(row) - 2)
            if isinstance(row.iloc[c], str) and row.iloc[c].strip().startswith(TARGET_WORDS)
        ]
        districts, total = [], None
        r = h + 1
        while r < len(df):
            label = df.iat[r, 0]
            if not isinstance(label, str):
                break
            if label.strip().startswith("片区"):
                districts.append(r)
            elif label.strip() == "合计":
                total = r
            else:
                break
            r += 1
        for c in triples:
            for r in districts + ([total] if total is not None else []):
                target, done = number(df.iat[r, c]), number(df.iat[r, c + 1])
                stated = parse_rate(df.iat[r, c + 2])
                if target in (None, 0) or done is None or stated is None:
                    continue
                fraction, decimals = stated
                quantum = Decimal(1).scaleb(-(decimals + 2))
                expected = (done / target).quantize(quantum, rounding=ROUND_HALF_UP)
                if expected != fraction.quantize(quantum, rounding=ROUND_HALF_UP):
                    findings.append((str(path), sheet, r + 1, c + 3, "R001", str(fraction), str(expected)))
            if total is not None:
                for k in (c, c + 1):
                    parts = [number(df.iat[r, k]) for r in districts]
                    stated = number(df.iat[total, k])
                    if stated is not None and all(p is not None for p in parts):
                        if sum(parts) != stated:
                            findings.append((str(path), sheet, total + 1, k + 1, "T001", str(stated), str(sum(parts))))


def main():
    folder, out = Path(sys.argv[1]), sys.argv[2]
    findings = []
    files = sorted(folder.rglob("*.xlsx")) if folder.is_dir() else [folder]
    for path in files:
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
        for name, df in sheets.items():
            check_sheet(path, name, df, findings)
    columns = ["file", "sheet", "row", "column", "rule", "found", "expected"]
    pd.DataFrame(findings, columns=columns).to_excel(out, index=False, engine="openpyxl")
    print(f"{len(files)} files, {len(findings)} findings")


if __name__ == "__main__":
    main()
