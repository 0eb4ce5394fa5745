import type { Readable, Writable } from 'node:stream';
import { ConfigError, parseConfig } from '../config';
import { createDatabase, type DatabaseHandle } from '../db/database';
import { flagName, parseArgv } from './args';
import { EXIT, line, type CliContext, type Command } from './command';
import { COMMANDS } from './commands';
import type { SandboxApp } from '../hubspot/app';

/**
 * The operator CLI, callable in-process (tests) and from backend/cli/main.ts. Configuration
 * comes from the same environment as the server (DATABASE_URL, DATA_DIR, ENCRYPTION_KEYS…), so
 * the CLI acts on exactly the database the server uses.
 */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  now?: () => number;
  /** Given by backend/dev/cli.ts (`npm run portside`) so `hubspot check` can reach the dev sandbox. */
  sandboxApp?: SandboxApp;
}

function help(out: Writable, only?: Command[]): void {
  line(out, 'Usage: npm run portside -- <command> [--options]   (or: node dist/backend/cli.js <command>)');
  line(out, 'Configuration comes from the environment, as for the server (DATABASE_URL, DATA_DIR, ENCRYPTION_KEYS, …).');
  line(out);
  for (const c of only ?? COMMANDS) {
    line(out, `  ${c.name.padEnd(24)} ${c.summary}`);
    if (only) for (const u of c.usage) line(out, `      ${u}`);
  }
  if (!only) {
    line(out);
    line(out, 'Run `npm run portside -- <command> --help` for its options.');
    line(out, `Exit codes: 0 ok, 1 operation failed, ${EXIT.usage} usage error, ${EXIT.config} bad configuration, ${EXIT.software} unexpected error.`);
  }
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgv(argv);
  const named = args.words.join(' ');
  if (named === '' || named === 'help') {
    help(io.stdout);
    return named === 'help' ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === named);
  if (!command) {
    const near = COMMANDS.filter((c) => c.name.startsWith(args.words[0] ?? '')).map((c) => c.name);
    line(io.stderr, `portside: unknown command "${named}".${near.length ? ` Did you mean: ${near.join(', ')}?` : ' Run `help` for the list.'}`);
    return EXIT.usage;
  }
  if (args.flags.help === true) {
    help(io.stdout, [command]);
    return EXIT.ok;
  }
  const parsed = command.flags.safeParse(args.flags);
  const problems = [...args.problems];
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const where = i.path.length ? flagName(String(i.path[0])) : '';
      const given = i.path.length ? args.flags[String(i.path[0])] : undefined;
      // zod's generic wording ("expected string, received undefined") becomes what the user did.
      const why = i.code !== 'invalid_type' ? i.message : given === undefined ? 'is required' : given === true ? 'needs a value' : 'takes no value';
      problems.push(i.code === 'unrecognized_keys' ? `unknown option ${i.keys.map(flagName).join(', ')}` : `${where} ${why}`);
    }
  }
  if (problems.length) {
    line(io.stderr, `portside ${command.name}: ${problems.join('; ')}`);
    for (const u of command.usage) line(io.stderr, `    ${u}`);
    return EXIT.usage;
  }

  let config;
  try {
    config = parseConfig(io.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    line(io.stderr, `portside: ${err.message}`);
    return EXIT.config;
  }
  let handle: DatabaseHandle | null = null;
  const ctx: CliContext = {
    config,
    database: () => (handle ??= createDatabase(config, { poolSize: 2 })),
    stdout: io.stdout,
    stderr: io.stderr,
    stdin: io.stdin,
    now: io.now ?? Date.now,
    ...(io.sandboxApp ? { sandboxApp: io.sandboxApp } : {}),
  };
  try {
    return await command.run(ctx, parsed.data);
  } catch (err) {
    // Driver messages name tables and constraints, never credentials; the stack stays out.
    line(io.stderr, `portside ${command.name}: unexpected error: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.software;
  } finally {
    await (handle as DatabaseHandle | null)?.close();
  }
}
