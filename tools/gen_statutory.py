#!/usr/bin/env python3
"""Generate data/calendar/statutory.csv: the dates of the statutory holidays that move with
the lunar calendar or a solar term, for the years a provisional count may need.

Usage: python3 tools/gen_statutory.py

Input: PyPI `lunar-python` (pinned 1.4.8; its own tables and algorithm). The Rust test
`statutory_table_matches_astronomy` compares the output with an independent astronomical
computation (tools/check_lunar.py, `ephem`) for every year, and with the announced national
schedule (data/calendar/national.csv) where one exists.

Columns: year, 除夕 (last day of the 12th lunar month), 春节 (正月初一), 清明 (the solar term),
端午 (五月初五), 中秋 (八月十五); dates in Beijing time. 全国年节及纪念日放假办法 (2024 revision)
第二条 fixes how many days each holiday has; see crates/fazhi-domain/src/calendar/statutory.rs.
"""
import datetime
import pathlib

from lunar_python import Lunar

PINNED = "1.4.8"
FIRST_YEAR, LAST_YEAR = 2004, 2050
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "calendar" / "statutory.csv"


def solar(lunar):
    s = lunar.getSolar()
    return datetime.date(s.getYear(), s.getMonth(), s.getDay())


def main():
    lines = [
        "# 法定节假日中按农历或节气确定的日期（北京时间），由 tools/gen_statutory.py 生成",
        "year,chuxi,chunjie,qingming,duanwu,zhongqiu",
    ]
    for y in range(FIRST_YEAR, LAST_YEAR + 1):
        chunjie = solar(Lunar.fromYmd(y, 1, 1))
        chuxi = chunjie - datetime.timedelta(days=1)
        qm = Lunar.fromYmd(y, 3, 1).getJieQiTable()["清明"]
        qingming = datetime.date(qm.getYear(), qm.getMonth(), qm.getDay())
        assert qingming.year == y
        duanwu = solar(Lunar.fromYmd(y, 5, 5))
        zhongqiu = solar(Lunar.fromYmd(y, 8, 15))
        lines.append(f"{y},{chuxi},{chunjie},{qingming},{duanwu},{zhongqiu}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
