import { Public } from '@aidflow/auth';
import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface Asset {
  body: string;
  type: string;
}

/** The few static files of the dashboard, loaded once; no build step, no data without a token. */
function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = CONTENT_TYPES[extname(name)];
    if (type) assets.set(name, { body: readFileSync(join(dir, name), 'utf8'), type });
  }
  return assets;
}

/** Serves the operations dashboard at `/` and `/console` (static files need no token; the page asks for one). */
@Controller()
@Public()
export class DashboardController {
  private readonly assets = loadAssets(join(__dirname, 'public'));

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  root(): string {
    return this.page();
  }

  @Get('console')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  console(): string {
    return this.page();
  }

  @Get('console/assets/:name')
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  asset(@Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    const asset = this.assets.get(name);
    if (!asset || name === 'index.html') throw new NotFoundException(`no asset ${name}`);
    reply.header('Content-Type', asset.type);
    return asset.body;
  }

  private page(): string {
    const page = this.assets.get('index.html');
    if (!page) throw new NotFoundException('dashboard not installed');
    return page.body;
  }
}
