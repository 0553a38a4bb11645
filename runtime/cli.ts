// The arguments of every entry point (bin/, scripts/, bench/), answered as the API answers a bad request: a mistyped
// option or a bad value gets what is wrong and the usage on stderr, exit 2; --help and -h the usage on stdout, exit 0; a
// bad environment variable (ConfigError) one line naming it, exit 2. Never a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../config/config';

type Options = NonNullable<ParseArgsConfig['options']>;
const help = { help: { type: 'boolean', short: 'h' } } as const;
/** parseCli's, for usageError. */
let usage = '';

export interface CliSpec<O extends Options, P extends boolean> {
  /** Starts with "usage: " and the command as a user types it; printed for --help and after every usage error. */
  usage: string;
  options?: O;
  /** Arguments without an option name (by default refused). */
  allowPositionals?: P;
  /** Default: the process's own. */
  args?: string[];
}

export function parseCli<const O extends Options = Record<never, never>, const P extends boolean = false>(
  spec: CliSpec<O, P>,
) {
  usage = spec.usage;
  const config = {
    args: spec.args ?? process.argv.slice(2),
    options: { ...spec.options, ...help } as O & typeof help,
    allowPositionals: (spec.allowPositionals ?? false) as P,
    strict: true,
  } as const;
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (err) {
    // ERR_PARSE_ARGS_UNKNOWN_OPTION, …_INVALID_OPTION_VALUE, …_UNEXPECTED_POSITIONAL: their messages name the argument.
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS_'))
      usageError(err.message);
    throw err;
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${spec.usage}\n`);
    process.exit(0);
  }
  exitOnConfigError();
  return { values: parsed.values, positionals: parsed.positionals };
}

/** What is wrong with the arguments, then the usage (parseCli's), on stderr; exit 2. */
export function usageError(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

/** `text` as a whole number from min to max, or a usage error naming `name` (an option or a positional). */
export function integerArg(name: string, text: string | undefined, { min, max }: IntegerRange): number {
  const n = Number(text);
  if (text === undefined) usageError(`${name} is missing`);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || (max !== undefined && n > max))
    usageError(
      `${name} "${text}" is invalid: a whole number ${max === undefined ? `of at least ${min}` : `from ${min} to ${max}`}`,
    );
  return n;
}

interface IntegerRange {
  min: number;
  max?: number;
}

/**
 * A ConfigError that reaches the top (loadConfig, or a variable an entry point requires) is a bad input, not a crash:
 * one line, exit 2. The monitor runs before Node prints the error; any other error keeps Node's own handling.
 */
function exitOnConfigError() {
  process.on('uncaughtExceptionMonitor', (err) => {
    if (!(err instanceof ConfigError)) return;
    process.stderr.write(`configuration error: ${err.message.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exit(2);
  });
}
