from django.urls import path

from . import erasure_views

app_name = "privacy"

urlpatterns: list = [
    # erasure (issue 20 part 4)
    path("erase/", erasure_views.erase_own_view, name="erase_own"),
    path("erasures/", erasure_views.erasure_list_view, name="erasure_list"),
    path("erasures/record/", erasure_views.erasure_record_view, name="erasure_record"),
    path("erasures/<int:erasure_id>/", erasure_views.erasure_detail_view,
         name="erasure_detail"),
]
