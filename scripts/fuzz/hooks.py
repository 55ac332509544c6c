"""schemathesis hooks of the API fuzz run (scripts/fuzz-api.ts loads them through SCHEMATHESIS_HOOKS).

A job upload (POST /aai/v15/bulk/jobs) may be NDJSON, one transaction per line, which the
description declares as `application/x-ndjson` with a string schema: schemathesis has no serializer
for that media type and would skip the operation's NDJSON body with an error, so the generated
string is sent as it is, as for text/plain.
"""

import schemathesis

schemathesis.serializer.alias("application/x-ndjson", "text/plain")
