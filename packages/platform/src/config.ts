import { Type, type Static, type TObject, type TSchema, type TString } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * Reads a service's environment once against its schema. Every invalid or missing variable is
 * listed in one error, so a misconfigured deployment fails at start-up with the whole picture.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Values of these variables are never repeated in error messages. */
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|JWK|KEY|URL/i;

/** Where `env.checked` keeps a rule on a variable's schema, so every schema that spreads it has it. */
const CHECK = Symbol('config check');

/** A rule a JSON schema cannot express: what is wrong with the value, or undefined when it is fine. */
export type ValueCheck = (value: string) => string | undefined;

export function loadConfig<T extends TObject>(
  schema: T,
  env: Record<string, string | undefined> = process.env,
): Readonly<Static<T>> {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const withDefaults = Value.Default(schema, raw);
  const converted = Value.Convert(schema, withDefaults);
  const shown = (name: string) =>
    name in raw && !SECRET_NAME.test(name) ? ` (got "${String(raw[name])}")` : '';
  const problems = [...Value.Errors(schema, converted)].map((error) => {
    const name = error.path.replace(/^\//, '') || '(root)';
    return `${name}: ${error.message}${shown(name)}`;
  });
  for (const [name, property] of Object.entries(
    schema.properties as Record<string, { [CHECK]?: ValueCheck }>,
  )) {
    const value = (converted as Record<string, unknown>)[name];
    const problem = typeof value === 'string' ? property[CHECK]?.(value) : undefined;
    if (problem) problems.push(`${name}: ${problem}${shown(name)}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(converted as Static<T>);
}

/** Shared pieces of every service's config schema. */
export const env = {
  port: (defaultPort: number) => Type.Integer({ minimum: 0, maximum: 65535, default: defaultPort }),
  host: () => Type.String({ default: '127.0.0.1' }),
  url: (options: { default?: string } = {}) =>
    Type.String({ pattern: '^[a-z][a-z0-9+.-]*://', ...options }),
  logLevel: () =>
    Type.Union(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) =>
        Type.Literal(level),
      ),
      { default: 'info' },
    ),
  boolean: (defaultValue: boolean) => Type.Boolean({ default: defaultValue }),
  integer: (defaultValue: number, options: { minimum?: number; maximum?: number } = {}) =>
    Type.Integer({ default: defaultValue, ...options }),
  string: (options: { default?: string; minLength?: number } = {}) => Type.String(options),
  optional: <S extends TSchema>(schema: S) => Type.Optional(schema),
  /** A string variable with a rule of its own, reported with the other problems by `loadConfig`. */
  checked: <S extends TString>(schema: S, check: ValueCheck): S => ({ ...schema, [CHECK]: check }),
};
