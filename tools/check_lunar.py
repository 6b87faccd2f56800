#!/usr/bin/env python3
"""Independent check of data/calendar/statutory.csv: the lunar festivals and 清明 computed
from astronomy (PyPI `ephem`, pinned 4.2.1) by the rules of GB/T 33661-2017《农历的编算和颁行》,
not from the table library that tools/gen_statutory.py uses.

Usage: python3 tools/check_lunar.py   (rewrites crates/fazhi-domain/tests/data/lunar_ephem.txt)

Rules applied (GB/T 33661-2017 §4): dates are in Beijing time (UTC+8); a month starts on
the day of a new moon; the month holding the winter solstice is month 11; when eleven-to-eleven
holds 13 months, the first month without a principal term (中气, solar longitude a multiple of
30°) is the leap month. 清明 is the day the Sun's apparent longitude reaches 15°.
The Rust test `statutory_table_matches_astronomy` compares this file with the shipped table.
"""
import datetime
import math
import pathlib

import ephem

FIRST_YEAR, LAST_YEAR = 2004, 2050
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "crates" / "fazhi-domain" / "tests" / "data" / "lunar_ephem.txt"
BJ = datetime.timedelta(hours=8)


def bj_date(d):
    return (ephem.Date(d).datetime() + BJ).date()


def sun_lon(d):
    s = ephem.Sun(d)
    return math.degrees(ephem.Ecliptic(s, epoch=d).lon)


def term_after(d, target):
    """First instant after d when the Sun's apparent longitude reaches target degrees."""
    d = ephem.Date(d)
    step = 1.0
    def diff(t):
        return (sun_lon(t) - target + 180.0) % 360.0 - 180.0
    while diff(d) >= 0:
        d = ephem.Date(d + step)
    while diff(d + step) < 0:
        d = ephem.Date(d + step)
    lo, hi = float(d), float(d) + step
    for _ in range(60):
        mid = (lo + hi) / 2
        if diff(mid) < 0:
            lo = mid
        else:
            hi = mid
    return ephem.Date(hi)


def new_moons(start, end):
    out = []
    d = ephem.Date(start)
    while True:
        d = ephem.next_new_moon(d)
        if d > end:
            return out
        out.append(bj_date(d))
        d = ephem.Date(d + 1)


def winter_solstice(year):
    return bj_date(term_after(ephem.Date(f"{year}/12/1"), 270.0))


def principal_terms(start, end):
    dates = []
    for y in range(start.year, end.year + 1):
        for k in range(12):
            lon = k * 30.0
            # each longitude is crossed once a year: its first crossing after 1 January
            dates.append(bj_date(term_after(ephem.Date(f"{y}/1/1"), lon)))
    return sorted(set(dates))


def months_of_sui(year):
    """Month starts from month 11 of year-1 to month 11 of year, numbered (start, n, leap)."""
    ws0, ws1 = winter_solstice(year - 1), winter_solstice(year)
    moons = new_moons(ephem.Date(f"{year - 1}/10/15"), ephem.Date(f"{year + 1}/2/1"))
    m11 = max(m for m in moons if m <= ws0)
    m11_next = max(m for m in moons if m <= ws1)
    starts = [m for m in moons if m11 <= m <= m11_next]
    terms = principal_terms(datetime.date(year - 1, 1, 1), datetime.date(year + 1, 1, 1))
    leap_needed = len(starts) - 1 == 13
    out, n, leap_done = [], 11, False
    for i, s in enumerate(starts[:-1]):
        nxt = starts[i + 1]
        has_term = any(s <= t < nxt for t in terms)
        if leap_needed and not leap_done and not has_term and i > 0:
            out.append((s, n, True))
            leap_done = True
            continue
        if i > 0:
            n = n % 12 + 1
        out.append((s, n, False))
    return out


def lunar_day(months, month, day):
    for s, n, leap in months:
        if n == month and not leap:
            return s + datetime.timedelta(days=day - 1)
    raise ValueError(month)


def main():
    lines = ["# year chunjie qingming duanwu zhongqiu  (ephem astronomy, tools/check_lunar.py)"]
    for y in range(FIRST_YEAR, LAST_YEAR + 1):
        months = months_of_sui(y)
        chunjie = lunar_day(months, 1, 1)
        duanwu = lunar_day(months, 5, 5)
        zhongqiu = lunar_day(months, 8, 15)
        qingming = bj_date(term_after(ephem.Date(f"{y}/3/25"), 15.0))
        lines.append(f"{y} {chunjie} {qingming} {duanwu} {zhongqiu}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
