import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RequestContext } from '@aidflow/platform';
import { ALLOWS_QUERY_TOKEN, AuthenticatedRequest, IS_PUBLIC, REQUIRED_ROLES } from './decorators';
import { TokenVerifier } from './jwt/token-verifier';
import { Role } from './roles';

/**
 * The global guard: every route needs a valid bearer token unless marked @Public, then one of the
 * roles in @Roles when present. One guard, so role checks can never run before authentication.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets)) return true;
    // Only HTTP carries bearer tokens; any other transport must opt out explicitly with @Public.
    if (context.getType() !== 'http')
      throw new UnauthorizedException('no bearer token on this transport');

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const queryToken = this.reflector.getAllAndOverride<boolean | undefined>(
      ALLOWS_QUERY_TOKEN,
      targets,
    )
      ? accessTokenParameter(request)
      : undefined;
    const user = await this.verifier.verify(
      request.headers['authorization'] === undefined && queryToken
        ? queryToken
        : bearerToken(request),
    );
    request.user = user;
    RequestContext.setActor({
      sub: user.sub,
      name: user.name,
      roles: [...user.roles],
      orgCode: user.orgCode,
    });

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && required.length > 0 && !required.some((role) => user.roles.includes(role))) {
      throw new ForbiddenException(`requires one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}

function bearerToken(request: AuthenticatedRequest): string {
  const header = request.headers['authorization'];
  if (header === undefined) throw new UnauthorizedException('missing bearer token');
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  if (!match) throw new UnauthorizedException('authorization header must be "Bearer <token>"');
  return match[1];
}

function accessTokenParameter(request: AuthenticatedRequest): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  const value = query?.['access_token'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
