from django.urls import path

from . import erasure_views, views

app_name = "privacy"

urlpatterns = [
    path("", views.notice_view, name="notice"),
    path("accept/", views.accept_view, name="accept"),
    path("mine/", views.mine_view, name="mine"),
    path("mine/data.json", views.export_json_view, name="export_json"),
    path("mine/data.pdf", views.export_pdf_view, name="export_pdf"),
    path("mine/optional/", views.optional_view, name="optional"),
    path("mine/withdraw/", views.withdraw_view, name="withdraw"),
    path("mine/interests/", views.interests_view, name="interests"),
    path("mine/correction/", views.correction_new_view, name="correction_new"),
    path("corrections/", views.corrections_view, name="corrections"),
    path("corrections/<int:request_id>/", views.correction_decide_view, name="correction_decide"),
    # erasure (issue 20 part 4)
    path("erase/", erasure_views.erase_own_view, name="erase_own"),
    path("erasures/", erasure_views.erasure_list_view, name="erasure_list"),
    path("erasures/record/", erasure_views.erasure_record_view, name="erasure_record"),
    path("erasures/<int:erasure_id>/", erasure_views.erasure_detail_view,
         name="erasure_detail"),
]
