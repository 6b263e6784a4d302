from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.subscription_list, name="list"),
    path("new/", views.subscription_create, name="create"),
    path("<int:subscription_id>/", views.subscription_detail, name="detail"),
    path("<int:subscription_id>/edit/", views.subscription_edit, name="edit"),
    path("<int:subscription_id>/delete/", views.subscription_delete, name="delete"),
    path("<int:subscription_id>/test/", views.subscription_ping, name="ping"),
    path("<int:subscription_id>/secret/", views.secret_reveal, name="secret"),
    path("<int:subscription_id>/deliveries/<int:delivery_id>/retry/", views.delivery_retry,
         name="retry"),
]
