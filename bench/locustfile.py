"""Locust users for bench/bench_load.py (run by it; the data comes from BENCH_LOAD_DATA).

Participants open home, their pairs, their pair (meetings and goals), and confirm a held
meeting; HR opens home, the reports overview and dashboard, and the pair list. Sign-in users
open the sign-in page and sign in with a password once each.

The users are FastHttpUsers (geventhttpclient): Locust runs on the same two cores as the
server, and the requests-based HttpUser cost several times more CPU per request, which the
server then did not have.
"""

from __future__ import annotations

import json
import os
import random
import re
from http.cookiejar import Cookie
from urllib.parse import urlencode, urlsplit

from locust import FastHttpUser, between, constant, constant_throughput, task

DATA = json.loads(open(os.environ["BENCH_LOAD_DATA"]).read())  # noqa: SIM115, PTH123
WAIT = os.environ.get("BENCH_WAIT", "10-30")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SIGNIN = list(DATA["signin"])


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def set_cookie(user: FastHttpUser, name: str, value: str) -> None:
    """Put a session cookie in the user's jar (as a sign-in would have left it)."""
    host = urlsplit(user.host).hostname or "127.0.0.1"
    user.client.cookiejar.set_cookie(Cookie(
        0, name, value, None, False, host, False, False, "/", True, False, None, False,
        None, None, {}))


def wait_time():  # noqa: ANN201 - locust's wait_time protocol
    """BENCH_WAIT: "10-30" waits 10 to 30 s between actions, "0" none, "pace:2.5" paces each
    user at 2.5 actions a second (an offered load that does not grow with the server's speed,
    so the latency is measured at that load, not set by how many users wait in line)."""
    if WAIT.startswith("pace:"):
        return constant_throughput(float(WAIT.removeprefix("pace:")))
    low, _dash, high = WAIT.partition("-")
    return constant(0) if float(low) == 0 else between(float(low), float(high or low))


class Participant(FastHttpUser):
    weight = int(os.environ.get("BENCH_PARTICIPANT_WEIGHT", "9"))
    wait_time = wait_time()

    def on_start(self) -> None:
        self.me = random.choice(DATA["participants"])  # noqa: S311 - load mix, not security
        set_cookie(self, DATA["cookie_name"], self.me["session"])

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="participant home")

    @task(2)
    def my_pairs(self) -> None:
        self.client.get("/pairs/", name="my pairs")

    @task(4)
    def pair_page(self) -> None:
        self.client.get(f"/pairs/{self.me['pair']}/", name="pair page (meetings, goals)")

    @task(1)
    def confirm_meeting(self) -> None:
        url = f"/pairs/{self.me['pair']}/meetings/{self.me['meeting']}/checkin/"
        form = self.client.get(url, name="check-in form")
        token = CSRF.search(form.text or "")
        if token:
            self.client.post(url, name="check-in post", allow_redirects=False, headers={
                **FORM, "Referer": self.host + url}, data=urlencode({
                "csrfmiddlewaretoken": token.group(1), "answer": "held", "rating": "4"}))


class HR(FastHttpUser):
    weight = int(os.environ.get("BENCH_HR_WEIGHT", "1"))
    wait_time = wait_time()

    def on_start(self) -> None:
        set_cookie(self, DATA["cookie_name"], DATA["hr_session"])

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="HR home")

    @task(1)
    def dashboard(self) -> None:
        self.client.get(f"/reports/programs/{DATA['program']}/", name="HR dashboard")

    @task(2)
    def pair_list(self) -> None:
        self.client.get(f"/pairs/program/{DATA['program']}/", name="HR pair list")


class SignIn(FastHttpUser):
    """One password sign-in per user; `-u` of them arrive over the run. After signing in a user
    stays (idle) instead of stopping: Locust keeps the number of users it was asked for, so a
    user that stopped would be replaced at once and the arrivals would come as a burst (they
    did: the 1,000 sign-ins of a 5-minute wave came in under a minute)."""

    weight = int(os.environ.get("BENCH_SIGNIN_WEIGHT", "0"))

    def on_start(self) -> None:
        self.signed_in = False

    def wait_time(self) -> float:  # locust's wait_time protocol
        return 3600.0 if self.signed_in else 0.0

    @task
    def sign_in(self) -> None:
        if self.signed_in or not SIGNIN:
            self.signed_in = True
            return
        self.signed_in = True
        email = SIGNIN.pop()
        form = self.client.get("/login/", name="sign-in page")
        token = CSRF.search(form.text or "")
        with self.client.post("/login/", name="sign-in post", allow_redirects=False,
                              catch_response=True, headers={
                                  **FORM, "Referer": self.host + "/login/"}, data=urlencode({
                "csrfmiddlewaretoken": token.group(1) if token else "", "login": email,
                "password": DATA["password"]})) as response:
            if response.status_code != 302:
                response.failure(f"sign-in not accepted: {response.status_code}")
