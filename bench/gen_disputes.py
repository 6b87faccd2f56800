#!/usr/bin/env python3
"""Writes a disputes ledger (PRODUCT §8.4 columns) with N rows for load tests.

Usage: gen_disputes.py N OUT.csv VILLAGE [VILLAGE ...]
Deterministic (fixed seed), so runs are comparable.
"""
import csv
import random
import sys

n, out, villages = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
rng = random.Random(20231231)
types = ["土地纠纷", "草场纠纷", "家庭纠纷", "邻里纠纷", "损害赔偿纠纷", "合同纠纷", "其他纠纷"]
surnames = "王李张刘陈杨赵马周吴何孙郭韩"
given = ["建国", "玉兰", "志强", "秀英", "海军", "桂芳", "永福", "春花", "德明", "丽娟"]
places = ["承包地地界", "草场放牧边界", "老人赡养费用", "院墙排水", "青苗损失赔偿", "农机作业费用"]


def person():
    return rng.choice(surnames) + rng.choice(given)


with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["登记日期", "所属村", "纠纷类型", "来源", "当事人", "简要情况", "调解层级", "调解员",
                "状态", "结案日期", "协议形式", "涉及金额"])
    for i in range(n):
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        a, b = person(), person()
        done = rng.random() < 0.9
        w.writerow([
            f"2023-{month:02d}-{day:02d}", rng.choice(villages), rng.choice(types),
            rng.choice(["排查", "来访", "电话"]), f"{a}、{b}",
            f"{a}与{b}因{rng.choice(places)}发生争执，经调解员多次上门做工作。",
            "镇级" if rng.random() < 0.09 else "村级", person(),
            "调解成功" if done else "调解中",
            f"2023-{month:02d}-{min(day + 5, 28):02d}" if done else "",
            "书面" if done else "无", "",
        ])
