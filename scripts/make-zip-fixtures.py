#!/usr/bin/env python3
"""Tiny zip fixtures for test/datasets/npy.test.ts and xlsx.test.ts (at most
a few KB each).

    python3 scripts/make-zip-fixtures.py test/fixtures/zip

tiny.npz: stored entries; tiny-compressed.npz: the same arrays deflated;
headers.npz: one array each with .npy format 1.0, 2.0 and 3.0 headers;
unsupported.npz: a big-endian float array the reader must refuse;
tiny.xlsx: two sheets written by hand (shared, rich, inline strings, numbers,
a boolean, a gap between cells). Needs numpy.
"""
import io
import os
import sys
import zipfile

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
arrays = {
    "f4": np.array([[0.5, -1.0, 2.25], [3.0, 4.5, -0.125]], dtype="<f4"),
    "f8": np.array([1.0 / 3.0, -2.5, 1e300], dtype="<f8"),
    "i8": np.array([[1, -2], [2**40, -(2**40)]], dtype="<i8"),
    "b1": np.array([True, False, False, True]),
    "u1": np.array([0, 7, 255], dtype="|u1"),
    "names": np.array(["eng", "français", "日本語"]),
    "fortran2d": np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)),
    "fortran3d": np.asfortranarray(np.arange(24, dtype="<f4").reshape(2, 3, 4)),
    "scalar": np.array(42.0, dtype="<f8"),
}
np.savez(os.path.join(out, "tiny.npz"), **arrays)
np.savez_compressed(os.path.join(out, "tiny-compressed.npz"), **arrays)


def npy(arr, version):
    buf = io.BytesIO()
    np.lib.format.write_array(buf, arr, version=version)
    return buf.getvalue()


with zipfile.ZipFile(os.path.join(out, "headers.npz"), "w", zipfile.ZIP_DEFLATED) as z:
    for v in [(1, 0), (2, 0), (3, 0)]:
        z.writestr(f"v{v[0]}.npy", npy(np.array([v[0], 0.5], dtype="<f4"), v))
with zipfile.ZipFile(os.path.join(out, "unsupported.npz"), "w", zipfile.ZIP_STORED) as z:
    z.writestr("big.npy", npy(np.array([1.0, 2.0], dtype=">f4"), (1, 0)))


SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"""
sheet1 = SHEET.format(rows=(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="C2"><v>9.0107900000000005E-2</v></c></row>'
    '<row r="4"><c r="A4" t="inlineStr"><is><t>inline &amp; more</t></is></c><c r="B4" t="b"><v>1</v></c><c r="C4" t="str"><v>formula text</v></c></row>'
))
sheet2 = SHEET.format(rows='<row r="1"><c r="A1"><v>-3</v></c></row>')
shared = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">'
    '<si><t>lang_code_3</t></si><si><t xml:space="preserve">Greek (modern) &lt;el&gt;</t></si>'
    '<si><r><t>Rich </t></r><r><rPr><b/></rPr><t>text</t></r><rPh><t>skip</t></rPh></si></sst>'
)
workbook = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="first" sheetId="1" r:id="rId1"/><sheet name="second" sheetId="2" r:id="rId2"/></sheets></workbook>'
)
rels = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    '</Relationships>'
)
with zipfile.ZipFile(os.path.join(out, "tiny.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("xl/workbook.xml", workbook)
    z.writestr("xl/_rels/workbook.xml.rels", rels)
    z.writestr("xl/sharedStrings.xml", shared)
    z.writestr("xl/worksheets/sheet1.xml", sheet1)
    z.writestr("xl/worksheets/sheet2.xml", sheet2)
