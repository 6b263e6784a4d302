"""Single sign-on URLs: the same paths as allauth's OpenID Connect provider, so the callback
URL registered at the identity provider is allauth's documented one, served by our views."""

from django.urls import path

from . import sso

urlpatterns = [
    path("oidc/<str:provider_id>/login/", sso.login_view, name="sso_login"),
    path("oidc/<str:provider_id>/login/callback/", sso.callback_view, name="sso_callback"),
]
