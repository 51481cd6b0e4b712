"""The portal's addresses."""

from django.contrib import admin
from django.urls import path, re_path
from django.views.static import serve

from pipeline.portal import api, views
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
    path("api/v1/tiltak", api.tiltak_list),
    path("api/v1/innsendinger", api.submit),
    path("sekretariat/", admin.site.urls),
    re_path(r"^static/(?P<path>.*)$", serve, {"document_root": STATIC_ROOT}),
]

handler400 = "pipeline.portal.errors.bad_request"
handler403 = "pipeline.portal.errors.permission_denied"
handler404 = "pipeline.portal.errors.not_found"
handler500 = "pipeline.portal.errors.server_error"
