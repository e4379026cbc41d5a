import { KafkaConnection } from '@aidflow/messaging';
import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  Optional,
  Provider,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AUDIT_SETTINGS, AuditSettings, sealKeyOf } from './audit.settings';
import { AuditController } from './record/audit.controller';
import { AuditService } from './record/audit.service';
import { AuditSealer } from './seal/audit-sealer';

/** Starts this replica's sealer with the app and stops it (handing over the lease) before shutdown. */
@Injectable()
export class AuditSealerRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditSealer');
  readonly sealer: AuditSealer;

  constructor(
    @Inject(AUDIT_SETTINGS) private readonly settings: AuditSettings,
    dataSource: DataSource,
    @Optional() kafka?: KafkaConnection,
  ) {
    // Loading the key here refuses start-up with the development key in production.
    const key = sealKeyOf(settings);
    this.sealer = new AuditSealer(
      dataSource,
      {
        serviceName: settings.serviceName,
        key,
        intervalMs: settings.sealIntervalMs,
        batchSize: settings.sealBatchSize,
        leaseMs: settings.leaseMs,
      },
      kafka,
    );
    this.logger.log(
      `audit log ${this.sealer.log} sealed with Ed25519 key ${key.keyId} (public ${key.publicKeyHex})${key.development ? ' — the DEVELOPMENT key' : ''}`,
    );
  }

  onApplicationBootstrap(): void {
    if (this.settings.sealerEnabled) this.sealer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sealer.stop();
  }
}

export interface AuditModuleAsyncOptions {
  useFactory: () => AuditSettings | Promise<AuditSettings>;
  /** Serve GET /api/audit (default true). */
  controller?: boolean;
}

/**
 * The service's audit log: AuditService for writers (no lock), GET /api/audit, and the sealer.
 * Needs the app's DataSource with AUDIT_MIGRATIONS applied; publishes heads when MessagingModule runs.
 */
@Global()
@Module({})
export class AuditModule {
  static forRootAsync(options: AuditModuleAsyncOptions): DynamicModule {
    const settings: Provider = { provide: AUDIT_SETTINGS, useFactory: options.useFactory };
    return {
      module: AuditModule,
      controllers: options.controller === false ? [] : [AuditController],
      providers: [settings, AuditService, AuditSealerRuntime],
      exports: [AUDIT_SETTINGS, AuditService, AuditSealerRuntime],
    };
  }
}
