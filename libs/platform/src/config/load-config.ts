// class-transformer reads design:type metadata; scripts may call this before anything loads Nest.
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; problem: string }[]) {
    super(
      `invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.problem}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

type ConfigClass<T> = new () => T;

/**
 * Reads environment variables into a typed, validated config object once at boot.
 * Property names are the environment variable names; class field initialisers are the defaults.
 */
export function loadConfig<T extends object>(
  configClass: ConfigClass<T>,
  env: Record<string, string | undefined> = process.env,
): T {
  const defaults = new configClass() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const value = env[key];
    raw[key] = value === undefined || value === '' ? defaults[key] : coerce(value, defaults[key]);
  }
  const config = plainToInstance(configClass, raw, { enableImplicitConversion: true });
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(flatten(errors));
  return Object.freeze(config);
}

/** Names of every setting a config class reads (docker-compose is checked against this). */
export function configVariableNames<T extends object>(configClass: ConfigClass<T>): string[] {
  return Object.keys(new configClass());
}

/**
 * Converts a variable to its default's type. enableImplicitConversion alone is not enough:
 * swc (jest, tools/register.js) emits no design:type for un-annotated fields (`PORT = 3000`).
 */
function coerce(value: string, fallback: unknown): unknown {
  if (typeof fallback === 'number' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  if (typeof fallback === 'boolean' && /^(true|false)$/.test(value)) return value === 'true';
  return value;
}

function flatten(errors: ValidationError[]): { variable: string; problem: string }[] {
  return errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((problem) => ({
      variable: error.property,
      problem,
    })),
  );
}
