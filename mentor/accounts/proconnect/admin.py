"""ProConnect is configured by environment and no token is stored: allauth's admin pages
for provider apps and tokens would only offer a second, unaudited way to configure it."""

from allauth.socialaccount.models import SocialApp, SocialToken
from django.contrib import admin

for _model in (SocialApp, SocialToken):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
