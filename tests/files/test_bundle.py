"""The month's files in one .zip: unpacked in memory with limits; anything else in the
archive is refused naming the archive and the member."""

from __future__ import annotations

import io
import zipfile

import pytest

from cx_sme.core.errors import FileRefused
from cx_sme.files.bundle import MAX_FILES, unpack


def archive(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return buffer.getvalue()


def test_a_plain_file_is_itself() -> None:
    assert unpack("vendite.csv", b"a;b\n") == [("vendite.csv", b"a;b\n")]


def test_the_spreadsheets_of_a_zip_come_out_with_their_names() -> None:
    data = archive({
        "novembre/vendite.csv": b"a;b\n1;2\n", "novembre/reclami.xlsx": b"PK...",
        "__MACOSX/novembre/._vendite.csv": b"junk", "novembre/.DS_Store": b"junk",
    })  # fmt: skip
    assert unpack("novembre.zip", data) == [
        ("vendite.csv", b"a;b\n1;2\n"), ("reclami.xlsx", b"PK..."),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("members", "says"),
    [
        ({"dentro.zip": b"PK"}, "contiene a sua volta un archivio («dentro.zip»)"),
        ({"vendite.csv": b"a\n", "foto.jpg": b"\xff\xd8"}, "contiene «foto.jpg»"),
        ({"a/vendite.csv": b"a\n", "b/vendite.csv": b"b\n"}, "due file chiamati «vendite.csv»"),
        ({"leggimi/": b""}, "non contiene nessun foglio di calcolo"),
        ({f"f{i}.csv": b"a\n" for i in range(MAX_FILES + 1)}, f"al massimo {MAX_FILES}"),
    ],
)
def test_what_does_not_belong_in_the_zip_is_refused(members: dict[str, bytes], says: str) -> None:
    with pytest.raises(FileRefused) as err:
        unpack("mese.zip", archive(members))
    assert says in str(err.value) and "«mese.zip»" in str(err.value)


def test_an_encrypted_member_is_refused() -> None:
    data = bytearray(archive({"vendite.csv": b"a;b\n"}))
    # set the "encrypted" flag in the central directory entry (general purpose bit 0)
    at = data.rfind(b"PK\x01\x02")
    data[at + 8] |= 0x01
    with pytest.raises(FileRefused) as err:
        unpack("mese.zip", bytes(data))
    assert "protetto da password" in str(err.value)


def test_a_broken_zip_is_refused() -> None:
    with pytest.raises(FileRefused) as err:
        unpack("mese.zip", b"PK\x03\x04 not really a zip")
    assert "non è un archivio .zip valido" in str(err.value)
