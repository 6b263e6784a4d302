from django.urls import path

from .views import hr, people
from .views import participant as p

app_name = "pairs"

urlpatterns = [
    path("", p.my_pairs, name="mine"),
    path("<int:pair_id>/", p.workspace, name="workspace"),
    path("<int:pair_id>/agreement/", p.agreement_edit, name="agreement"),
    path("<int:pair_id>/agreement/accept/", p.agreement_accept, name="agreement_accept"),
    path("<int:pair_id>/goals/new/", p.goal_new, name="goal_new"),
    path("<int:pair_id>/goals/share/", p.goals_share, name="goals_share"),
    path("<int:pair_id>/goals/<int:goal_id>/progress/", p.goal_progress, name="goal_progress"),
    path("<int:pair_id>/goals/<int:goal_id>/status/", p.goal_status, name="goal_status"),
    path("<int:pair_id>/goals/<int:goal_id>/undo/", p.goal_undo, name="goal_undo"),
    path("<int:pair_id>/goals/<int:goal_id>/milestones/", p.milestone_add, name="milestone_add"),
    path("<int:pair_id>/goals/<int:goal_id>/milestones/<int:milestone_id>/",
         p.milestone_toggle, name="milestone_toggle"),
    path("<int:pair_id>/notes/", p.note_add, name="note_add"),
    path("<int:pair_id>/meetings/new/", p.meeting_new, name="meeting_new"),
    path("<int:pair_id>/meetings/<int:meeting_id>/move/", p.meeting_reschedule,
         name="meeting_reschedule"),
    path("<int:pair_id>/meetings/<int:meeting_id>/cancel/", p.meeting_cancel,
         name="meeting_cancel"),
    path("<int:pair_id>/meetings/<int:meeting_id>/checkin/", p.checkin, name="checkin"),
    path("<int:pair_id>/meetings/<int:meeting_id>/calendar.ics", people.meeting_ics,
         name="meeting_ics"),
    path("<int:pair_id>/people/<str:side>/", people.profile, name="profile"),
    path("<int:pair_id>/people/<str:side>/photo/", people.photo, name="photo"),
    path("<int:pair_id>/continue/", p.continue_choice, name="continue"),
    path("training/<int:enrollment_id>/", p.training_module, name="training"),
    path("program/<int:program_id>/", hr.program_pairs, name="program_pairs"),
    path("program/<int:program_id>/launch/", hr.program_launch, name="program_launch"),
    path("hr/<int:pair_id>/", hr.pair_detail, name="hr_pair"),
    path("hr/<int:pair_id>/nudge/", hr.pair_nudge, name="hr_nudge"),
]
