"""English as Terbalik's users read it: day-month-year and a 24-hour clock (Django's own
English formats are American: "Nov. 3, 2026", "11/03/2026", "2:05 p.m.").

Indonesian keeps Django's formats, which are already day-month-year."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Typed dates are read ISO first (what date pickers send), then day first; never month first.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2026-11-03'
    "%d/%m/%Y",  # '03/11/2026'
    "%d/%m/%y",  # '03/11/26'
    "%d %b %Y",  # '3 Nov 2026'
    "%d %B %Y",  # '3 November 2026'
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
