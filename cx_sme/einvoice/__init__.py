"""Italian e-invoices (FatturaPA): the company's own sales straight from the legal
documents, as the exchange system (SdI) and invoicing software hand them out.

* :mod:`cx_sme.einvoice.envelope` tells an invoice, a signed invoice (``.xml.p7m``,
  CAdES, DER or base64) and anything else apart by their bytes, and unwraps a signature;
* :mod:`cx_sme.einvoice.fatturapa` reads one FatturaPA document (FPR12 or FPA12, one or
  many bodies) into invoices and their lines;
* :mod:`cx_sme.einvoice.reader` reads an upload (one file or a .zip of many) into the
  table of sales rows the importer takes, with the files left out and why.
"""
