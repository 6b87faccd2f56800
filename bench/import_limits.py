#!/usr/bin/env python3
"""Server memory on hostile and large ledger imports (issue #12 item 2), on 127.0.0.1 only.

  bench/import_limits.py            # uses target/release/fazhi (builds it if missing)
  FAZHI_BIN=target/debug/fazhi bench/import_limits.py

1. An XLSX zip bomb: ~7 MB that inflates to ~2 GB of sheet XML, posted as a dry run by a
   viewer (refused before the body is read) and by a staff member (refused at the 200 MB
   inflated limit). Target: the server's peak RSS (VmHWM) < 200 MB.
2. A 50 MB CSV disputes ledger (190,000 rows, under the 200,000-row limit), dry run.
   Target: peak RSS < 300 MB. Then the same file imported, the same target: the import checks
   every row, then writes a slice of records at a time in its one transaction.
Peak RSS is the kernel's high-water mark of the `fazhi serve` process (/proc/PID/status VmHWM),
read after each request; the CSV figure includes the bomb's, as a high-water mark does.
"""
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("FAZHI_BIN", os.path.join(ROOT, "target/release/fazhi"))
PORT = 18182
BASE = f"http://127.0.0.1:{PORT}"
MB = 1024 * 1024


def sh(data, *args, stdin=None):
    subprocess.run([BIN, "--data-dir", data, *args], input=stdin, check=True,
                   stdout=subprocess.DEVNULL, text=True)


def post(path, body, token, ctype="application/octet-stream"):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    conn.putrequest("POST", path)
    for k, v in [("content-type", ctype), ("authorization", f"Bearer {token}"),
                 ("content-length", str(len(body)))]:
        conn.putheader(k, v)
    conn.endheaders()
    sent = "body sent"
    try:
        conn.send(body)
    except (BrokenPipeError, ConnectionResetError):
        # The server answered without reading the body, and closed: the answer is still there.
        sent = "body not read (the server closed the connection)"
    try:
        r = conn.getresponse()
        return r.status, f"[{sent}] " + r.read().decode()
    except (ConnectionError, http.client.HTTPException) as e:
        return 0, f"[{sent}] {e}"
    finally:
        conn.close()


def login(user):
    body = json.dumps({"username": user, "password": "bench-pass-123"}).encode()
    req = urllib.request.Request(BASE + "/api/v1/auth/login", data=body,
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)["token"]


def vm_hwm(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="纠纷台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '</Relationships>',
}


def write_bomb(path, inflated=2 * 1024 * MB):
    """A workbook whose one sheet is `inflated` bytes of identical rows, written as a stream."""
    row = ('<row><c t="inlineStr"><is><t>2023-03-05</t></is></c>'
           '<c t="inlineStr"><is><t>基准1村</t></is></c></row>')
    chunk = (row * (MB // len(row))).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, xml in XLSX_PARTS.items():
            z.writestr(name, xml)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet '
                    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            written = 0
            while written < inflated:
                f.write(chunk)
                written += len(chunk)
            f.write(b"</sheetData></worksheet>")


def write_csv(path, rows, villages):
    rng = random.Random(20231231)
    names = [a + b for a in "王李张刘陈杨赵马周吴" for b in ["建国", "玉兰", "志强", "秀英", "海军"]]
    places = ["承包地地界", "草场放牧边界", "老人赡养费用", "院墙排水", "青苗损失赔偿"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("登记日期,所属村,纠纷类型,来源,当事人,简要情况,调解层级,调解员,状态,结案日期,协议形式,涉及金额\n")
        for _ in range(rows):
            a, b = rng.choice(names), rng.choice(names)
            m, d = rng.randint(1, 12), rng.randint(1, 27)
            story = f"{a}与{b}因{rng.choice(places)}发生争执，双方各执一词，经调解员多次上门做工作，" \
                    f"并请村两委和老党员参与，最终达成一致意见。"
            f.write(f"2023-{m:02d}-{d:02d},{rng.choice(villages)},邻里纠纷,排查,{a}、{b},{story},"
                    f"村级,{rng.choice(names)},调解成功,2023-{m:02d}-{d + 1:02d},书面,\n")


def main():
    if not os.access(BIN, os.X_OK):
        subprocess.run(["cargo", "build", "--release", "-p", "fazhi"], cwd=ROOT, check=True)
    data = tempfile.mkdtemp(prefix="fazhi-import-bench-")
    server = None
    try:
        sh(data, "org", "add", "--code", "B1", "--name", "基准镇", "--kind", "town")
        villages = [f"基准{v}村" for v in range(1, 9)]
        for v, name in enumerate(villages, 1):
            sh(data, "org", "add", "--code", f"B1V{v}", "--name", name, "--kind", "village",
               "--parent", "B1")
        sh(data, "user", "add", "--username", "bench", "--role", "staff", "--org", "B1",
           stdin="bench-pass-123\n")
        sh(data, "user", "add", "--username", "look", "--role", "viewer", "--org", "B1",
           stdin="bench-pass-123\n")

        bomb, csv = os.path.join(data, "bomb.xlsx"), os.path.join(data, "big.csv")
        t = time.time()
        write_bomb(bomb)
        with zipfile.ZipFile(bomb) as z:
            inflated = sum(i.file_size for i in z.infolist())
        print(f"== zip bomb: {os.path.getsize(bomb) / MB:.1f} MB inflating to "
              f"{inflated / MB:,.0f} MB (written in {time.time() - t:.0f} s)")
        write_csv(csv, 190_000, villages)
        print(f"== CSV: {os.path.getsize(csv) / MB:.1f} MB, 190,000 rows")

        log = open(os.path.join(data, "serve.log"), "w")
        server = subprocess.Popen([BIN, "--data-dir", data, "serve", "--bind",
                                   f"127.0.0.1:{PORT}"], stdout=log, stderr=log)
        for _ in range(100):
            try:
                urllib.request.urlopen(BASE + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        staff, viewer = login("bench"), login("look")
        print(f"   server idle: VmHWM {vm_hwm(server.pid):.1f} MB")

        body = open(bomb, "rb").read()
        for who, token in [("viewer", viewer), ("staff", staff)]:
            t = time.time()
            status, text = post("/api/v1/imports/disputes?org=B1&dry_run=true", body, token)
            print(f"== bomb, dry run as {who}: HTTP {status} in {time.time() - t:.1f} s: "
                  f"{text[:120]}")
            print(f"   peak RSS (VmHWM) {vm_hwm(server.pid):.1f} MB (target < 200 MB)")
        del body

        body = open(csv, "rb").read()
        t = time.time()
        status, text = post("/api/v1/imports/disputes?org=B1&format=csv&dry_run=true", body,
                            staff)
        print(f"== 50 MB CSV, dry run: HTTP {status} in {time.time() - t:.1f} s: {text[:120]}")
        print(f"   peak RSS (VmHWM) {vm_hwm(server.pid):.1f} MB (target < 300 MB)")
        t = time.time()
        status, text = post("/api/v1/imports/disputes?org=B1&format=csv", body, staff)
        print(f"== 50 MB CSV, imported: HTTP {status} in {time.time() - t:.1f} s: {text[:100]}")
        print(f"   peak RSS (VmHWM) {vm_hwm(server.pid):.1f} MB (target < 300 MB)")
    finally:
        if server:
            server.terminate()
            server.wait()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
