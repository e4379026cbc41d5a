// The user directory: who may sign in, and the claims their tokens carry.
import { Role } from '@aidflow/auth';
import { DataSource } from 'typeorm';
import { hashPassword } from './password';

export interface DirectoryUser {
  sub: string;
  username: string;
  passwordHash: string;
  name: string;
  roles: Role[];
  orgCode: string;
}

export interface NewUser {
  sub: string;
  username: string;
  password: string;
  name: string;
  roles: Role[];
  orgCode: string;
}

interface UserRow {
  sub: string;
  username: string;
  password_hash: string;
  name: string;
  roles: Role[];
  org_code: string;
}

function toUser(row: UserRow): DirectoryUser {
  return {
    sub: row.sub,
    username: row.username,
    passwordHash: row.password_hash,
    name: row.name,
    roles: row.roles,
    orgCode: row.org_code,
  };
}

export class UserDirectory {
  constructor(private readonly db: DataSource) {}

  async byUsername(username: string): Promise<DirectoryUser | undefined> {
    const rows: UserRow[] = await this.db.query(`SELECT * FROM users WHERE username = $1`, [
      username,
    ]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async bySub(sub: string): Promise<DirectoryUser | undefined> {
    const rows: UserRow[] = await this.db.query(`SELECT * FROM users WHERE sub = $1`, [sub]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  /** Creates or replaces a user (seeding); the password is hashed here, never stored as given. */
  async upsert(user: NewUser): Promise<void> {
    const hash = await hashPassword(user.password);
    await this.db.query(
      `INSERT INTO users (sub, username, password_hash, name, roles, org_code)
       VALUES ($1, $2, $3, $4, $5::text[], $6)
       ON CONFLICT (sub) DO UPDATE SET username = excluded.username,
         password_hash = excluded.password_hash, name = excluded.name, roles = excluded.roles,
         org_code = excluded.org_code, updated_at = now()`,
      [user.sub, user.username, hash, user.name, user.roles, user.orgCode],
    );
  }
}
