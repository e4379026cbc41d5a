// RFC 7009 for the provider's JWT access tokens, which oidc-provider refuses to revoke ("structured
// tokens"): a valid access token of the asking client ends its whole sign-in (grant), the refresh
// token too (RFC 7009 §2.1 allows it), so that a renewal cannot hand out tokens that are refused.
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import type { JsonWebKey } from 'node:crypto';

export type EndGrant = (grantId: string) => Promise<void>;

/** Strips the private members of the provider's signing keys. */
function publicKeys(jwks: { keys: JsonWebKey[] }): JSONWebKeySet {
  return {
    keys: jwks.keys.map(
      ({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub }) =>
        pub as JSONWebKeySet['keys'][number],
    ),
  };
}

export function isJwt(token: string): boolean {
  try {
    return !!decodeProtectedHeader(token).alg;
  } catch {
    return false;
  }
}

export class AccessTokenRevocation {
  private readonly keys: ReturnType<typeof createLocalJWKSet>;

  constructor(
    jwks: { keys: JsonWebKey[] },
    private readonly issuer: string,
    private readonly audience: string,
    /** The one registered client (the console): other callers go to the provider, which refuses them. */
    readonly clientId: string,
    private readonly endGrant: EndGrant,
  ) {
    this.keys = createLocalJWKSet(publicKeys(jwks));
  }

  /**
   * Ends the token's sign-in if the token is one of ours, unexpired, issued to the client.
   * Anything else changes nothing (and, per RFC 7009, is not an error to the caller).
   */
  async revoke(token: string): Promise<boolean> {
    const clientId = this.clientId;
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['ES256'],
      });
      const grantId = payload['gid'];
      if (typeof grantId !== 'string' || payload['client_id'] !== clientId) return false;
      await this.endGrant(grantId);
      return true;
    } catch {
      return false;
    }
  }
}
