// A real OIDC provider for the tests: client-credentials grants issue JWT access tokens
// for the API's audience, carrying each client's claims (roles, organisation, region...).
// Started by tests/identity_provider.py with:
//   PORT         loopback port to listen on
//   JWKS_FILE    private signing keys ({"keys": [...]}, first key signs)
//   CLIENTS_FILE [{"client_id", "client_secret", "claims": {...}}]
//   AUDIENCE     the `aud` of access tokens
//   OPAQUE_CLIENTS  comma-separated clients that get opaque tokens (for introspection)
import fs from 'node:fs';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const jwks = JSON.parse(fs.readFileSync(process.env.JWKS_FILE, 'utf8'));
const clients = JSON.parse(fs.readFileSync(process.env.CLIENTS_FILE, 'utf8'));
const claimsByClient = Object.fromEntries(clients.map((client) => [client.client_id, client.claims]));
const opaqueClients = new Set((process.env.OPAQUE_CLIENTS ?? '').split(',').filter(Boolean));

const provider = new Provider(issuer, {
  jwks,
  clients: clients.map((client) => ({
    client_id: client.client_id,
    client_secret: client.client_secret,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    scope: 'openid results:read',
  })),
  scopes: ['openid', 'results:read'],
  features: {
    clientCredentials: { enabled: true },
    introspection: { enabled: true, allowedPolicy: () => true },
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => process.env.AUDIENCE,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resource, client) => ({
        scope: 'results:read',
        audience: process.env.AUDIENCE,
        accessTokenTTL: 600,
        accessTokenFormat: opaqueClients.has(client.clientId) ? 'opaque' : 'jwt',
        jwt: { sign: { alg: jwks.keys[0].alg } },
      }),
    },
  },
  extraTokenClaims: (ctx, token) => claimsByClient[token.clientId] ?? {},
});

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
