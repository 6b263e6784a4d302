from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.generic import RedirectView

from . import views
from .forms import PasswordResetForm

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("admin/login/", views.admin_login_view, name="admin_login"),
    # allauth pages we do not offer: one password-reset door (ours: throttled, leavers get
    # nothing), and sign-in addresses come from the directory, not from the person.
    path(
        "accounts/password/reset/",
        RedirectView.as_view(pattern_name="accounts:password_reset", query_string=True),
        name="allauth_password_reset",
    ),
    path(
        "accounts/email/",
        RedirectView.as_view(pattern_name="accounts:profile"),
        name="allauth_email",
    ),
    path("language/", views.language_view, name="language"),
    path("account/", views.profile_view, name="profile"),
    path("account/contact/", views.contact_profile_view, name="contact_profile"),
    path("account/photo/", views.own_photo_view, name="own_photo"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=PasswordResetForm,  # words and sends its e-mail through notify
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
