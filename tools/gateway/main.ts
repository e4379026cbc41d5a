// The gateway on its own (docker-compose): node -r ./tools/register.js tools/gateway/main.ts
import { gatewayConfig } from './config';
import { startGateway } from './gateway';

async function main(): Promise<void> {
  const config = gatewayConfig();
  const { gateway, port } = await startGateway({ ...config, host: '0.0.0.0' });
  console.log(
    JSON.stringify({
      level: 30,
      service: 'gateway',
      msg: `gateway listening on :${port}`,
      upstreams: config.upstreams,
    }),
  );
  const stop = (): void => {
    void gateway.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
