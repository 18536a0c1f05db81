"""Identity and access: OIDC token validation (through Authlib), the `Principal`, roles and scopes,
provisioning on a first valid token, the demo issuer, and the one visibility policy for non-public
fields and rows."""
