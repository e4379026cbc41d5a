import {
  HttpException,
  Inject,
  Injectable,
  Logger,
  Optional,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  JWTPayload,
  jwtVerify,
  JWTVerifyGetKey,
  JWTVerifyOptions,
} from 'jose';
import { AUTH_SETTINGS, AuthSettings } from '../auth.settings';
import { AuthUser, isRole, Role } from '../roles';
import { RevocationList } from './revocation-list';

const HMAC_ALGORITHMS = ['HS256'];
const IDP_ALGORITHMS = ['RS256', 'ES256'];

/**
 * Verifies bearer tokens: RS256/ES256 against the identity provider's JWKS when configured, and
 * HS256 dev tokens with the shared secret when no JWKS is set or outside production. A provider
 * token whose sign-in was ended (its `gid` on the provider's revocation list) is refused.
 */
@Injectable()
export class TokenVerifier {
  private readonly logger = new Logger('TokenVerifier');
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;
  private readonly idpOptions: JWTVerifyOptions;
  private readonly devOptions: JWTVerifyOptions;

  constructor(
    @Inject(AUTH_SETTINGS) settings: AuthSettings,
    @Optional() @Inject(RevocationList) private readonly revocations?: RevocationList | null,
  ) {
    if (settings.jwksUrl) {
      // Caches keys and refetches (at most once per cooldown) when a token names an unknown kid: key rotation.
      this.jwks = createRemoteJWKSet(new URL(settings.jwksUrl), {
        cooldownDuration: settings.jwksCooldownMs ?? 30_000,
        cacheMaxAge: settings.jwksCacheMaxAgeMs ?? 600_000,
      });
    }
    // Production never takes HS256: a leaked shared secret would mint any user.
    if (!settings.jwksUrl || settings.nodeEnv !== 'production') {
      this.secret = new TextEncoder().encode(settings.jwtSecret);
    }
    const common = {
      clockTolerance: settings.clockToleranceSec ?? 5,
      // A token without an expiry would be valid forever.
      requiredClaims: ['exp'],
    };
    // An explicit allow-list per key kind is what stops `alg: none` and HS/RS confusion.
    this.idpOptions = {
      ...common,
      algorithms: IDP_ALGORITHMS,
      issuer: settings.issuer,
      audience: settings.audience,
    };
    // Beside a JWKS, dev tokens (no issuer of their own) are told apart by their algorithm alone.
    this.devOptions = {
      ...common,
      algorithms: HMAC_ALGORITHMS,
      ...(settings.jwksUrl ? {} : { issuer: settings.issuer, audience: settings.audience }),
    };
  }

  /** Returns the caller, or throws 401 (bad or revoked token) / 503 (provider keys or revocation list unreachable). */
  async verify(token: string): Promise<AuthUser> {
    let payload: JWTPayload;
    const jwks = this.jwks && !(this.secret && isHmac(token)) ? this.jwks : undefined;
    try {
      const result = jwks
        ? await jwtVerify(token, jwks, this.idpOptions)
        : this.secret
          ? await jwtVerify(token, this.secret, this.devOptions)
          : undefined;
      if (!result) throw new errors.JOSEAlgNotAllowed('no key for this token');
      payload = result.payload;
    } catch (error) {
      throw this.toHttpError(error);
    }
    if (jwks && this.revocations) await assertNotRevoked(this.revocations, payload['gid']);
    return userFromClaims(payload);
  }

  private toHttpError(error: unknown): HttpException {
    if (
      error instanceof errors.JWKSTimeout ||
      error instanceof errors.JWKSInvalid ||
      !(error instanceof errors.JOSEError)
    ) {
      // The token may be fine: we could not get the keys to check it.
      this.logger.warn(
        `token verification could not complete: ${error instanceof Error ? error.message : String(error)}`,
      );
      return new ServiceUnavailableException('identity provider keys are unavailable');
    }
    return new UnauthorizedException(describeRejection(error));
  }
}

async function assertNotRevoked(list: RevocationList, grantId: unknown): Promise<void> {
  const state = await list.checkFresh(grantId);
  switch (state) {
    case 'ok':
      return;
    case 'revoked':
      throw new UnauthorizedException('token revoked (signed out)');
    case 'stale':
      throw new ServiceUnavailableException('identity provider revocation list is unavailable');
  }
}

/** The header's alg picks the key kind only; the verification itself still pins the algorithms. */
function isHmac(token: string): boolean {
  try {
    return decodeProtectedHeader(token).alg === 'HS256';
  } catch {
    return false;
  }
}

function describeRejection(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' || error.claim === 'iat') return 'token not yet valid';
    if (error.claim === 'iss' || error.claim === 'aud')
      return 'token issuer or audience not accepted';
    return `token claim "${error.claim}" invalid`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return 'token algorithm not allowed';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'invalid token signature';
  if (error instanceof errors.JWKSNoMatchingKey) return 'token signed with an unknown key';
  return 'malformed token';
}

/** Maps verified claims to the caller; unknown roles are dropped; sub, orgCode and one known role are required. */
export function userFromClaims(payload: JWTPayload): AuthUser {
  const { sub } = payload;
  const orgCode: unknown = payload['orgCode'];
  const name: unknown = payload['name'];
  const roles: unknown = payload['roles'];
  if (typeof sub !== 'string' || sub === '')
    throw new UnauthorizedException('token has no subject');
  if (typeof orgCode !== 'string' || orgCode === '')
    throw new UnauthorizedException('token has no orgCode');
  if (name !== undefined && typeof name !== 'string')
    throw new UnauthorizedException('token name claim invalid');
  if (roles !== undefined && !Array.isArray(roles))
    throw new UnauthorizedException('token roles claim invalid');
  const known: Role[] = [...new Set(((roles ?? []) as unknown[]).filter(isRole))];
  // A token that grants nothing we know is not a caller we can scope: treat it as no token.
  if (known.length === 0) throw new UnauthorizedException('token carries no known role');
  return { sub, name, roles: known, orgCode };
}
