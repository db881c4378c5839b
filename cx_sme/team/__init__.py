"""The CX team's work: the action plan (assess, act, measure), the evidence beside each
touchpoint, and the monthly meeting with its minutes.
"""
