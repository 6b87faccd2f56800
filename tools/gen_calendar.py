#!/usr/bin/env python3
"""Generate fazhi's national calendar file and the test fixture from chinese-calendar.

Usage: python3 tools/gen_calendar.py            (writes both files)
       python3 tools/gen_calendar.py --check    (exit 1 if the committed files differ)

Inputs: the PyPI package `chinese-calendar` (pinned: 1.11.0; data 2004-2026).
Outputs:
  data/calendar/national.csv
      one record per date that is a 放假 day (including weekend days inside an announced
      range, kept so explanations can name the holiday) or a 调休上班日; format in docs/calendar.md.
  crates/fazhi-domain/tests/data/workdays_2004_2026.txt
      one line per year: "YYYY " + one letter per day, W (working) or R (rest), produced by
      chinese_calendar.is_workday() -- deliberately *not* from the CSV, so the Rust test
      compares two independent derivations.

The 新疆 overlay (data/calendar/xinjiang.csv) is written by hand from
/work/shared/reference/verify.md section 1.2 and is not touched here.
"""
import datetime
import pathlib
import sys

import chinese_calendar
from chinese_calendar import constants

PINNED = "1.11.0"
FIRST_YEAR, LAST_YEAR = 2004, 2026
ROOT = pathlib.Path(__file__).resolve().parent.parent
NATIONAL = ROOT / "data" / "calendar" / "national.csv"
FIXTURE = ROOT / "crates" / "fazhi-domain" / "tests" / "data" / "workdays_2004_2026.txt"

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

# Document numbers only where two independent copies agree (see docs/calendar.md); the
# rest stay empty on purpose -- a wrong number is worse than none.
NUMBERS = {
    2023: "国办发明电〔2022〕16号",
    2024: "国办发明电〔2023〕7号",
    2025: "国办发明电〔2024〕12号",
}


def annual_notice(year):
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


# 2020: the State Council extended the Spring Festival to 2 Feb (2 Feb a Sunday, 1 Feb
# a Saturday that the annual notice had made a 调休上班日).
EXTENSION_2020 = {
    datetime.date(2020, 1, 31),
    datetime.date(2020, 2, 1),
    datetime.date(2020, 2, 2),
}
EXTENSION_2020_NOTICE = ("国务院办公厅关于延长2020年春节假期的通知", "国办发明电〔2020〕1号")
EXTENSION_2020_NAME = "春节（抗击新冠肺炎疫情延长假期）"

ANTI_FASCIST_NOTICE = "国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知"


def source_for(date, english_name):
    """Which notice announced this date."""
    if date in EXTENSION_2020:
        return EXTENSION_2020_NOTICE
    if english_name == "Anti-Fascist 70th Day":
        return (ANTI_FASCIST_NOTICE, "")
    year = date.year
    # A December date that belongs to 元旦 is announced with the next year's schedule.
    if date.month == 12 and english_name == "New Year's Day":
        year += 1
    return (annual_notice(year), NUMBERS.get(year, ""))


def csv_field(text):
    if any(ch in text for ch in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def national_csv():
    rows = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        rows.append((f"{year}", "year", "", "", annual_notice(year), NUMBERS.get(year, ""), ""))
    records = []
    for date, english in constants.holidays.items():
        if FIRST_YEAR <= date.year <= LAST_YEAR:
            name = EXTENSION_2020_NAME if date in EXTENSION_2020 else NAMES[english]
            records.append((date, "rest", name, english))
    for date, english in constants.workdays.items():
        if FIRST_YEAR <= date.year <= LAST_YEAR:
            records.append((date, "makeup_workday", NAMES[english], english))
    records.sort()
    dates = [r[0] for r in records]
    assert len(dates) == len(set(dates)), "a date is both rest and make-up working day"
    for date, kind, name, english in records:
        notice, number = source_for(date, english)
        note = ""
        if date == datetime.date(2020, 2, 1):
            note = "原定调休上班日，因延长春节假期改为休息"
        rows.append((date.isoformat(), kind, name, "", notice, number, note))
    out = [
        "# fazhi 日历文件：全国法定节假日与调休上班日",
        f"# 由 tools/gen_calendar.py 从 chinese-calendar {PINNED} 生成，请勿手工编辑；格式见 docs/calendar.md",
        "date,kind,name,region,notice,number,note",
    ]
    for row in rows:
        out.append(",".join(csv_field(f) for f in row))
    return "\n".join(out) + "\n"


def fixture():
    out = [f"# is_workday() from chinese-calendar {PINNED}; W = working day, R = rest day"]
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        day = datetime.date(year, 1, 1)
        letters = []
        while day.year == year:
            letters.append("W" if chinese_calendar.is_workday(day) else "R")
            day += datetime.timedelta(days=1)
        out.append(f"{year} " + "".join(letters))
    return "\n".join(out) + "\n"


def main():
    version = getattr(chinese_calendar, "__version__", "?")
    if version != PINNED:
        sys.exit(f"chinese-calendar {version} installed, {PINNED} expected")
    outputs = {NATIONAL: national_csv(), FIXTURE: fixture()}
    if "--check" in sys.argv:
        stale = [p for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)}")
        sys.exit(1 if stale else 0)
    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
