// oidc-provider ships no TypeScript types (and @types/oidc-provider is not installed): the part we use.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface OidcClient {
    clientId: string;
    grantTypeAllowed(type: string): boolean;
  }

  export interface OidcSession {
    accountId?: string;
    grantIdFor(clientId: string): string | undefined;
  }

  export interface KoaContextWithOIDC {
    req: IncomingMessage;
    type: string;
    body: unknown;
    oidc: {
      client?: OidcClient;
      session?: OidcSession;
      result?: { consent?: { grantId?: string } };
      provider: Provider;
    };
  }

  export interface Account {
    accountId: string;
    claims(): Promise<Record<string, unknown>>;
  }

  export interface Token {
    kind: string;
    accountId?: string;
  }

  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; details: Record<string, unknown> };
    params: Record<string, unknown>;
    session?: { accountId?: string };
    grantId?: string;
  }

  export type Configuration = Record<string, unknown> & {
    adapter: new (name: string) => unknown;
    clients: Record<string, unknown>[];
    jwks: { keys: Record<string, unknown>[] };
    findAccount(ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined>;
    extraTokenClaims(
      ctx: KoaContextWithOIDC,
      token: Token,
    ): Promise<Record<string, unknown> | undefined>;
    loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined>;
    issueRefreshToken(ctx: KoaContextWithOIDC, client: OidcClient): Promise<boolean>;
    interactions: { url(ctx: KoaContextWithOIDC, interaction: { uid: string }): string };
    renderError(ctx: KoaContextWithOIDC, out: Record<string, unknown>): Promise<void>;
    features: Record<string, Record<string, unknown>>;
  };

  export class Provider {
    constructor(issuer: string, configuration: Configuration);
    proxy: boolean;
    Grant: {
      new (init: { clientId: string; accountId: string }): Grant;
      find(id: string): Promise<Grant | undefined>;
    };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export const errors: {
    InvalidTarget: new (message?: string) => Error;
  };
  export default Provider;
}
