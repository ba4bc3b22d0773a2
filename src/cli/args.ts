import { UsageError } from './command';

/** `list`: a repeatable string flag, collected in order. */
export type FlagSpec = Readonly<Record<string, 'string' | 'boolean' | 'number' | 'list'>>;

export interface ParsedArgs<S extends FlagSpec> {
  readonly flags: { -readonly [K in keyof S]?: S[K] extends 'boolean' ? boolean : S[K] extends 'number' ? number : S[K] extends 'list' ? string[] : string };
  readonly positionals: readonly string[];
}

/**
 * Parses `--name value`, `--name=value` and boolean `--flag` options against a spec. Unknown flags, missing
 * values and malformed numbers are usage errors that name the flag.
 */
export function parseArgs<S extends FlagSpec>(args: readonly string[], spec: S): ParsedArgs<S> {
  const flags: Record<string, string | number | boolean | string[]> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = spec[name];
    if (kind === undefined) throw new UsageError(`unknown option --${name}`);
    if (kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`option --${name} takes no value`);
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      i++;
    }
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new UsageError(`option --${name} expects a value`);
    if (kind === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new UsageError(`option --${name} expects a number, got ${JSON.stringify(value)}`);
      flags[name] = n;
    } else if (kind === 'list') {
      flags[name] = [...((flags[name] as string[] | undefined) ?? []), value];
    } else flags[name] = value;
  }
  return { flags: flags as ParsedArgs<S>['flags'], positionals };
}
