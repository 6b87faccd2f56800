#!/usr/bin/env python3
"""Writes a ledger (PRODUCT §8.4 columns) with N rows for the list benchmarks.

Usage: gen_ledger.py LEDGER N OUT.csv VILLAGE [VILLAGE ...]
LEDGER is consultations, legal-aid, publicity, study-sessions or law-exams. Deterministic
(fixed seed), so runs are comparable. Dates spread over ten years, as a town that kept them.
"""
import csv
import random
import sys

ledger, n, out, villages = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
rng = random.Random(20231231)
surnames = "王李张刘陈杨赵马周吴何孙郭韩"
given = ["建国", "玉兰", "志强", "秀英", "海军", "桂芳", "永福", "春花", "德明", "丽娟"]


def person():
    return rng.choice(surnames) + rng.choice(given)


def day(i):
    return f"{2014 + i % 10}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


HEADERS = {
    "consultations": ["日期", "所属村", "咨询人", "咨询事项", "类别", "答复人", "处理方式"],
    "legal-aid": ["申请日期", "申请人", "所属村", "事项", "转交机构", "结果"],
    "publicity": ["日期", "活动名称", "地点类型", "形式", "受益人次"],
    "study-sessions": ["日期", "形式", "学习内容", "主讲人", "参加人数", "学时"],
    "law-exams": ["年度", "姓名", "职务", "成绩"],
}


def row(i):
    if ledger == "consultations":
        return [day(i), rng.choice(villages), person(),
                rng.choice(["土地承包经营权流转", "赡养费", "劳动报酬", "宅基地界址"]),
                "", person(), "当场解答"]
    if ledger == "legal-aid":
        return [day(i), person(), rng.choice(villages), "追索劳动报酬",
                "乌苏市法律援助中心", ""]
    if ledger == "publicity":
        return [day(i), f"法治宣传进{rng.choice(['村', '校', '企'])}第{i}场",
                rng.choice(["村居", "学校", "企业", "机关"]), "集市宣传", str(rng.randint(20, 300))]
    if ledger == "study-sessions":
        return [day(i), rng.choice(["会前学法", "机关集中学法", "专题讲座"]),
                "《中华人民共和国宪法》", person(), str(rng.randint(5, 40)), "1.5"]
    if ledger == "law-exams":
        # One score per cadre and year: unique names within a year.
        return [str(2000 + i % 26), f"{person()}{i}", "科员", str(rng.randint(40, 100))]
    raise SystemExit(f"unknown ledger {ledger}")


with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(HEADERS[ledger])
    for i in range(n):
        w.writerow(row(i))
