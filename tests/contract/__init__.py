from hypothesis import HealthCheck, settings

# On a loaded machine schemathesis generates inputs slowly; how fast is not what these tests test.
UNDER_LOAD = settings(suppress_health_check=[HealthCheck.too_slow])
