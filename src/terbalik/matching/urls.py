from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    # HR (owners of the program; platform admins see all)
    path("program/<int:program_id>/", views.program_page, name="program"),
    path("program/<int:program_id>/settings/", views.settings_edit, name="settings"),
    path("program/<int:program_id>/weights-preview/", views.weights_preview,
         name="weights_preview"),
    path("program/<int:program_id>/run/", views.run_new, name="run_start"),
    path("program/<int:program_id>/pairs/", views.pair_list, name="pairs"),
    path(
        "program/<int:program_id>/pairs/<int:pair_id>/dissolve/",
        views.pair_dissolve,
        name="dissolve",
    ),
    path(
        "program/<int:program_id>/pairs/<int:pair_id>/rematch/",
        views.pair_rematch,
        name="rematch_run",
    ),
    path(
        "program/<int:program_id>/requests/<int:request_id>/dismiss/",
        views.rematch_dismiss,
        name="rematch_dismiss",
    ),
    path("program/<int:program_id>/what-if/", views.simulate, name="simulate"),
    path("what-if/<int:simulation_id>/", views.simulation_page, name="simulation"),
    path("what-if/<int:simulation_id>/status/", views.simulation_status,
         name="simulation_status"),
    path("run/<int:run_id>/", views.run_page, name="run"),
    path("run/<int:run_id>/status/", views.run_status, name="run_status"),
    path("run/<int:run_id>/rows/<int:proposal_id>/", views.proposal_edit, name="proposal"),
    path("run/<int:run_id>/rows/<int:proposal_id>/lock/", views.proposal_lock, name="lock"),
    path("run/<int:run_id>/swap/", views.proposal_swap, name="swap"),
    path("run/<int:run_id>/rerun/", views.run_rerun, name="rerun"),
    path("run/<int:run_id>/publish/", views.run_publish, name="publish"),
    # participants
    path("mine/", views.my_list, name="my_list"),
    path("mine/<int:enrollment_id>/", views.mine, name="mine"),
    path("mine/<int:enrollment_id>/choose/", views.choose, name="choose"),
    path("mine/<int:enrollment_id>/refresh/", views.refresh, name="refresh"),
    path("request/<int:request_id>/<str:answer>/", views.answer, name="answer"),
    path("pair/<int:pair_id>/rematch/", views.rematch_ask, name="rematch_ask"),
]
