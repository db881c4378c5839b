"""What an e-invoice file is, by its content, and its signed envelope opened.

A FatturaPA document is XML whose root element is ``FatturaElettronica``. A signed one
(``.xml.p7m``) is a CMS ``SignedData`` (CAdES-BES) holding the XML as its content,
delivered either as DER bytes or as base64 text. The envelope is parsed with asn1crypto
(a pure-Python ASN.1 library: nothing in the file is executed or trusted) and the
content taken out. The signature is **not** verified: the app needs the invoice's
figures, which the exchange system has already accepted, and a certificate chain check
would need the national trust list online. Envelopes inside envelopes (a file signed
twice) are opened up to :data:`MAX_DEPTH` levels.
"""

from __future__ import annotations

import base64
import binascii
import re

from asn1crypto import cms

MAX_DEPTH = 3
INVOICE_ROOT = "FatturaElettronica"
# DER of the signedData object identifier 1.2.840.113549.1.7.2
_SIGNED_DATA = bytes.fromhex("06092a864886f70d010702")
_XML_START = re.compile(rb"^(\xef\xbb\xbf)?\s*<")
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_BASE64_TEXT = re.compile(rb"^[A-Za-z0-9+/=\s]+$")


class EnvelopeError(ValueError):
    """The signed envelope cannot be opened (the message says why, in English: callers
    turn it into a translated refusal naming the file)."""


def root_name(xml: bytes) -> str | None:
    """The local name of the first element of an XML text (past its prolog, comments
    and processing instructions), or None when ``xml`` does not look like XML."""
    if not _XML_START.match(xml[:64]):
        return None
    position = 0
    head = xml[:65536]
    while True:
        found = _ROOT.search(head, position)
        if found is None:
            return None
        before = head[found.start() : found.start() + 2]
        if before in (b"<?", b"<!"):
            position = found.end()
            continue
        return found.group(1).decode("ascii", "replace")


def _der_of(data: bytes) -> bytes | None:
    """The DER bytes of a signed envelope, whether given as DER or as base64 text."""
    if data[:1] == b"\x30" and _SIGNED_DATA in data[:64]:
        return data
    head = data[:4096].strip()
    if head[:3] not in (b"MII", b"MIA", b"MIB", b"MIC", b"MID", b"MIE", b"MIF", b"MIG"):
        return None
    if not _BASE64_TEXT.match(head):
        return None
    try:
        der = base64.b64decode(re.sub(rb"\s+", b"", data), validate=True)
    except (binascii.Error, ValueError):
        return None
    return der if der[:1] == b"\x30" and _SIGNED_DATA in der[:64] else None


def is_signed(data: bytes) -> bool:
    return _der_of(data) is not None


def kind_of(data: bytes) -> str | None:
    """``"invoice"`` for FatturaPA XML, ``"signed"`` for a signed envelope, ``"xml"`` for
    other XML (a receipt of the exchange system, a supplier's order...), else None."""
    if is_signed(data):
        return "signed"
    root = root_name(data)
    if root is None:
        return None
    return "invoice" if root == INVOICE_ROOT else "xml"


def unwrap(data: bytes) -> bytes:
    """The content of a signed envelope (opened again while it is itself signed)."""
    for _ in range(MAX_DEPTH):
        der = _der_of(data)
        if der is None:
            return data
        try:
            info = cms.ContentInfo.load(der)
            if info["content_type"].native != "signed_data":
                raise EnvelopeError("not a signed-data envelope")
            content = info["content"]["encap_content_info"]["content"]
            inner = content.native if content is not None else None
        except EnvelopeError:
            raise
        except Exception as err:  # asn1crypto raises several kinds on broken DER
            raise EnvelopeError(f"broken envelope: {type(err).__name__}") from None
        if not isinstance(inner, bytes) or not inner:
            raise EnvelopeError("the envelope holds no content (a detached signature)")
        data = inner
    if _der_of(data) is not None:
        raise EnvelopeError("too many envelopes inside each other")
    return data
