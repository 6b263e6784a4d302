"""A real OpenID Connect provider (django-oauth-toolkit) that the SSO tests run as a second
process on loopback. Test-only; never installed or imported by Terbalik itself."""
