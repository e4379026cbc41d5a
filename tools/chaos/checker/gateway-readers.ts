// The ops summary and the consumer lag read through a running system's gateway, as an ops user
// of the whole federation (a development token: the system must accept HS256 dev tokens).
import { signDevToken } from '@aidflow/auth';
import { SummaryReader } from './ops-summary';
import { LagReader } from './spine';

async function reader(baseUrl: string, secret: string): Promise<<T>(path: string) => Promise<T>> {
  const token = await signDevToken(
    { sub: 'chaos-checker', name: 'invariant checker', roles: ['ops', 'admin'], orgCode: 'ACFTU' },
    secret,
    '1h',
  );
  return async <T>(path: string): Promise<T> => {
    const response = await fetch(`${baseUrl.replace(/\/$/, '')}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

export async function gatewayReaders(
  baseUrl: string,
  secret: string,
): Promise<{ readSummary: SummaryReader; readLag: LagReader }> {
  const get = await reader(baseUrl, secret);
  return {
    readSummary: (incidentId) => get(`/api/ops/incidents/${incidentId}/summary`),
    readLag: () => get('/api/ops/lag'),
  };
}
