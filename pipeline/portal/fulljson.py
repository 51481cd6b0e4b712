"""Django's JSON serializer with times to the microsecond, for ``portal sikkerhetskopi --som-json``.

Django's own JSON encoder cuts times to milliseconds; a restored portal would then show other upload times
(and could order versions uploaded in the same millisecond differently). Registered as the format
``portaljson``; the file it writes is plain Django JSON, read back by ``loaddata``.
"""

from __future__ import annotations

import datetime

from django.core.serializers import json as django_json


class Encoder(django_json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = Encoder


Deserializer = django_json.Deserializer
