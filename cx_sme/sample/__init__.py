"""The sample company, Termoidraulica Lambro S.r.l.: its deterministic generator, its
words, the three files in the shapes real users have, and the loader that imports them.
"""
