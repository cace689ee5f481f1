"""framing.corpus on Excel workbooks and compressed files: a workbook reads as the CSV of
the same table; what cannot be read (several sheets, formulas without results, damaged,
encrypted, zip bombs, .xls, .gz) is refused with a message saying what to do."""

from __future__ import annotations

import datetime
import gzip
import io
import lzma
import re
import sys
import tarfile
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.corpus import (
    CORPUS_COLUMNS,
    CorpusError,
    corpus_parts,
    iter_corpus,
    load_corpus,
)
from framing.dates import DateWarning

OUTLETS = ["Buratha News", "Egyptian news site", "Al Mayadeen", "Micro Syria", "Al Mayadeen"]
DATES = ["2016-10-02", "2016-10-05", "2016-10-20", "2016-11-15", "2016-12-12"]


def _workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook with one sheet per entry, each given as rows of cell values."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _rewrite(path: Path, member: str, change) -> Path:
    """The workbook with one member's bytes replaced by ``change(old bytes)``."""
    with zipfile.ZipFile(path) as old:
        members = [(info.filename, old.read(info)) for info in old.infolist()]
    changed = change(dict(members)[member])
    assert changed != dict(members)[member], f"nothing changed in {member}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in members:
            new.writestr(name, changed if name == member else data)
    return path


def _shared_strings(path: Path) -> Path:
    """The workbook with its text cells moved to a shared-strings table, as Excel saves
    them (openpyxl writes them inline, in the cells)."""
    with zipfile.ZipFile(path) as old:
        members = {info.filename: old.read(info) for info in old.infolist()}
    strings: list[bytes] = []

    def shared(match: re.Match) -> bytes:
        strings.append(match.group(3))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), match.group(2),
                                                      len(strings) - 1)

    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = re.sub(rb'<c r="(\w+)"([^>]*?) t="inlineStr"><is>(<t[^>]*>.*?</t>)</is></c>',
                            shared, members[sheet], flags=re.S)
    members["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" '
        b'uniqueCount="%d">%s</sst>' % (len(strings), len(strings),
                                        b"".join(b"<si>%s</si>" % t for t in strings)))
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = "xl/_rels/workbook.xml.rels"
    members[rels] = members[rels].replace(
        b"</Relationships>", b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>")
    assert strings and b"<is>" not in members[sheet]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in members.items():
            new.writestr(name, data)
    return path


@pytest.fixture()
def seed_table(seed_texts) -> pd.DataFrame:
    """The five seed articles as a table with outlets, dates and an extra column."""
    return pd.DataFrame({"doc_id": list(seed_texts), "outlet": OUTLETS, "date": DATES,
                         "text": list(seed_texts.values()),
                         "section": ["news", None, "news", "analysis", None]})


def test_a_workbook_reads_as_the_csv_of_the_same_table(tmp_path, seed_table):
    xlsx, csv = tmp_path / "articles.xlsx", tmp_path / "articles.csv"
    seed_table.to_excel(xlsx, index=False, sheet_name="Articles")
    seed_table.to_csv(csv, index=False)
    from_excel, from_csv = load_corpus(xlsx), load_corpus(csv)
    assert from_excel.attrs == {"source": str(xlsx), "kind": "xlsx"}
    from_excel.attrs = from_csv.attrs = {}
    pd.testing.assert_frame_equal(from_excel, from_csv)
    assert from_excel["doc_id"].tolist() == seed_table["doc_id"].tolist()
    assert from_excel["date"].dt.strftime("%Y-%m-%d").tolist() == DATES
    chunks = list(iter_corpus(xlsx, chunksize=2))
    assert [len(c) for c in chunks] == [2, 2, 1]
    assert list(chunks[2].index) == [4]
    pd.testing.assert_frame_equal(pd.concat(chunks), load_corpus(xlsx))


def test_texts_in_a_shared_strings_table_as_excel_saves_them(tmp_path, seed_table):
    path = tmp_path / "excel.xlsx"
    seed_table.to_excel(path, index=False, sheet_name="Articles")
    inline = load_corpus(path)
    assert b"sharedStrings" in _shared_strings(path).read_bytes()
    pd.testing.assert_frame_equal(load_corpus(path), inline)
    # a cell pointing past the end of the table is a damaged file, not an empty text
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b'<c r="D3" t="s"><v>', b'<c r="D3" t="s"><v>99'))
    with pytest.raises(CorpusError, match=r"excel\.xlsx: damaged or not an Excel workbook "
                                          r"\(sheet 'Articles': IndexError"):
        load_corpus(path)


def test_a_workbook_scores_as_its_csv(tmp_path, seed_table):
    xlsx, csv = tmp_path / "articles.xlsm", tmp_path / "articles.csv"
    seed_table.to_excel(xlsx, index=False)
    seed_table.to_csv(csv, index=False)
    counts = framing.score(xlsx).counts
    pd.testing.assert_frame_equal(counts, framing.score(csv).counts)
    assert counts.select_dtypes("number").to_numpy().sum() > 0


def test_number_cells_read_as_the_csv_reader_gives_them(tmp_path, seed_texts):
    texts = list(seed_texts.values())
    path = _workbook(tmp_path / "ids.xlsx", {"Articles": [
        ["doc_id", "text", "page", "score"],
        [1, texts[0], 12, 0.5], [2.0, texts[1], None, 1e20], [30, texts[2], 3.25, True]]})
    table = load_corpus(path)
    assert table["doc_id"].tolist() == ["1", "2", "30"]
    assert table["page"].tolist()[0::2] == ["12", "3.25"] and pd.isna(table["page"][1])
    assert table["score"].tolist() == ["0.5", "1e+20", "TRUE"]
    assert table["text"].tolist() == texts[:3]
    # numbers as other programs store them: a whole number as a float, a sum's rounding
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b'<c r="A3" t="n"><v>2</v>', b'<c r="A3" t="n"><v>2.0</v>').replace(
        b"<v>3.25</v>", b"<v>0.30000000000000004</v>"))
    table = load_corpus(path)
    assert table["doc_id"].tolist() == ["1", "2", "30"]
    assert table["page"][2] == "0.3"  # Excel's 15 significant digits


def test_excel_date_cells_are_dates(tmp_path, seed_texts):
    texts = list(seed_texts.values())
    path = _workbook(tmp_path / "dates.xlsx", {"Articles": [
        ["text", "date", "received"],
        [texts[0], datetime.datetime(2016, 12, 13), datetime.datetime(2016, 12, 13, 9, 30)],
        [texts[1], datetime.datetime(2016, 10, 2, 14, 30), None],
        [texts[2], "05/11/2016", datetime.date(2016, 11, 5)],
        [texts[3], None, None]]})
    table = load_corpus(path)
    assert table["date"].dtype == "datetime64[ns]"
    assert table["date"].tolist()[:3] == [pd.Timestamp("2016-12-13"),
                                          pd.Timestamp("2016-10-02 14:30"),
                                          pd.Timestamp("2016-11-05")]
    assert pd.isna(table["date"][3])
    assert table["received"].tolist()[0::2] == ["2016-12-13 09:30:00", "2016-11-05"]
    # a date format reads the text dates; the date cells need none
    pd.testing.assert_series_equal(load_corpus(path, date_format="%d/%m/%Y")["date"],
                                   table["date"])


def test_a_wrong_dimension_tag_cuts_no_rows(tmp_path, seed_table):
    path = tmp_path / "dimension.xlsx"
    seed_table.to_excel(path, index=False)
    _rewrite(path, "xl/worksheets/sheet1.xml",
             lambda xml: xml.replace(b'<dimension ref="A1:E6"', b'<dimension ref="A1:A2"'))
    table = load_corpus(path)
    assert table["doc_id"].tolist() == seed_table["doc_id"].tolist()
    assert table["section"][3] == "analysis"  # column E, past the tag's A
    assert table["outlet"].tolist() == OUTLETS


def test_rows_are_named_as_the_spreadsheet_numbers_them(tmp_path, seed_texts):
    texts = list(seed_texts.values())
    path = _workbook(tmp_path / "gaps.xlsx", {"Articles": [
        ["doc_id", "text", "date"], ["a", texts[0], "2016-10-02"], [None, None, None],
        ["b", texts[1], "2016-10-05"], ["c", texts[2], "1438-02-30"]]})
    with pytest.warns(DateWarning, match=r"sheet 'Articles', row 5: '1438-02-30'"):
        table = load_corpus(path, on_bad_date="nat")  # the blank row 3 holds nothing
    assert table["doc_id"].tolist() == ["a", "b", "c"]
    with pytest.raises(CorpusError, match=r"gaps\.xlsx.*sheet 'Articles', row 5"):
        load_corpus(path)
    missing = _workbook(tmp_path / "noid.xlsx", {"Articles": [
        ["doc_id", "text"], ["a", texts[0]], ["b", texts[1]], [None, texts[2]]]})
    with pytest.raises(CorpusError, match=r"no id in field 'doc_id' for sheet 'Articles', "
                                          r"row 4\."):
        load_corpus(missing)


def test_columns_are_named_and_mapped_as_in_csv(tmp_path, seed_texts):
    texts = list(seed_texts.values())
    path = _workbook(tmp_path / "named.xlsx", {"Sheet1": [
        ["id", "body", "source"], ["x1", texts[0], "Al Mayadeen"], ["x2", "", "Micro Syria"]]})
    table = load_corpus(path, text_column="body", id_column="id", outlet_column="source")
    assert table["doc_id"].tolist() == ["x1", "x2"]
    assert table["text"].tolist() == [texts[0], ""]  # an empty text cell is an empty document
    assert table["outlet"].tolist() == ["Al Mayadeen", "Micro Syria"]
    with pytest.raises(CorpusError, match=r"named\.xlsx: sheet 'Sheet1': no 'text' column .*"
                                          r"text_column=.*'id', 'body', 'source'"):
        load_corpus(path)


def test_a_value_outside_the_header_is_named(tmp_path, seed_texts):
    path = _workbook(tmp_path / "wide.xlsx", {"Articles": [
        ["text", "outlet"], [seed_texts[next(iter(seed_texts))], "X", None, "stray"]]})
    with pytest.raises(CorpusError, match=r"sheet 'Articles', cell D2 holds 'stray', but its "
                                          r"column has no name in the header \(row 1\)"):
        load_corpus(path)


def test_a_header_only_sheet_is_an_empty_corpus_as_in_csv(tmp_path):
    xlsx = _workbook(tmp_path / "empty.xlsx", {"Articles": [["text", "outlet", "note"]]})
    csv = tmp_path / "empty.csv"
    csv.write_text("text,outlet,note\n", encoding="utf-8")
    from_excel, from_csv = load_corpus(xlsx), load_corpus(csv)
    from_excel.attrs = from_csv.attrs = {}
    pd.testing.assert_frame_equal(from_excel, from_csv)
    chunks = list(iter_corpus(xlsx))
    assert [c.columns.tolist() for c in chunks] == [
        c.columns.tolist() for c in iter_corpus(csv)] == [[*CORPUS_COLUMNS, "note"]]
    assert len(chunks[0]) == 0


def test_two_sheets_with_data_are_refused_naming_both(tmp_path, seed_texts):
    texts = list(seed_texts.values())
    path = _workbook(tmp_path / "two.xlsx", {"Articles": [["text"], [texts[0]]],
                                             "Notes": [["who"], ["me"]],
                                             "Blank": []})
    with pytest.raises(CorpusError, match=r"two\.xlsx: 2 sheets hold data \('Articles', "
                                          r"'Notes'\).*Save the sheet you mean as its own "
                                          r"workbook or as CSV"):
        load_corpus(path)
    book = openpyxl.load_workbook(path)
    book["Notes"].sheet_state = "hidden"
    book.save(path)
    with pytest.raises(CorpusError, match=r"\('Articles', 'Notes' \(hidden\)\)"):
        load_corpus(path)


def test_the_one_sheet_with_data_is_read_wherever_it_is(tmp_path, seed_texts):
    texts = list(seed_texts.values())
    path = _workbook(tmp_path / "second.xlsx", {"Sheet1": [[None, "  "]],
                                                "Articles": [["text"], [texts[1]]]})
    table = load_corpus(path)
    assert table["text"].tolist() == [texts[1]]
    assert table["doc_id"].tolist() == ["row-000001"]


def test_an_empty_workbook_is_refused(tmp_path):
    path = _workbook(tmp_path / "nothing.xlsx", {"Sheet1": [], "Sheet2": []})
    with pytest.raises(CorpusError, match=r"nothing\.xlsx: no sheet holds any data \(sheets: "
                                          r"'Sheet1', 'Sheet2'\)"):
        load_corpus(path)


def test_a_formula_without_a_saved_result_is_named(tmp_path, seed_texts):
    texts = list(seed_texts.values())
    rows = [["doc_id", "text"], ["a", texts[0]], ["b", '="قصف" & " الطيران"']]
    path = _workbook(tmp_path / "formula.xlsx", {"Articles": rows})  # openpyxl saves no result
    with pytest.raises(CorpusError, match=r"formula\.xlsx: sheet 'Articles': 1 formula cell\(s\)"
                                          r" without a saved result \(B3\).*read as empty"):
        load_corpus(path)
    # the same formula with the result a spreadsheet program saves beside it is read by it
    saved = _rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b'<c r="B3"><f>', b'<c r="B3" t="str"><f>').replace(
        b"<v /></c>", "<v>قصف الطيران</v></c>".encode()))
    assert load_corpus(saved)["text"].tolist() == [texts[0], "قصف الطيران"]


def test_an_excel_error_value_is_named(tmp_path, seed_texts):
    path = _workbook(tmp_path / "errors.xlsx", {"Articles": [
        ["text", "outlet"], [seed_texts[next(iter(seed_texts))], "#REF!"]]})
    with pytest.raises(CorpusError, match=r"sheet 'Articles', cell B2 \(column 'outlet'\) holds "
                                          r"the Excel error #REF!"):
        load_corpus(path)


def test_a_truncated_workbook_is_named_as_damaged(tmp_path, seed_table):
    path = tmp_path / "cut.xlsx"
    seed_table.to_excel(path, index=False)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(CorpusError, match=r"cut\.xlsx: damaged or not an Excel workbook .*"
                                          r"truncated"):
        load_corpus(path)


def test_text_saved_as_xlsx_is_not_a_workbook(tmp_path, seed_table):
    path = tmp_path / "renamed.xlsx"
    seed_table.to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"renamed\.xlsx: damaged or not an Excel workbook "
                                          r".*kind='csv'"):
        load_corpus(path)


def test_a_zip_bomb_member_is_refused_before_openpyxl_reads_it(tmp_path, seed_table,
                                                               monkeypatch):
    path = tmp_path / "bomb.xlsx"
    seed_table.to_excel(path, index=False)
    _rewrite(path, "xl/worksheets/sheet1.xml",
             lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * (20 << 20)))

    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened the workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(CorpusError, match=r"bomb\.xlsx: member xl/worksheets/sheet1\.xml "
                                          r"declares 20 MiB from .* a likely zip bomb"):
        load_corpus(path)
    monkeypatch.setenv("FRAMING_MAX_READ_BYTES", "4096")
    small = tmp_path / "small.xlsx"
    seed_table.to_excel(small, index=False)
    with pytest.raises(CorpusError, match=r"small\.xlsx: member .* more than the limit of "
                                          r"4 KiB .*FRAMING_MAX_READ_BYTES"):
        load_corpus(small)


def test_encrypted_or_old_excel_files_say_to_save_as_xlsx_or_csv(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    (tmp_path / "secret.xlsx").write_bytes(ole)
    with pytest.raises(CorpusError, match=r"secret\.xlsx: an encrypted \(password-protected\) "
                                          r"workbook or an old Excel 97-2003 \.xls file.*"
                                          r"save it as \.xlsx .* or as CSV UTF-8"):
        load_corpus(tmp_path / "secret.xlsx")
    for name, what in (("old.xls", "Excel 97-2003"), ("sheet.ods", "OpenDocument")):
        (tmp_path / name).write_bytes(ole)
        with pytest.raises(CorpusError, match=rf"{name} is an? .*{what}.* save it as \.xlsx "
                                              r".*CSV UTF-8"):
            load_corpus(tmp_path / name)
    with pytest.raises(CorpusError, match=r"old\.xls: an old Excel 97-2003 \(\.xls\) or "
                                          r"encrypted workbook, not text"):
        load_corpus(tmp_path / "old.xls", kind="csv")


def test_compressed_files_say_how_to_decompress_or_stream(tmp_path, seed_table):
    gz = tmp_path / "articles.csv.gz"
    gz.write_bytes(gzip.compress(seed_table.to_csv(index=False).encode()))
    with pytest.raises(CorpusError) as error:
        load_corpus(gz)
    assert str(error.value) == (
        f"{gz} is compressed (gzip): framing does not read compressed files; decompress it "
        f"(gunzip -k {gz}) or stream it: gunzip -c {gz} | framing score - --kind csv ...")
    dump = tmp_path / "dump.xz"
    dump.write_bytes(lzma.compress(b"text\n"))
    with pytest.raises(CorpusError, match=r"dump\.xz is compressed \(xz\).*xz -dc .*--kind KIND"
                                          r" \.\.\. \(KIND: the format of the file inside"):
        load_corpus(dump)
    tgz = tmp_path / "corpus.tar.gz"
    with tarfile.open(tgz, "w:gz") as archive:
        archive.add(gz, arcname="articles.csv.gz")
    with pytest.raises(CorpusError, match=r"corpus\.tar\.gz is a compressed archive "
                                          r"\(tar and gzip\).*tar -xf .*corpus\.tar\.gz"):
        load_corpus(tgz)
    # told the kind, the bytes say they are compressed
    with pytest.raises(CorpusError, match=r"articles\.csv\.gz: compressed \(gzip\), not text"):
        load_corpus(gz, kind="csv")


def test_a_workbook_read_as_csv_says_it_is_a_zip(tmp_path, seed_table):
    path = tmp_path / "articles.xlsx"
    seed_table.to_excel(path, index=False)
    with pytest.raises(CorpusError, match=r"articles\.xlsx: a zip archive, not text\. An Excel "
                                          r"workbook is read with kind='xlsx'"):
        load_corpus(path, kind="csv")


def test_a_workbook_through_standard_input_with_kind_xlsx(tmp_path, seed_table, monkeypatch,
                                                           capsys):
    path = tmp_path / "articles.xlsx"
    seed_table.to_excel(path, index=False)
    data = path.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["corpus", "info", "-", "--kind", "xlsx"]) == 0
    out = capsys.readouterr().out
    assert "5 documents, 4 outlets, 2016-10-02 to 2016-12-12" in out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["corpus", "info", "-", "--kind", "csv"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("framing: error: standard input: a zip archive, not text")
    assert "\n" not in err


def test_a_workbook_is_read_by_one_reader_not_in_parts(tmp_path, seed_table):
    path = tmp_path / "articles.xlsx"
    seed_table.to_excel(path, index=False)
    assert corpus_parts(path) is None  # the Dask engine then reads it with iter_corpus


def test_other_zips_named_xlsx_are_told_apart(tmp_path, seed_texts):
    ods = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(ods, "w") as bundle:
        bundle.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        bundle.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(CorpusError, match=r"sheet\.xlsx: an OpenDocument spreadsheet \(\.ods\)"):
        load_corpus(ods)
    news = tmp_path / "news.xlsx"
    with zipfile.ZipFile(news, "w") as bundle:
        bundle.writestr("2015-07-21.json", '[{"content": "نص"}]')
    with pytest.raises(CorpusError, match=r"news\.xlsx: damaged or not an Excel workbook \(a zip "
                                          r"archive without the xl/ folder of a workbook\)"):
        load_corpus(news)
