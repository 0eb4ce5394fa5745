import { runCli } from '../cli/run';
import { SANDBOX_APP } from '../sandbox/seed';

/**
 * Development entry of the operator CLI (`npm run portside`): backend/cli/main.ts plus the
 * sandbox's app registration, so `hubspot check` without credentials reaches the dev server's
 * embedded sandbox. The production CLI (dist/backend/cli.js) has no sandbox in it.
 */
const code = await runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, sandboxApp: SANDBOX_APP });
process.stdout.write('', () => process.exit(code));
