from django.urls import path

from . import views

app_name = "notify"

urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("program/<int:program_id>/chat/", views.program_channels, name="program_channels"),
    path("program/<int:program_id>/chat/test/", views.program_channels_test,
         name="program_channels_test"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
