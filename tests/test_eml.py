"""Rendered messages: each HTML part decoded, linted and named."""

from __future__ import annotations

import base64
import json
from email.message import EmailMessage
from pathlib import Path

import pytest

from linter import Config, lint_paths
from linter.cli import main
from linter.eml import message_documents
from linter.engine import Engine
from linter.files import lint_bytes

# A part whose second line holds an unquoted href (EL203) at column 10,
# behind a non-ASCII character so that the charset decides the column.
HTML_PART = (
    "<p>Caf\u00e9 \u201cnew\u201d</p>\n"
    "<p>\u00e9\u00e9 <a href=sale>Sale</a></p>\n"
)
SALE_LINE, SALE_COLUMN = 2, 15


def alternative_message(html_cte: str, charset: str) -> EmailMessage:
    """A multipart/alternative message: plain text, then the HTML part."""
    message = EmailMessage()
    message["From"] = "shop@shop.com"
    message["Subject"] = "Sale"
    message["List-Unsubscribe"] = "<mailto:unsub@shop.com>, <https://shop.com/u>"
    message.set_content("Visit https://shop.com/sale today\n")
    message.add_alternative(
        HTML_PART.encode(charset), maintype="text", subtype="html",
        cte=html_cte, params={"charset": charset},
    )
    return message


# The rules these tests probe with: each fires on a link it can see.
PROBES = ("EL203", "EL209", "EL902")


def lint_message(
    data: bytes, **settings: object
) -> list[tuple[str, int, int, str | None]]:
    """(code, line, column, part) of each finding in a message."""
    settings.setdefault("select", PROBES)
    engine = Engine(Config(**settings))  # type: ignore[arg-type]
    found = lint_bytes(data, "m.eml", engine)
    return [(f.code, f.line or 0, f.column or 0, f.part) for f in found]


def test_quoted_printable_windows_1252_part_is_decoded() -> None:
    data = bytes(alternative_message("quoted-printable", "windows-1252"))
    assert b"=E9" in data  # really quoted-printable, really cp1252

    assert lint_message(data) == [("EL203", SALE_LINE, SALE_COLUMN, "2 text/html")]


def test_base64_utf8_part_positions_are_in_the_decoded_part() -> None:
    data = bytes(alternative_message("base64", "utf-8"))
    assert b"Content-Transfer-Encoding: base64" in data

    [document] = message_documents(data, "m.eml")
    assert document.text == HTML_PART
    offset = document.text.index("sale>")
    assert document.position(offset) == (SALE_LINE, SALE_COLUMN)
    assert lint_message(data) == [("EL203", SALE_LINE, SALE_COLUMN, "2 text/html")]


def test_soft_line_breaks_join_one_line() -> None:
    body = b"<p>" + b"x" * 70 + b"=\r\n" + b"y <a href=3Dz>z</a></p>\r\n"
    data = (b"Content-Type: text/html; charset=utf-8\r\n"
            b"Content-Transfer-Encoding: quoted-printable\r\n\r\n" + body)

    # The soft break is gone: the href is on line 1, after 70 x, 3, "y <a href=".
    assert lint_message(data) == [("EL203", 1, 3 + 70 + 11, "1 text/html")]


def test_8bit_part_uses_its_charset() -> None:
    data = ("Content-Type: text/html; charset=iso-8859-1\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n"
            "<p>\u00e9</p><a href=x>x</a>\r\n").encode("latin-1")

    assert lint_message(data) == [("EL203", 1, 17, "1 text/html")]


def test_nested_multiparts_are_walked() -> None:
    message = alternative_message("quoted-printable", "utf-8")
    message.make_mixed()  # mixed( alternative(plain, html) ) + attachment
    message.add_attachment(b"\x89PNG", maintype="image", subtype="png",
                           filename="a.png")
    message.add_attachment("<a href=y>y</a>", subtype="html", filename="b.html")
    [alternative, _, _] = message.iter_parts()
    assert message.get_content_type() == "multipart/mixed"
    assert alternative.get_content_type() == "multipart/alternative"

    # In SPEC's order (line, column), as every report lists them.
    assert lint_message(bytes(message)) == [
        ("EL203", 1, 9, "4 text/html"),
        ("EL203", SALE_LINE, SALE_COLUMN, "2 text/html"),
    ]


def test_plain_parts_and_headers_reach_the_document() -> None:
    data = bytes(alternative_message("base64", "utf-8"))

    [document] = message_documents(data, "m.eml")
    assert document.plain_text == ("Visit https://shop.com/sale today\n",)
    assert document.plain_parts == ("1 text/plain",)
    assert document.headers is not None
    unsubscribe = "<mailto:unsub@shop.com>, <https://shop.com/u>"
    assert document.headers.get("List-Unsubscribe") == unsubscribe
    assert document.headers["list-unsubscribe"] == unsubscribe
    assert "LIST-UNSUBSCRIBE" in document.headers
    assert document.defects == ()


def test_folded_header_is_unfolded() -> None:
    data = (b"List-Unsubscribe: <mailto:u@shop.com>,\r\n <https://shop.com/u>\r\n"
            b"Content-Type: text/html\r\n\r\n<p>hi</p>\r\n")

    [document] = message_documents(data, "m.eml")
    assert document.headers is not None
    assert document.headers.get("list-unsubscribe") == (
        "<mailto:u@shop.com>, <https://shop.com/u>")


def test_message_without_html_keeps_its_plain_text() -> None:
    message = EmailMessage()
    message["Subject"] = "Plain"
    message.set_content("Go to https://shop.com\n")

    [document] = message_documents(bytes(message), "m.eml")
    assert document.text == ""
    assert document.part == "1 text/plain"
    assert document.plain_text == ("Go to https://shop.com\n",)
    assert lint_message(bytes(message)) == []


def test_message_with_only_an_attachment_gives_no_document() -> None:
    message = EmailMessage()
    message.set_content(b"\x89PNG", maintype="image", subtype="png")

    assert message_documents(bytes(message), "m.eml") == []


def test_bad_base64_is_a_defect_of_the_part() -> None:
    good = base64.b64encode(b"<a href=x>x</a>").rstrip(b"=")
    data = (b"Content-Type: text/html; charset=utf-8\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n" + good[:-1] + b"\r\n")

    [document] = message_documents(data, "m.eml")
    assert document.part == "1 text/html"
    assert len(document.defects) == 1
    assert "base64" in document.defects[0]
    assert "1 text/html" in document.defects[0]


def test_missing_boundary_is_a_defect_of_the_message() -> None:
    data = (b"Subject: x\r\nContent-Type: multipart/alternative\r\n\r\n"
            b"--b\r\nContent-Type: text/html\r\n\r\n<a href=x>x</a>\r\n--b--\r\n")

    [document] = message_documents(data, "m.eml")
    assert document.text == ""
    assert len(document.defects) == 1
    assert "no boundary" in document.defects[0]


def test_boundary_never_found_is_a_defect() -> None:
    data = (b"Content-Type: multipart/alternative; boundary=zzz\r\n\r\n"
            b"--b\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--b--\r\n")

    [document] = message_documents(data, "m.eml")
    assert ["boundary never appears" in line for line in document.defects] == [True]


def test_unknown_charset_is_a_defect_and_read_as_utf8() -> None:
    data = ("Content-Type: text/html; charset=x-klingon\r\n\r\n"
            "<p>\u00e9</p><a href=x>x</a>\r\n").encode("utf-8")

    [document] = message_documents(data, "m.eml")
    assert document.text.startswith("<p>\u00e9</p>")
    assert ["x-klingon" in line for line in document.defects] == [True]
    assert lint_message(data, ignore=("EL902",)) == [("EL203", 1, 17, "1 text/html")]


def test_bad_bytes_in_the_declared_charset_are_el902() -> None:
    data = (b"Content-Type: text/html; charset=utf-8\r\n"
            b"Content-Transfer-Encoding: 8bit\r\n\r\n"
            b"<p>ok</p>\r\n<p>ab \xe9 <a href=x>x</a></p>\r\n")

    assert lint_message(data) == [
        ("EL902", 2, 7, "1 text/html"),
        ("EL203", 2, 17, "1 text/html"),
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\xff\xfe garbage",
        b"Content-Type: multipart/mixed; boundary=\r\n\r\n--\r\n",
        b"Content-Type: text/html; charset=\"\r\n\r\n<p>",
        b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n",
    ],
)
def test_garbage_is_not_a_traceback(data: bytes) -> None:
    documents = message_documents(data, "m.eml")

    assert all(document.path == "m.eml" for document in documents)
    assert isinstance(lint_message(data), list)


def test_unknown_transfer_encoding_is_a_defect() -> None:
    data = (b"Content-Transfer-Encoding: x-rot13\r\n"
            b"Content-Type: text/html\r\n\r\n<a href=k>k</a>")

    [document] = message_documents(data, "m.eml")
    assert ["x-rot13" in line for line in document.defects] == [True]
    assert document.text == "<a href=k>k</a>"


def test_defects_are_reported_as_el902_at_1_1() -> None:
    data = (b"Subject: x\r\nContent-Type: multipart/alternative\r\n\r\n"
            b"--b\r\nContent-Type: text/html\r\n\r\n<a href=x>x</a>\r\n--b--\r\n")

    assert [item[:3] for item in lint_message(data)] == [("EL902", 1, 1)]


def test_json_output_names_the_part(tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "welcome.eml"
    path.write_bytes(bytes(alternative_message("quoted-printable", "windows-1252")))

    status = main(["--isolated", "--select", ",".join(PROBES), "--format",
                   "json", str(path)])
    report = json.loads(capsys.readouterr().out)
    assert status == 0  # EL203 is a warning
    [finding] = report["findings"]
    assert finding["part"] == "2 text/html"
    assert (finding["line"], finding["column"]) == (SALE_LINE, SALE_COLUMN)
    assert finding["code"] == "EL203"


def test_folder_walk_picks_eml(tmp_path: Path) -> None:
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "a.eml").write_bytes(
        bytes(alternative_message("base64", "utf-8")))
    (tmp_path / "mail" / "notes.txt").write_text("<a href=x>x</a>")

    found = lint_paths([tmp_path], config=Config(select=PROBES))
    assert [(Path(f.path or "").name, f.code, f.part) for f in found] == [
        ("a.eml", "EL203", "2 text/html")]


def test_forwarded_message_html_is_linted() -> None:
    forwarded = EmailMessage()
    forwarded["Subject"] = "Old sale"
    forwarded.set_content("<p>\n<a href=x>x</a></p>", subtype="html")
    message = EmailMessage()
    message["Subject"] = "Fwd: Old sale"
    message.set_content("See below")
    message.add_attachment(forwarded)

    assert lint_message(bytes(message)) == [("EL203", 2, 9, "2 text/html")]
