import pytest

from ..pairs.conftest import (  # noqa: F401
    _english,
    _locmem_mail,
    _notify_now,
    _send_mail_now,
    apply_as,
    make_pair,
    make_person,
    make_program,
    pair,
    program,
)


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    """Pages are asserted in English; the catalogue would otherwise serve Indonesian."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


SLACK_TOKEN = "xoxb-test-" + "s3cret" * 3  # noqa: S105 - a test value the logs must not show
WHATSAPP_TOKEN = "EAAG-test-" + "t0ken" * 3  # noqa: S105


@pytest.fixture
def provider():
    """Slack, Teams and WhatsApp stand-in on loopback (tests/notify/chatserver.py)."""
    from .chatserver import start

    server, found = start()
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture
def chat_on(settings, provider):
    """Every chat channel configured and pointed at the loopback provider."""
    settings.SLACK_BOT_TOKEN = SLACK_TOKEN
    settings.SLACK_API_URL = f"{provider.url}/api/"
    settings.TEAMS_WEBHOOK_HOSTS = ["127.0.0.1"]
    settings.WHATSAPP_ACCESS_TOKEN = WHATSAPP_TOKEN
    settings.WHATSAPP_PHONE_NUMBER_ID = "1098765"
    settings.WHATSAPP_TEMPLATE_NAME = "terbalik_update"
    settings.WHATSAPP_TEMPLATE_LANGUAGES = {"en": "en", "id": "id"}
    settings.WHATSAPP_API_URL = f"{provider.url}/v21.0"
    return provider


@pytest.fixture
def chat_off(settings):
    settings.SLACK_BOT_TOKEN = ""
    settings.TEAMS_WEBHOOK_HOSTS = []
    settings.WHATSAPP_ACCESS_TOKEN = ""
    settings.WHATSAPP_PHONE_NUMBER_ID = ""
    settings.WHATSAPP_TEMPLATE_NAME = ""


@pytest.fixture
def worker_mode(settings):
    """Send through the task queue (as production does) instead of right after the commit."""
    settings.NOTIFY_SEND = "worker"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()
