"""Webhook subscriptions and their delivery logs (platform admins)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from terbalik.core.http import no_store
from terbalik.core.service_errors import flash_error, form_error

from . import access, selectors, services, signing
from .forms import SubscriptionForm
from .models import DeliveryState, Subscription

PAGE_SIZE = 25
# session key: the subscription whose secret the next page shows once
SHOW_SECRET = "webhooks_show_secret"  # noqa: S105


@access.admin_required
def subscription_list(request: HttpRequest) -> HttpResponse:
    return render(request, "webhooks/list.html",
                  {"subscriptions": list(selectors.subscriptions_for(request.user))})


def _saved(request: HttpRequest, form: SubscriptionForm,
           save: Callable[..., Subscription]) -> Subscription | None:
    """`save(**fields)` for a valid POST; None (the form shows why) otherwise."""
    if request.method != "POST" or not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return save(target_url=data["target_url"], events=data["events"],
                    program=data["program"], description=data["description"],
                    active=data["active"], by=request.user)
    except ValidationError as exc:
        form_error(form, exc)
        return None


@no_store
@access.admin_required
def subscription_create(request: HttpRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST or None, initial={"active": True})
    subscription = _saved(request, form, services.subscription_create)
    if subscription is not None:
        request.session[SHOW_SECRET] = subscription.pk
        messages.success(request, _("The subscription is saved. Copy its signing secret "
                                    "now: it is shown this once."))
        return redirect("webhooks:detail", subscription.pk)
    return render(request, "webhooks/form.html", {"form": form, "subscription": None})


@no_store
@access.admin_required
def subscription_edit(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = access.get_subscription(request.user, subscription_id)
    initial = {"target_url": subscription.target_url, "events": subscription.events,
               "program": subscription.program, "description": subscription.description,
               "active": subscription.active}
    form = SubscriptionForm(request.POST or None, initial=initial)
    if _saved(request, form, partial(services.subscription_update, subscription=subscription)):
        messages.success(request, _("The subscription is saved."))
        return redirect("webhooks:detail", subscription.pk)
    return render(request, "webhooks/form.html", {"form": form, "subscription": subscription})


@no_store
@access.admin_required
def subscription_detail(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = access.get_subscription(request.user, subscription_id)
    secret = ""
    if request.session.get(SHOW_SECRET) == subscription.pk:
        del request.session[SHOW_SECRET]
        secret = subscription.secret
    page = Paginator(selectors.deliveries_of(subscription), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "webhooks/detail.html", {
        "subscription": subscription, "page": page, "secret": secret,
        "failed": DeliveryState.FAILED, "tolerance_minutes": signing.TOLERANCE_SECONDS // 60,
    })


@access.admin_required
def subscription_delete(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = access.get_subscription(request.user, subscription_id)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        return render(request, "webhooks/delete.html", {"subscription": subscription})
    services.subscription_delete(subscription=subscription, by=request.user)
    messages.success(request, _("The subscription and its delivery log are deleted."))
    return redirect("webhooks:list")


@access.admin_required
def subscription_ping(request: HttpRequest, subscription_id: int) -> HttpResponse:
    """"Send test": a `ping` delivery, posted after the commit; the log shows its answer."""
    subscription = access.get_subscription(request.user, subscription_id)
    if request.method == "POST":
        services.ping(subscription=subscription, by=request.user)
        messages.success(request, _("A test event is on its way; its answer appears in the "
                                    "delivery log below."))
    return redirect("webhooks:detail", subscription.pk)


@access.admin_required
def secret_reveal(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = access.get_subscription(request.user, subscription_id)
    if request.method == "POST":
        services.secret_reveal(subscription=subscription, by=request.user)
        request.session[SHOW_SECRET] = subscription.pk
    return redirect("webhooks:detail", subscription.pk)


@access.admin_required
def delivery_retry(request: HttpRequest, subscription_id: int, delivery_id: int) -> HttpResponse:
    subscription = access.get_subscription(request.user, subscription_id)
    delivery = access.get_delivery(request.user, subscription, delivery_id)
    if request.method == "POST":
        try:
            services.delivery_retry(delivery=delivery, by=request.user)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("The delivery is being sent again."))
    return redirect("webhooks:detail", subscription.pk)
