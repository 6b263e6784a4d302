import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

if os.environ.get("TERBALIK_STARTUP", "").strip():
    # the light start-up of `terbalik match` (settings.py) installs two apps: never a web site
    raise ImproperlyConfigured("TERBALIK_STARTUP is for `terbalik match` only; unset it.")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terbalik.settings")
application = get_wsgi_application()
