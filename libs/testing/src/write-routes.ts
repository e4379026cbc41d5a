import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const WRITES: Partial<Record<RequestMethod, WriteMethod>> = {
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.DELETE]: 'DELETE',
};

function paths(value: unknown): string[] {
  const list = Array.isArray(value) ? (value as unknown[]) : [value ?? '/'];
  return list.map(String);
}

function join(prefix: string, path: string): string {
  return `/${[prefix, path]
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
}

/** `METHOD /path/:param` of every write route the app's controllers declare (read from Nest's metadata). */
export function writeRoutesOf(app: NestFastifyApplication): string[] {
  const routes = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new () => object) | undefined;
      if (!controller) continue;
      const prefixes = paths(Reflect.getMetadata(PATH_METADATA, controller));
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const method = WRITES[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        if (!method || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        for (const prefix of prefixes)
          for (const path of paths(Reflect.getMetadata(PATH_METADATA, handler)))
            routes.add(`${method} ${join(prefix, path)}`);
      }
    }
  }
  return [...routes].sort();
}
