"""Texts of Django and django-allauth that people read in Terbalik, listed here so that
`make messages` copies them into our catalogue and our Indonesian (docs/glossary.md:
"kata sandi", "Anda") replaces the packages' own, which mix "sandi anda" and "kata sandi".

Our catalogue (LOCALE_PATHS) is searched before the packages' catalogues, so an entry here
overrides theirs. Nothing imports this module; the msgids must match the packages' exactly.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

STOCK_TEXTS = [
    # django.contrib.auth.password_validation
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "count",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    # django.contrib.auth.forms (the password reset form)
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    # django-allauth
    gettext_noop("The email address and/or password you specified are not correct."),
]
