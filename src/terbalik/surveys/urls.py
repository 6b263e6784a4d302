from django.urls import path

from . import views, views_participant, views_plan, views_sending

app_name = "surveys"

urlpatterns = [
    # participants
    path("my/", views_participant.my_surveys, name="my"),
    path("my/<int:instance_id>/", views_participant.answer, name="answer"),
    path("my/<int:instance_id>/autosave/", views_participant.autosave, name="autosave"),
    # HR: dates of a sending the measurement plan scheduled
    path("plan/<int:link_id>/dates/", views_plan.plan_dates, name="plan_dates"),
    # HR builder
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("<int:survey_id>/", views.survey_detail, name="detail"),
    path("<int:survey_id>/edit/", views.survey_edit, name="edit"),
    path("<int:survey_id>/copy/", views.survey_copy, name="copy"),
    path("<int:survey_id>/preview/", views.survey_preview, name="preview"),
    path("<int:survey_id>/questions/add/", views.question_add, name="question_add"),
    path(
        "<int:survey_id>/questions/<int:question_id>/edit/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "<int:survey_id>/questions/<int:question_id>/up/",
        views.question_move,
        {"direction": "up"},
        name="question_up",
    ),
    path(
        "<int:survey_id>/questions/<int:question_id>/down/",
        views.question_move,
        {"direction": "down"},
        name="question_down",
    ),
    path(
        "<int:survey_id>/questions/<int:question_id>/remove/",
        views.question_remove,
        name="question_remove",
    ),
    # sendings
    path("<int:survey_id>/send/", views_sending.instance_create, name="instance_create"),
    path("sendings/<int:instance_id>/", views_sending.instance_detail, name="instance"),
    path(
        "sendings/<int:instance_id>/recipients/",
        views_sending.instance_recipients,
        name="recipients",
    ),
    path("sendings/<int:instance_id>/invite/", views_sending.instance_invite, name="invite"),
    path("sendings/<int:instance_id>/remind/", views_sending.instance_remind, name="remind"),
    path("sendings/<int:instance_id>/close/", views_sending.instance_close, name="close"),
    path("sendings/<int:instance_id>/target/", views_sending.instance_target, name="target"),
    # results
    path("results/", views_sending.results_list, name="results_list"),
    path("results/<int:instance_id>/", views_sending.results_detail, name="results"),
    path(
        "results/<int:instance_id>/export.csv",
        views_sending.results_export,
        {"fmt": "csv"},
        name="export_csv",
    ),
    path(
        "results/<int:instance_id>/export.xlsx",
        views_sending.results_export,
        {"fmt": "xlsx"},
        name="export_xlsx",
    ),
]
