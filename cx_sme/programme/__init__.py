"""The CX programme: governance (a lead or a cross-functional team), the six areas of the
plan and their maturity, the five traps, the people-engagement plan, the newsletter
draft and the business case.
"""
