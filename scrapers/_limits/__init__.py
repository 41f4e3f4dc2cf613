"""Limits on what parsing one file may cost, and the checks made before the parse starts.

A hostile or broken file must fail by name (`ResourceLimitExceeded`) instead of taking the
process down. The checks here read only what a file declares about itself (zip member sizes,
a worksheet's `<dimension>`, a PDF's page count, the inflated size of its content streams),
so they cost a small fraction of the parse. What a file can hide from them (a lying
dimension, a slow page) is caught during the parse by `bounded_rows` (xlsx.py) and by the
child process limits (sandbox.py).
"""
