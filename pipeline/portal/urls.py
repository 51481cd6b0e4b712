"""The portal's addresses."""

from django.contrib import admin
from django.urls import path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

from pipeline.portal import api, language, staff_api, staff_reminders, staff_views, twofactor, update_views, views
from pipeline.portal.settings import STATIC_ROOT

urlpatterns = [
    path("", views.index),
    path("lenke/<str:code>/", views.link),
    path("logg-ut/", views.log_out),
    path("tiltak/", views.tiltak_list),
    path("tiltak/last-opp/", views.upload),
    path("tiltak/<int:pk>/", views.tiltak_detail),
    path("tiltak/<int:pk>/last-opp/", views.upload),
    path("tiltak/<int:pk>/forhandsutfylt/", views.download_prefilled),
    path("innsending/<int:pk>/fil/", views.download_version),
    path("innsending/<int:pk>/tilbakemelding/", views.download_feedback),
    path("mal/", views.download_template),
    path("malform/", language.switch),
    path("api/v1/tiltak", api.tiltak_list),
    path("api/v1/innsendinger", api.submit),
    path("runde/", staff_views.overview),
    path("runde/tabell/", staff_views.overview_table),
    path("runde/logg-inn/", twofactor.StaffLoginWithCode.as_view()),
    path("runde/totrinn/", twofactor.code),
    path("runde/totrinn/ny/", twofactor.enrol),
    path("runde/totrinn/av/", twofactor.turn_off),
    path("runde/logg-ut/", staff_views.staff_logout),
    path("runde/tiltak/<int:pk>/", staff_views.submission),
    path("runde/tiltak/<int:pk>/send-tilbake/", staff_views.send_back),
    path("runde/tiltak/<int:pk>/godkjenn/", staff_views.approve),
    path("runde/innsending/<int:pk>/fil/", staff_views.download_version),
    path("runde/innsending/<int:pk>/tilbakemelding/", staff_views.download_feedback),
    path("runde/vedlegg2/", staff_views.make_vedlegg2),
    path("runde/oppdater/", update_views.update_page),
    path("runde/jobber/<int:pk>/", staff_views.job),
    path("runde/jobber/<int:pk>/<str:kind>/", staff_views.job_file),
    path("runde/logg/", staff_views.log_page),
    path("runde/purring/", staff_reminders.preview),
    path("runde/purring/send/", staff_reminders.send),
    path("api/v1/runde", staff_api.round_state),
    path("api/v1/runde/vedlegg2", staff_api.order_vedlegg2),
    path("api/v1/runde/oppdater", update_views.update_api),
    path("api/v1/jobber/<int:pk>", staff_api.job_state),
    path("api/v1/jobber/<int:pk>/<str:kind>", staff_api.job_file),
    path("api/v1/logg.csv", staff_api.log_csv),
    # the admin's own login would skip the second factor: it goes through the secretariat's login
    path("sekretariat/login/", RedirectView.as_view(url="/runde/logg-inn/?next=/sekretariat/")),
    path("sekretariat/", admin.site.urls),
    re_path(r"^static/(?P<path>.*)$", serve, {"document_root": STATIC_ROOT}),
]

handler400 = "pipeline.portal.errors.bad_request"
handler403 = "pipeline.portal.errors.permission_denied"
handler404 = "pipeline.portal.errors.not_found"
handler500 = "pipeline.portal.errors.server_error"
