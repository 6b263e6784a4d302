"""Issue 13's security suite: one test per finding, and the permission matrix.

Here: production settings (no development secret, required hosts and SITE_URL, check
--deploy), headers (CSP, Permissions-Policy, no-store, cookies, HSTS), sponsor access (only
sponsored programs, k >= 5), .ics and e-mail subject escaping, absolute links from SITE_URL,
spreadsheet limits (compression bomb, wide header, rows, cells), and the permission matrix
generated from the URLconf.

Next to the sign-in code they test (they need its fixtures in tests/accounts/conftest.py):
- the admin door (HIGH: /admin/login/ without the throttle): tests/accounts/test_mfa_and_admin.py
- the throttle (MED: not atomic, per address only; LOW: no reset throttle):
  tests/accounts/test_throttle.py, with the 30-parallel-guesses test on PostgreSQL.
"""
