# An uncaught exception: RE (exit code 1).
raise SystemExit(3)
