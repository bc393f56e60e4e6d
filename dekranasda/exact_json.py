"""Django's JSON serialisation with times kept to the microsecond, for backups.

Django's own encoder cuts times to milliseconds; a restore should bring back exactly
what was stored. Its deserialiser reads both.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import Deserializer, DjangoJSONEncoder

__all__ = ["Deserializer", "Serializer"]


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time) and o.microsecond:
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder
