/**
 * A small argv parser: words before the first `--flag` pick the command, flags become an object
 * for the command's zod schema. `--name value`, `--name=value` and bare `--flag` (true) are
 * accepted; kebab-case names become camelCase (`--admin-email` → `adminEmail`).
 */
export interface ParsedArgs {
  words: string[];
  flags: Record<string, string | true>;
  /** Problems found while splitting (a value given twice, a stray word after flags). */
  problems: string[];
}

const camel = (s: string) => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function parseArgv(argv: readonly string[]): ParsedArgs {
  const words: string[] = [];
  const flags: Record<string, string | true> = {};
  const problems: string[] = [];
  let i = 0;
  for (; i < argv.length && !argv[i]!.startsWith('--'); i++) words.push(argv[i]!);
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      problems.push(`unexpected "${arg}" (options are --name value)`);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = camel(arg.slice(2, eq === -1 ? undefined : eq));
    let value: string | true;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) value = argv[++i]!;
    else value = true;
    if (name in flags) problems.push(`--${arg.slice(2, eq === -1 ? undefined : eq)} is given twice`);
    flags[name] = value;
  }
  return { words, flags, problems };
}

/** `adminEmail` → `--admin-email`, for messages that name a flag as the user typed it. */
export const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
