// A real OpenID Connect provider (npm `oidc-provider`) configured like ProConnect, for tests.
//
// Started by the `proconnect_provider` pytest fixture (tests/conftest.py) and by
// `make run-proconnect` for the demo; never used in production. It listens on 127.0.0.1 on
// PROCONNECT_PORT (default: a free port) and prints one JSON line
// {"issuer": "http://127.0.0.1:PORT"} once it accepts connections.
//
// What it shares with ProConnect: discovery, authorization code flow with
// client_secret_post, RS256-signed id_token, userinfo returned as a signed JWT
// (application/jwt), the ProConnect claims (given_name, usual_name, email, uid, siret,
// idp_id), acr requested through the `claims` parameter, RP-initiated logout with
// id_token_hint / state / post_logout_redirect_uri, authorization codes valid 30 s.
//
// Accounts live in the JSON file named by PROCONNECT_ACCOUNTS (re-read on every lookup, so
// a test changes an account by rewriting the file): {"login": {"sub": ..., "email": ...,
// "acr": "eidas1", "tamper_userinfo": ..., "tamper_id_token": ..., ...claims}}.
// Test-only knobs, so the relying party's own checks are what the tests exercise:
// - the acr of a login is whatever the account says (the acr policy checks are removed);
// - `tamper_userinfo` replaces the signed userinfo by one signed with another key, or by
//   an unsigned JWT; `tamper_id_token` does the same to the id_token ("forged",
//   "unsigned"), or signs it with the provider's own key but another nonce ("nonce").
import { createPrivateKey, createSign, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

import Provider, { interactionPolicy } from 'oidc-provider';

const accountsFile = process.env.PROCONNECT_ACCOUNTS;
const clientId = process.env.PROCONNECT_CLIENT_ID || 'mentor';
const clientSecret = process.env.PROCONNECT_CLIENT_SECRET || 'mentor-test-secret';

function accounts() {
  return JSON.parse(readFileSync(accountsFile, 'utf8'));
}

function accountBySub(sub) {
  return Object.values(accounts()).find((a) => a.sub === sub);
}

function rsaJwk(kid) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

const signingKey = rsaJwk('proconnect-test-key');
// Same kid, different key: what a forger would present.
const { privateKey: forgerKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const b64url = (value) => Buffer.from(value).toString('base64url');

const providerKey = createPrivateKey({ key: signingKey, format: 'jwk' });

// mode: 'unsigned' (alg none), 'forged' (signed with another key under the provider's kid),
// 'resigned' (signed with the provider's own key: a genuine signature on altered claims).
function forgedJwt(payload, mode) {
  if (mode === 'unsigned') {
    return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.`;
  }
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: signingKey.kid }));
  const body = b64url(JSON.stringify(payload));
  const key = mode === 'resigned' ? providerKey : forgerKey;
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${signature.toString('base64url')}`;
}

const jwtPayload = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url'));

const CLAIMS = ['given_name', 'usual_name', 'email', 'uid', 'siret', 'idp_id'];

const policy = interactionPolicy.base();
policy.get('login').checks.remove('essential_acrs');
policy.get('login').checks.remove('essential_acr');

const server = http.createServer();
server.listen(Number(process.env.PROCONNECT_PORT || 0), '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [
          'http://127.0.0.1/compte/proconnect/retour/',
          'http://localhost/compte/proconnect/retour/',
        ],
        post_logout_redirect_uris: [
          'http://127.0.0.1/compte/proconnect/deconnexion/retour/',
          'http://localhost/compte/proconnect/deconnexion/retour/',
        ],
        token_endpoint_auth_method: 'client_secret_post',
        id_token_signed_response_alg: 'RS256',
        userinfo_signed_response_alg: 'RS256',
      },
    ],
    jwks: { keys: [signingKey] },
    scopes: ['openid', ...CLAIMS],
    claims: Object.fromEntries([['openid', ['sub']], ...CLAIMS.map((c) => [c, [c]])]),
    acrValues: ['eidas1', 'eidas2', 'eidas3'],
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // ProConnect signs out without asking: submit the provider's own form at once.
        logoutSource(ctx, form) {
          ctx.body = `<!DOCTYPE html><html lang="fr"><head><title>Déconnexion</title></head><body>
${form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>')}
<p>Déconnexion…</p><script>document.forms[0].submit()</script></body></html>`;
        },
      },
    },
    interactions: { policy, url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    // ProConnect asks no consent from agents: grant what the client requested.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
      await grant.save();
      return grant;
    },
    async findAccount(ctx, id) {
      const account = accountBySub(id);
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          const claims = { sub: account.sub };
          for (const name of CLAIMS) {
            if (account[name] !== undefined && account[name] !== null) claims[name] = account[name];
          }
          return claims;
        },
      };
    },
    // 30 s like ProConnect, unless the account sets `code_ttl` (seconds): the expired-code
    // test gives itself a 1 s code instead of waiting 30 s.
    ttl: {
      AuthorizationCode: (ctx, code) => accountBySub(code.accountId)?.code_ttl || 30,
      AccessToken: 60, IdToken: 60, Interaction: 600, Session: 3600, Grant: 3600,
    },
    pkce: { required: () => false },
    cookies: { keys: ['proconnect-test-cookie-key'] },
  });
  provider.proxy = false;

  // The test server's port is random: accept Mentor's return paths on any loopback port
  // (oidc-provider does so only for native clients).
  const onLoopback = (uri, path) => {
    const url = URL.parse(uri);
    return Boolean(url) && url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname)
      && url.pathname === path && !url.search && !url.hash;
  };
  provider.Client.prototype.redirectUriAllowed = (uri) => onLoopback(uri, '/compte/proconnect/retour/');
  provider.Client.prototype.postLogoutRedirectUriAllowed = (uri) => onLoopback(uri, '/compte/proconnect/deconnexion/retour/');

  // The sign-in page: a login field (the account's key in the accounts file) and a button.
  provider.use(async (ctx, next) => {
    const match = ctx.path.match(/^\/interaction\/([\w-]+)$/);
    if (!match) {
      await next();
      if (ctx.path === '/me' && ctx.status === 200 && typeof ctx.body === 'string') {
        const payload = jwtPayload(ctx.body);
        const mode = accountBySub(payload.sub)?.tamper_userinfo;
        if (mode) ctx.body = forgedJwt(payload, mode);
      }
      if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token) {
        const payload = jwtPayload(ctx.body.id_token);
        const mode = accountBySub(payload.sub)?.tamper_id_token;
        if (mode === 'nonce') {
          ctx.body = { ...ctx.body, id_token: forgedJwt({ ...payload, nonce: 'x'.repeat(43) }, 'resigned') };
        } else if (mode) {
          ctx.body = { ...ctx.body, id_token: forgedJwt(payload, mode) };
        }
      }
      return;
    }
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (ctx.method === 'GET') {
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html><html lang="fr"><head><title>Fournisseur d'identité de test</title></head>
<body><main><h1>Fournisseur d'identité de test</h1>
<form method="post" action="/interaction/${details.uid}">
<label for="login">Identifiant</label><input id="login" name="login" autofocus>
<p>Identifiants connus : ${Object.keys(accounts()).map(escapeHtml).join(', ')}</p>
<button type="submit">Se connecter</button></form></main></body></html>`;
      return;
    }
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    const login = new URLSearchParams(Buffer.concat(chunks).toString()).get('login');
    const account = accounts()[login];
    if (!account) {
      ctx.status = 400;
      ctx.body = 'unknown account';
      return;
    }
    await provider.interactionFinished(
      ctx.req,
      ctx.res,
      { login: { accountId: account.sub, acr: account.acr || 'eidas1' } },
      { mergeWithLastSubmission: false },
    );
  });

  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
