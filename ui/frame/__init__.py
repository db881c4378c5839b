"""The frame around every page: session state, the sidebar, the access gate and the small
widgets every page family uses.
"""
