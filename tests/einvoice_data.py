"""FatturaPA documents for the tests, written from the published format (version 1.2:
FPR12 between private parties, FPA12 to public administrations), and their signed and
zipped forms. Signatures are made here with a throwaway key and a self-signed
certificate (the ``cryptography`` package), in DER (binary .p7m) or base64."""

from __future__ import annotations

import base64
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

NS = "http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2"
COMPANY = ("IT", "01234567890", "Termoidraulica Lambro S.r.l.")
SUPPLIER = ("IT", "09876543210", "Caldaie Nord S.p.A.")


@dataclass(frozen=True)
class Row:
    description: str
    amount: str  # PrezzoTotale as written, e.g. "1200.00"
    quantity: str | None = "1.00"
    article: str | None = None


@dataclass(frozen=True)
class Body:
    number: str
    date: str
    rows: tuple[Row, ...]
    kind: str = "TD01"


def _party(role: str, vat: tuple[str, str] | None, name: str | None,
           person: tuple[str, str] | None = None, tax_code: str | None = None) -> str:  # fmt: skip
    vat_xml = (
        f"<IdFiscaleIVA><IdPaese>{vat[0]}</IdPaese><IdCodice>{vat[1]}</IdCodice></IdFiscaleIVA>"
        if vat
        else ""
    )
    code = f"<CodiceFiscale>{tax_code}</CodiceFiscale>" if tax_code else ""
    if person:
        who = f"<Nome>{escape(person[0])}</Nome><Cognome>{escape(person[1])}</Cognome>"
    else:
        who = f"<Denominazione>{escape(name or '')}</Denominazione>"
    regime = "<RegimeFiscale>RF01</RegimeFiscale>" if role == "CedentePrestatore" else ""
    return (
        f"<{role}><DatiAnagrafici>{vat_xml}{code}<Anagrafica>{who}</Anagrafica>{regime}"
        f"</DatiAnagrafici><Sede><Indirizzo>Via Roma 1</Indirizzo><CAP>20100</CAP>"
        f"<Comune>Milano</Comune><Nazione>IT</Nazione></Sede></{role}>"
    )


def _line(n: int, row: Row) -> str:
    article = (
        f"<CodiceArticolo><CodiceTipo>INTERNO</CodiceTipo><CodiceValore>{row.article}"
        f"</CodiceValore></CodiceArticolo>"
        if row.article
        else ""
    )
    quantity = f"<Quantita>{row.quantity}</Quantita>" if row.quantity else ""
    return (
        f"<DettaglioLinee><NumeroLinea>{n}</NumeroLinea>{article}"
        f"<Descrizione>{escape(row.description)}</Descrizione>{quantity}"
        f"<PrezzoUnitario>{row.amount}</PrezzoUnitario><PrezzoTotale>{row.amount}</PrezzoTotale>"
        f"<AliquotaIVA>22.00</AliquotaIVA></DettaglioLinee>"
    )


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:  # a deliberately broken amount: the summary does not matter
        return 0.0


def _body(body: Body) -> str:
    lines = "".join(_line(n, r) for n, r in enumerate(body.rows, 1))
    total = sum(_number(r.amount) for r in body.rows)
    return (
        "<FatturaElettronicaBody><DatiGenerali><DatiGeneraliDocumento>"
        f"<TipoDocumento>{body.kind}</TipoDocumento><Divisa>EUR</Divisa>"
        f"<Data>{body.date}</Data><Numero>{escape(body.number)}</Numero>"
        f"<ImportoTotaleDocumento>{total * 1.22:.2f}</ImportoTotaleDocumento>"
        "</DatiGeneraliDocumento></DatiGenerali>"
        f"<DatiBeniServizi>{lines}<DatiRiepilogo><AliquotaIVA>22.00</AliquotaIVA>"
        f"<ImponibileImporto>{total:.2f}</ImponibileImporto>"
        f"<Imposta>{total * 0.22:.2f}</Imposta></DatiRiepilogo></DatiBeniServizi>"
        "</FatturaElettronicaBody>"
    )


def invoice_xml(
    *bodies: Body,
    seller: tuple[str, str, str] = COMPANY,
    buyer: tuple[str, str, str] | None = ("IT", "11122233344", "Idraulica Rossi S.n.c."),
    private: tuple[str, str, str] | None = None,
    version: str = "FPR12",
    prefix: str = "p",
) -> bytes:
    """One FatturaPA document: ``private`` = (tax code, first name, last name) for a
    private buyer (no VAT number)."""
    addressee = "0000000" if version == "FPR12" else "UFABCD"
    header = (
        "<FatturaElettronicaHeader><DatiTrasmissione><IdTrasmittente><IdPaese>IT</IdPaese>"
        f"<IdCodice>{seller[1]}</IdCodice></IdTrasmittente><ProgressivoInvio>00001"
        f"</ProgressivoInvio><FormatoTrasmissione>{version}</FormatoTrasmissione>"
        f"<CodiceDestinatario>{addressee}</CodiceDestinatario></DatiTrasmissione>"
        + _party("CedentePrestatore", (seller[0], seller[1]), seller[2])
        + (
            _party("CessionarioCommittente", None, None, (private[1], private[2]), private[0])
            if private
            else _party("CessionarioCommittente", (buyer[0], buyer[1]), buyer[2])  # type: ignore[index]
        )
        + "</FatturaElettronicaHeader>"
    )
    tag = f"{prefix}:FatturaElettronica" if prefix else "FatturaElettronica"
    xmlns = f'xmlns:{prefix}="{NS}"' if prefix else f'xmlns="{NS}"'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{tag} versione="{version}" {xmlns} '
        'xmlns:ds="http://www.w3.org/2000/09/xmldsig#">'
        + header
        + "".join(_body(b) for b in bodies)
        + f"</{tag}>"
    ).encode("utf-8")


def simple(number: str, date: str, amount: str = "1000.00", **kwargs) -> bytes:  # type: ignore[no-untyped-def]
    kind = kwargs.pop("kind", "TD01")
    return invoice_xml(
        Body(number, date, (Row("Caldaia a condensazione", amount),), kind), **kwargs
    )


def sign(xml: bytes, *, base64_text: bool = False) -> bytes:
    """A CAdES-style attached signature (CMS SignedData holding ``xml``)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs7
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Firma di prova")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    der = (
        pkcs7.PKCS7SignatureBuilder().set_data(xml).add_signer(cert, key, hashes.SHA256())
        .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary])
    )  # fmt: skip
    if base64_text:
        encoded = base64.b64encode(der)
        return b"\r\n".join(encoded[i : i + 64] for i in range(0, len(encoded), 64)) + b"\r\n"
    return der


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


RECEIPT = (
    b'<?xml version="1.0" encoding="UTF-8"?><ns3:RicevutaConsegna '
    b'xmlns:ns3="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/messaggi/v1.0">'
    b"<IdentificativoSdI>123</IdentificativoSdI></ns3:RicevutaConsegna>"
)
