"""Identity and access: OIDC token validation, the `Principal`, roles and scopes, and the one
visibility policy for non-public fields and rows. Empty until the identity issue lands;
until then every caller is anonymous and the API serves public catalog data only."""
