import {
  createParamDecorator,
  CustomDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { AuthUser, Role } from './roles';

export const IS_PUBLIC = 'aidflow:auth:public';
export const REQUIRED_ROLES = 'aidflow:auth:roles';
export const ALLOWS_QUERY_TOKEN = 'aidflow:auth:query-token';

/** The route (or every route of the controller) needs no token: /health, /metrics. */
export const Public = (): CustomDecorator<string> => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these roles; a method's list replaces its controller's. */
export const Roles = (...roles: Role[]): CustomDecorator<string> =>
  SetMetadata(REQUIRED_ROLES, roles);

/**
 * The route also accepts the token as `?access_token=` (browsers' EventSource cannot send headers).
 * The request logger redacts that parameter.
 */
export const AllowQueryToken = (): CustomDecorator<string> => SetMetadata(ALLOWS_QUERY_TOKEN, true);

/** Request shape the guard relies on (Fastify and Express both expose `headers`). */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  query?: unknown;
  user?: AuthUser;
}

/** The authenticated caller (undefined only on @Public routes). */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().user,
);
