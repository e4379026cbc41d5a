// Prints a signed HS256 token for development and scripts:
//   npm run token -- --sub u1 --roles finance,approver --org QH [--name "Li Wei"] [--ttl 8h] [--secret …]
import { DEV_JWT_SECRET, isRole, ROLES, signDevToken } from '@aidflow/auth';
import { parseArgs } from 'node:util';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      roles: { type: 'string', default: '' },
      org: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
      secret: { type: 'string' },
    },
    strict: true,
  });
  if (!values.sub || !values.org) {
    throw new Error(
      'usage: npm run token -- --sub <id> --org <orgCode> [--roles a,b] [--name …] [--ttl 8h] [--secret …]',
    );
  }
  const roles = values.roles
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0)
    throw new Error(`unknown roles: ${unknown.join(', ')} (known: ${ROLES.join(', ')})`);
  const secret = values.secret ?? (process.env.AUTH_JWT_SECRET || DEV_JWT_SECRET);
  const token = await signDevToken(
    { sub: values.sub, name: values.name, roles: roles.filter(isRole), orgCode: values.org },
    secret,
    values.ttl,
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
