import { notFound } from '@aidflow/platform';
import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../roles';

/**
 * A user acts only inside the subtree of their orgCode, as the local org replica knows it.
 * Reads out of scope answer 404 (existence is not revealed), writes 403.
 */
@Injectable()
export class ScopeService {
  constructor(private readonly dataSource: DataSource) {}

  /** True when `orgCode` is the user's org or below it; an org the replica does not know is out of scope. */
  async isWithin(
    user: Pick<AuthUser, 'orgCode'>,
    orgCode: string,
    manager?: EntityManager,
  ): Promise<boolean> {
    const rows: unknown[] = await (manager ?? this.dataSource.manager).query(
      `SELECT 1 FROM org_replica WHERE code = $1 AND path @> ARRAY[$2]::text[]`,
      [orgCode, user.orgCode],
    );
    return rows.length > 0;
  }

  async assertCanRead(
    user: Pick<AuthUser, 'orgCode'>,
    orgCode: string,
    manager?: EntityManager,
    notFoundMessage = 'not found',
  ): Promise<void> {
    if (!(await this.isWithin(user, orgCode, manager)))
      throw new NotFoundException(notFoundMessage);
  }

  /**
   * 404 naming `what` when the object does not exist (orgCode undefined) or lies outside the
   * user's subtree: a reader cannot tell the two apart.
   */
  async assertReadable(
    user: Pick<AuthUser, 'orgCode'>,
    orgCode: string | undefined,
    what: string,
    manager?: EntityManager,
  ): Promise<void> {
    if (orgCode === undefined || !(await this.isWithin(user, orgCode, manager)))
      throw notFound(what);
  }

  async assertCanWrite(
    user: Pick<AuthUser, 'orgCode'>,
    orgCode: string,
    manager?: EntityManager,
  ): Promise<void> {
    if (!(await this.isWithin(user, orgCode, manager))) {
      throw new ForbiddenException(`org ${orgCode} is outside your scope (${user.orgCode})`);
    }
  }

  /** Every org code in the user's subtree, for list filters (`WHERE org_code = ANY($1)`). */
  async subtreeCodes(user: Pick<AuthUser, 'orgCode'>, manager?: EntityManager): Promise<string[]> {
    const rows: { code: string }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT code FROM org_replica WHERE path @> ARRAY[$1]::text[] ORDER BY code`,
      [user.orgCode],
    );
    return rows.map((row) => row.code);
  }
}
