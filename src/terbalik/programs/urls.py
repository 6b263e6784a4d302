from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    # HR (owners of the program; platform admins see all)
    path("manage/", views.program_list, name="list"),
    path("manage/new/", views.program_new, name="new"),
    # HR renames or merges a department/location (programs' eligibility lists follow)
    path("lists/<str:kind>/<int:record_id>/", views.record_edit, name="record_edit"),
    path("manage/<int:program_id>/", views.program_overview, name="overview"),
    path("manage/<int:program_id>/goal/", views.edit_goal, name="edit_goal"),
    path("manage/<int:program_id>/design/", views.edit_design, name="edit_design"),
    path("manage/<int:program_id>/plan/", views.edit_plan, name="edit_plan"),
    path("manage/<int:program_id>/status/", views.transition, name="transition"),
    path("manage/<int:program_id>/closing/", views.closing_summary, name="closing_summary"),
    path("manage/<int:program_id>/enrollments/", views.enrollment_list, name="enrollments"),
    path(
        "manage/<int:program_id>/enrollments/<int:enrollment_id>/<str:action>/",
        views.enrollment_decide,
        name="decide",
    ),
    path("manage/<int:program_id>/invite/", views.invite, name="invite"),
    path("manage/<int:program_id>/enrol/", views.enrol_direct, name="enrol_direct"),
    path(
        "manage/<int:program_id>/invitations/<int:invitation_id>/cancel/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path(
        "manage/<int:program_id>/invitations/<int:invitation_id>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path("manage/<int:program_id>/promote/", views.promote, name="promote"),
    path("manage/<int:program_id>/qr.svg", views.qr_download, name="qr"),
    # employees
    path("", views.browse, name="browse"),
    path("<int:program_id>/", views.public, name="public"),
    path("<int:program_id>/apply/", views.apply, name="apply"),
    path("mine/<int:enrollment_id>/", views.my_enrollment, name="my_enrollment"),
    path("mine/<int:enrollment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("manager/<str:token>/", views.manager_decision, name="manager_decision"),
]
