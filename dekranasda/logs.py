"""Log records as one JSON object per line, for Django and gunicorn alike.

Log collectors (journald, Docker, Loki, CloudWatch) read a line each; fields they can
filter on beat a sentence to parse. gunicorn's access records become request fields
(method, path, status, duration) instead of a combined-log line.
"""

import json
import logging
from datetime import datetime, timezone

# gunicorn's access-log atoms worth a field, and the name each gets.
ACCESS_FIELDS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "f": "referer",
    "a": "user_agent",
    "{x-request-id}i": "request_id",
    "{x-forwarded-for}i": "forwarded_for",
    "{x-cache}o": "cache",
}
# Attributes every LogRecord has; anything else was passed in `extra` and is kept.
STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    """Format a record as a JSON line: time, level, logger, message and any extras."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=timezone.utc).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry["message"] = "request"
            for atom, name in ACCESS_FIELDS.items():
                value = record.args.get(atom)
                if value not in (None, "", "-"):
                    entry[name] = value
            if "status" in entry:
                entry["status"] = int(entry["status"])
        else:
            entry["message"] = record.getMessage()
            for key, value in vars(record).items():
                if key not in STANDARD_ATTRIBUTES and not key.startswith("_"):
                    entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
