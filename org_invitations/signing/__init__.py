"""Request signatures of the vendors' SDKs (AWS SigV4, Huawei SDK-HMAC-SHA256), verified as they sign.

Pure functions over the request as received (method, original path, raw query, headers,
raw body): no HTTP framework, no storage. The caller looks the secret up by the access
key id the authorization names, and maps a refusal to its vendor's wire format.
"""
