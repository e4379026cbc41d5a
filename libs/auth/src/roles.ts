/** Every role a token may carry (CONTRACT.md); anything else in the `roles` claim is ignored. */
export const ROLES = ['field', 'finance', 'approver', 'ops', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The authenticated caller, built from the token's claims. */
export interface AuthUser {
  sub: string;
  name?: string;
  roles: Role[];
  /** The user's union unit; their scope is its subtree. */
  orgCode: string;
}
