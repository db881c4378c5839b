"""Many companies in one installation: which companies there are, and where each one's
store is (see :mod:`cx_sme.tenancy.companies`)."""
