import { DynamicModule, Global, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { assertAuthSettingsSafe, AUTH_SETTINGS, AuthSettings } from './auth.settings';
import { CALLER_IDENTITY } from '@aidflow/platform';
import { TokenCallerIdentity } from './jwt/token-caller-identity';
import { RevocationList } from './jwt/revocation-list';
import { TokenVerifier } from './jwt/token-verifier';
import { OrgReplicaConsumer } from './scope/org-replica.consumer';
import { ScopeService } from './scope/scope.service';

export interface AuthModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: unknown[];
  useFactory: (...args: never[]) => AuthSettings | Promise<AuthSettings>;
  /** Fill org_replica from org.registered events when the app runs MessagingModule (default true). */
  replicateOrgs?: boolean;
}

/**
 * Authentication, roles and scope for one service. Global: every route of the app needs a
 * valid token unless @Public. Needs the app's TypeORM DataSource with AUTH_MIGRATIONS applied.
 */
@Global()
@Module({})
export class AuthModule {
  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    const settingsProvider: Provider = {
      provide: AUTH_SETTINGS,
      inject: (options.inject ?? []) as never[],
      useFactory: async (...args: never[]): Promise<AuthSettings> => {
        const settings = await options.useFactory(...args);
        // Throwing here stops the app from starting with a guessable secret.
        assertAuthSettingsSafe(settings);
        return settings;
      },
    };
    return {
      module: AuthModule,
      imports: options.imports ?? [],
      providers: [
        settingsProvider,
        {
          provide: RevocationList,
          inject: [AUTH_SETTINGS],
          useFactory: (settings: AuthSettings): RevocationList | null =>
            settings.revocationsUrl
              ? new RevocationList({
                  url: settings.revocationsUrl,
                  pollMs: settings.revocationsPollMs ?? 2000,
                  maxStaleMs: settings.revocationsMaxStaleMs ?? 30_000,
                })
              : null,
        },
        TokenVerifier,
        { provide: CALLER_IDENTITY, useClass: TokenCallerIdentity },
        AuthGuard,
        { provide: APP_GUARD, useExisting: AuthGuard },
        ScopeService,
        // A class provider: MessagingModule's handler discovery skips factory providers.
        ...(options.replicateOrgs === false ? [] : [OrgReplicaConsumer]),
      ],
      exports: [AUTH_SETTINGS, TokenVerifier, ScopeService],
    };
  }
}
