import { AuthUser, Role } from '@aidflow/auth';

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return user.roles.some((role) => roles.includes(role));
}
