from django.urls import path

from mentor.paths import authoring_views, submission_views, views

app_name = "paths"

urlpatterns = [
    path("", views.index, name="index"),
    # Work to hand in (work situation, experience feedback) and the tutors' queue: before
    # the path slugs, which would otherwise catch "a-valider".
    path("equivalences/<slug:slug>/", authoring_views.equivalences, name="equivalences"),
    path(
        "equivalences/<slug:slug>/<int:equivalence_id>/retirer/",
        authoring_views.equivalence_remove,
        name="equivalence_remove",
    ),
    path("a-valider/", submission_views.review_queue, name="review_queue"),
    path("travaux/<int:submission_id>/", submission_views.review, name="review"),
    path(
        "travaux/<int:submission_id>/livrable/",
        submission_views.submission_file,
        name="submission_file",
    ),
    path(
        "remettre/<int:enrolment_id>/<int:activity_id>/",
        submission_views.submission_send,
        name="submission_send",
    ),
    path("<slug:slug>/", views.path_detail, name="detail"),
    path("<slug:slug>/inscription/", views.enrol, name="enrol"),
    path(
        "<slug:slug>/modules/<int:module_id>/inscription/",
        views.module_enrol,
        name="module_enrol",
    ),
    # Tutors and admins of the path
    path("<slug:slug>/suivi/<int:session_id>/", views.follow_up, name="follow_up"),
    path(
        "<slug:slug>/suivi/<int:session_id>/acquis/",
        views.credit_decide,
        name="credit_decide",
    ),
    # Designers
    path("<slug:slug>/conception/", authoring_views.design, name="design"),
    path("<slug:slug>/conception/sections/", authoring_views.section_create, name="section_create"),
    path("<slug:slug>/conception/modules/", authoring_views.module_add, name="module_add"),
    path(
        "<slug:slug>/conception/modules/<int:module_id>/retirer/",
        authoring_views.module_remove,
        name="module_remove",
    ),
    path("<slug:slug>/conception/regle/", authoring_views.rule_set, name="rule_set"),
    path(
        "<slug:slug>/conception/positionnement/",
        authoring_views.placement_add,
        name="placement_add",
    ),
    path(
        "<slug:slug>/conception/positionnement/<int:rule_id>/retirer/",
        authoring_views.placement_remove,
        name="placement_remove",
    ),
]
