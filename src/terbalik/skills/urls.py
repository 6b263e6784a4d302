from django.urls import path

from . import views

app_name = "skills"

urlpatterns = [
    path("", views.skill_list, name="list"),
    path("add/", views.skill_add, name="add"),  # before the skill pages: "add" is no id
    path("<slug:skill_slug>/", views.skill_edit, name="edit"),
    path("<slug:skill_slug>/merge/", views.skill_merge, name="merge"),
]
