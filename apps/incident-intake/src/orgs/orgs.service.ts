import { AuditService } from '@aidflow/audit';
import { AuthUser, OrgDirectory, ScopeService } from '@aidflow/auth';
import { OrgLevel } from '@aidflow/contracts';
import { OutboxService } from '@aidflow/messaging';
import {
  badRequest,
  conflict,
  forbidden,
  unprocessable,
  Page,
  pageOf,
  pageSize,
} from '@aidflow/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CreateOrgDto, ORG_CODE_PATTERN } from './dto/create-org.dto';
import { ListOrgsQuery } from './dto/list-orgs.query';
import { OrgView, toOrgView } from './dto/org.view';
import { Org } from './org.entity';

/** Depth of each level; township and enterprise unions are peers at the bottom. */
const LEVEL_RANK: Record<OrgLevel, number> = {
  national: 0,
  province: 1,
  prefecture: 2,
  county: 3,
  township: 4,
  enterprise: 4,
};

/** A federation may run AidFlow for itself alone: the root is the national or a provincial one. */
const ROOT_LEVELS: readonly OrgLevel[] = ['national', 'province'];

@Injectable()
export class OrgsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  async register(user: AuthUser, dto: CreateOrgDto): Promise<OrgView> {
    return this.dataSource.transaction(async (manager) => {
      const path = await this.pathFor(manager, user, dto);
      const rows = await manager.query<{ created_at: Date }[]>(
        `INSERT INTO orgs (code, name, level, parent_code, path, created_by)
         VALUES ($1, $2, $3, $4, $5::text[], $6)
         ON CONFLICT (code) DO NOTHING RETURNING created_at`,
        [dto.code, dto.name, dto.level, dto.parentCode ?? null, path, user.sub],
      );
      const created = rows[0];
      if (!created) {
        throw conflict(`org ${dto.code} already exists`, [
          { field: 'code', problem: 'is already registered' },
        ]);
      }
      const record = {
        code: dto.code,
        name: dto.name,
        level: dto.level,
        ...(dto.parentCode !== undefined ? { parentCode: dto.parentCode } : {}),
        path,
      };
      // This service's own scope checks must see the new org before its event comes back.
      await OrgDirectory.upsert(manager, record);
      await this.outbox.publish(manager, 'org.registered', dto.code, record);
      await this.audit.record(manager, {
        action: 'org.register',
        targetType: 'org',
        targetId: dto.code,
        orgCode: dto.code,
        summary: record,
      });
      return toOrgView({
        ...record,
        parentCode: dto.parentCode ?? null,
        createdBy: user.sub,
        createdAt: created.created_at,
      });
    });
  }

  async get(user: AuthUser, code: string): Promise<OrgView> {
    const org = await this.dataSource.manager.findOne(Org, { where: { code } });
    await this.scope.assertReadable(user, org?.code, `org ${code}`);
    return toOrgView(org!);
  }

  /** Orgs of the user's subtree by code; with parentCode, only that org's direct children. */
  async list(user: AuthUser, query: ListOrgsQuery): Promise<Page<OrgView>> {
    const limit = pageSize(query);
    const builder = this.dataSource.manager
      .createQueryBuilder(Org, 'org')
      .where('org.code = ANY(:codes)', { codes: await this.scope.subtreeCodes(user) })
      .orderBy('org.code', 'ASC')
      .take(limit + 1);
    if (query.parentCode !== undefined) {
      builder.andWhere('org.parent_code = :parentCode', { parentCode: query.parentCode });
    }
    if (query.cursor !== undefined) {
      builder.andWhere('org.code > :after', { after: decodeCodeCursor(query.cursor) });
    }
    return pageOf(await builder.getMany(), limit, toOrgView, (org) => encodeCodeCursor(org.code));
  }

  /** The new org's path, after the rules about where it may hang in the tree. */
  private async pathFor(
    manager: EntityManager,
    user: AuthUser,
    dto: CreateOrgDto,
  ): Promise<string[]> {
    if (dto.parentCode === undefined) {
      if (user.orgCode !== dto.code) {
        throw forbidden(`only an admin of ${dto.code} itself may register it as a root org`);
      }
      if (!ROOT_LEVELS.includes(dto.level)) {
        throw unprocessable('a root org must be national or provincial', [
          {
            field: 'level',
            problem: `must be one of ${ROOT_LEVELS.join(', ')} for an org without a parent`,
          },
        ]);
      }
      return [dto.code];
    }
    const parent = await manager.findOne(Org, { where: { code: dto.parentCode } });
    // 422, not 404: the URL names nothing missing; a rule about the body refuses it.
    if (!parent) {
      throw unprocessable(`parent org ${dto.parentCode} does not exist`, [
        { field: 'parentCode', problem: 'no org with this code exists' },
      ]);
    }
    await this.scope.assertCanWrite(user, parent.code, manager);
    if (LEVEL_RANK[dto.level] <= LEVEL_RANK[parent.level]) {
      throw unprocessable(`a ${dto.level} org cannot sit below a ${parent.level} org`, [
        { field: 'level', problem: `must be below the parent's level (${parent.level})` },
      ]);
    }
    return [...parent.path, dto.code];
  }
}

function encodeCodeCursor(code: string): string {
  return Buffer.from(code, 'utf8').toString('base64url');
}

function decodeCodeCursor(cursor: string): string {
  const code = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!ORG_CODE_PATTERN.test(code)) {
    throw badRequest([{ field: 'cursor', problem: 'is not a cursor this list returned' }]);
  }
  return code;
}
