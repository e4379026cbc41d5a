// oidc-provider's configuration: one public client (the console), code + PKCE, rotated refresh
// tokens, revocation, RP-initiated logout, and short-lived JWT access tokens for the API resource.
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { DataSource } from 'typeorm';
import { IdentityConfig } from '../config/identity.config';
import { ProviderSecrets } from '../keys/signing-keys';
import { languageOf } from '../login/language-of';
import { errorPage, logoutPage, signedOutPage } from '../login/pages';
import type { RevokedGrants } from '../revocation/revoked-grants';
import { pgAdapter } from '../store/pg-adapter';
import { UserDirectory } from '../users/user-directory';

/** The scope of the API resource; the console asks for it beside the OpenID scopes. */
export const API_SCOPE = 'api';
export const CONSOLE_SCOPES = ['openid', 'profile', 'offline_access', API_SCOPE];

export function publicOrigin(issuer: string): string {
  return new URL(issuer).origin;
}

export function providerConfiguration(
  config: IdentityConfig,
  db: DataSource,
  users: UserDirectory,
  secrets: ProviderSecrets,
  invalidTarget: () => Error,
  revoked?: RevokedGrants,
): Configuration {
  const origin = publicOrigin(config.IDENTITY_ISSUER);
  const audience = config.IDENTITY_AUDIENCE;
  return {
    adapter: pgAdapter(db, revoked),
    clients: [
      {
        client_id: config.OIDC_CLIENT_ID,
        client_name: 'AidFlow console',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${origin}/auth/callback`],
        post_logout_redirect_uris: [`${origin}/signed-out`, `${origin}/`],
      },
    ],
    jwks: secrets.jwks,
    cookies: { keys: secrets.cookieKeys },
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['name', 'roles', 'orgCode'] },
    scopes: ['openid', 'offline_access', 'profile'],
    responseTypes: ['code'],
    async findAccount(_ctx, sub) {
      const user = await users.bySub(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () =>
          Promise.resolve({ sub, name: user.name, roles: user.roles, orgCode: user.orgCode }),
      };
    },
    // The services read these from the access token (libs/auth userFromClaims); `gid` names the
    // sign-in (grant), so that its revocation reaches tokens already issued (revocation/).
    async extraTokenClaims(_ctx, token) {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const user = await users.bySub(token.accountId);
      const grantId = (token as { grantId?: string }).grantId;
      return user
        ? {
            name: user.name,
            roles: user.roles,
            orgCode: user.orgCode,
            ...(grantId ? { gid: grantId } : {}),
          }
        : undefined;
    },
    // The console is our own client: the user is not asked to consent to it.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session, provider } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) {
        const existing = await provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile offline_access');
      grant.addOIDCClaims(['name', 'roles', 'orgCode']);
      grant.addResourceScope(audience, API_SCOPE);
      await grant.save();
      return grant;
    },
    issueRefreshToken: (_ctx, client) => Promise.resolve(client.grantTypeAllowed('refresh_token')),
    // Every use of a refresh token returns a new one; a reused old one revokes the whole grant.
    rotateRefreshToken: true,
    ttl: {
      AccessToken: config.ACCESS_TOKEN_TTL_S,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      RefreshToken: config.REFRESH_TOKEN_TTL_S,
      Session: config.REFRESH_TOKEN_TTL_S,
      Grant: config.REFRESH_TOKEN_TTL_S,
    },
    interactions: { url: (_ctx, interaction) => `/oidc/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx: KoaContextWithOIDC, form: string) {
          ctx.type = 'html';
          ctx.body = logoutPage(languageOf(ctx.req), form);
          return Promise.resolve();
        },
        postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          ctx.type = 'html';
          ctx.body = signedOutPage(languageOf(ctx.req));
          return Promise.resolve();
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => Promise.resolve(audience),
        useGrantedResource: () => Promise.resolve(true),
        getResourceServerInfo(_ctx: unknown, indicator: string) {
          if (indicator !== audience) throw invalidTarget();
          return Promise.resolve({
            scope: API_SCOPE,
            audience,
            accessTokenTTL: config.ACCESS_TOKEN_TTL_S,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          });
        },
      },
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage(languageOf(ctx.req), String(out.error));
      return Promise.resolve();
    },
  };
}
